/** Process records (`/api/v1/processes`): list, detail, timeline, raw history, 意见; 快捷输入 phrases. */
import { call } from './client';
import type { Submission } from './submission';
import type { Page, Phrase, ProcessComment, ProcessDetail, ProcessSummary, TimelineEntry } from './types';

const at = (id: string) => `/processes/${encodeURIComponent(id)}`;

/** The filters of the processes list. */
export interface ProcessQuery {
  type?: string;
  status?: string;
  enterpriseId?: string;
  limit?: number;
  cursor?: string | null;
}

/** Processes, newest first (operators and admins). */
export const listProcesses = (query: ProcessQuery, signal?: AbortSignal) =>
  call<Page<ProcessSummary>>('GET', '/processes', { query: { ...query }, signal });

/** One process: state, open tasks, decisions, comments. */
export const getProcess = (id: string, signal?: AbortSignal) => call<ProcessDetail>('GET', at(id), { signal });

/** The process's readable timeline. */
export const getTimeline = (id: string, signal?: AbortSignal) =>
  call<{ items: TimelineEntry[] }>('GET', `${at(id)}/history`, { signal });

/** Where the raw Temporal history downloads from (operators and admins). */
export const rawHistoryUrl = (id: string) => `/api/v1${at(id)}/history/raw`;

/** 保存意见 — adds a comment to the process. */
export const addComment = (id: string, text: string, submission: Submission) =>
  call<ProcessComment>('POST', `${at(id)}/comments`, { body: { text }, submission });

/** 快捷输入 — the stock phrases, in order. */
export const listPhrases = (signal?: AbortSignal) => call<{ items: Phrase[] }>('GET', '/comment-phrases', { signal });
