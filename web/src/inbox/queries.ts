/**
 * What each inbox tab asks the API. `GET /api/v1/tasks` filters by role, assignee=me, status, due
 * date, process and kind, sorted by due date. Two tabs need a filter it does not have yet, and sift
 * its pages here instead (a few pages at most per screenful):
 * - 待领取 (pool): open tasks nobody holds — an `assignee=none` filter would make it one query;
 * - 已办 (done): tasks this person decided — a `decidedBy=me` filter (and a sort by completion) would.
 * Rows carry the enterprise's name and credit code and the assignee's name; `q` searches the first two,
 * and `sort` reads by due time or by opening time.
 */
import dayjs from 'dayjs';
import { listTasks, type InboxSort, type TaskQuery } from '../api/tasks';
import type { InboxTask, User } from '../api/types';
import { msg, type Bilingual } from '../i18n';

/** The inbox's tabs. */
export type InboxTab = 'mine' | 'pool' | 'done';
/** Every tab, in display order. */
export const INBOX_TABS: InboxTab[] = ['mine', 'pool', 'done'];

/** Filters a person sets (kept in the URL, so a filtered inbox is a link). */
export interface InboxFilters {
  role?: string;
  kind?: string;
  /** Due on or before this day (YYYY-MM-DD, local time). */
  dueBy?: string;
  processId?: string;
  /** Text the enterprise's name or credit code contains. */
  q?: string;
  /** By due time (the default) or by opening time. */
  sort?: InboxSort;
}

/** Rows a screenful aims at. */
export const PAGE_ROWS = 20;
/** API pages read at most for one screenful of a sifted tab. */
const MAX_READS = 5;
/** Rows per API page when sifting further than the first page (which asks for one screenful). */
const SIFT_LIMIT = 100;

/** A screenful of rows and where the next one starts. */
export interface InboxPage {
  rows: InboxTask[];
  cursor: string | null;
}

function baseQuery(filters: InboxFilters): TaskQuery {
  return {
    role: filters.role,
    kind: filters.kind,
    processId: filters.processId,
    q: filters.q,
    sort: filters.sort,
    dueBefore: filters.dueBy ? dayjs(filters.dueBy).add(1, 'day').startOf('day').toISOString() : undefined,
  };
}

async function sift(
  query: TaskQuery,
  keep: (t: InboxTask) => boolean,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<InboxPage> {
  const rows: InboxTask[] = [];
  let next = cursor;
  for (let reads = 0; reads < MAX_READS; reads++) {
    const page = await listTasks({ ...query, limit: reads === 0 ? PAGE_ROWS : SIFT_LIMIT, cursor: next }, signal);
    rows.push(...page.items.filter(keep));
    next = page.nextCursor;
    if (rows.length >= PAGE_ROWS || !next) break;
  }
  return { rows, cursor: next };
}

/** One screenful of a tab, from `cursor` (null: the top). */
export async function loadInboxPage(
  tab: InboxTab,
  filters: InboxFilters,
  me: User,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<InboxPage> {
  const query = baseQuery(filters);
  switch (tab) {
    case 'mine': {
      const page = await listTasks({ ...query, status: 'open', assignee: 'me', limit: PAGE_ROWS, cursor }, signal);
      return { rows: page.items, cursor: page.nextCursor };
    }
    case 'pool':
      return sift({ ...query, status: 'open' }, (t) => t.assigneeId === null, cursor, signal);
    case 'done':
      return sift({ ...query, status: 'completed' }, (t) => t.decision?.actor.userId === me.id, cursor, signal);
  }
}

/** The enterprise a task is about, as the row shows it: its name (its ID if unnamed) and credit code. */
export function enterpriseOf(task: InboxTask): { name: string; creditCode: string | null } | null {
  if (task.enterpriseId === null) return null;
  return { name: task.enterpriseName ?? task.enterpriseId, creditCode: task.creditCode };
}

/** Who holds a task, as the row shows it: nobody, me, or the assignee's name. */
export function holderOf(task: InboxTask, me: User): Bilingual {
  if (task.assigneeId === null) return msg('待领取', 'Unclaimed');
  if (task.assigneeId === me.id) return msg('我', 'Me');
  const name = task.assigneeName ?? '';
  return name ? { zh: name, en: name } : msg('其他人员', 'Someone else');
}
