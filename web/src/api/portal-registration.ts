/**
 * 资料完善 for an applicant: the registration catalogue, the draft profile and its attachments, the
 * reviewer directory (选择人员), submission, the registration's status and withdrawal.
 */
import type { Static } from '@sinclair/typebox';
import type { AttachmentView } from '../../../api/schemas/attachments';
import type {
  ProfileViewSchema,
  RegistrationViewSchema,
  ReviewerDirectorySchema,
} from '../../../api/schemas/registration';
import type { CatalogEntry, RegistrationProfile } from '../../../domain/registration';
import { API_BASE, call, failureOf, networkFailure } from './client';
import type { Submission } from './submission';

/** The draft profile with its status, marked fields and attachments (`GET /enterprise/profile`). */
export type ProfileView = Static<typeof ProfileViewSchema>;
/** The registration as its applicant sees it (`GET /enterprise/registration`). */
export type RegistrationView = Static<typeof RegistrationViewSchema>;
/** A reviewer an applicant may choose. */
export type Reviewer = Static<typeof ReviewerDirectorySchema>['items'][number];
/** The codes the registration form chooses from, each with its names. */
export type RegistrationCatalog = Record<
  'memberCategories' | 'businessTypes' | 'identityTypes' | 'enterpriseTypes' | 'idTypes' | 'attachmentKinds',
  CatalogEntry[]
>;
export type { RegistrationProfile };

/** The registration catalogue. */
export const getCatalog = (signal?: AbortSignal) =>
  call<RegistrationCatalog>('GET', '/catalog/registration', { signal });

/** The draft profile. */
export const getProfile = (signal?: AbortSignal) => call<ProfileView>('GET', '/enterprise/profile', { signal });

/** 保存 — saves the draft (each given field must be valid; a returned profile may change only marked fields). */
export const saveProfile = (profile: RegistrationProfile) =>
  call<ProfileView>('PUT', '/enterprise/profile', { body: profile });

/** Uploads a scan of `kind` (a single-file kind replaces the previous file). */
export async function uploadAttachment(kind: string, file: File): Promise<AttachmentView> {
  const body = new FormData();
  body.append('kind', kind);
  body.append('file', file);
  let res: Response;
  try {
    res = await fetch(`${API_BASE}/enterprise/attachments`, { method: 'POST', body, credentials: 'same-origin' });
  } catch {
    throw networkFailure();
  }
  if (!res.ok) throw await failureOf(res);
  return (await res.json()) as AttachmentView;
}

/** Deletes an attachment while the profile is editable. */
export const deleteAttachment = (id: string) =>
  call<void>('DELETE', `/enterprise/attachments/${encodeURIComponent(id)}`);

/** 选择人员 — the registration reviewers. */
export const getReviewers = (signal?: AbortSignal) =>
  call<{ items: Reviewer[] }>('GET', '/reviewers', { signal }).then((r) => r.items);

/** 提交 — submits (or resubmits after a return); `reviewers` are login names, or none for the pool. */
export const submitRegistration = (reviewers: [string, string] | undefined, submission: Submission) =>
  call<{ processId: string; status: string; round: number }>('POST', '/enterprise/registration/submit', {
    body: reviewers ? { reviewers } : {},
    submission,
  });

/** The registration's status, 意见 table and timeline. */
export const getRegistrationView = (signal?: AbortSignal) =>
  call<RegistrationView>('GET', '/enterprise/registration', { signal });

/** 撤回 — withdraws the submission. */
export const withdrawRegistration = (reason: string | undefined, submission: Submission) =>
  call<{ processId: string; status: string; round: number }>('POST', '/enterprise/registration/withdraw', {
    body: reason ? { reason } : {},
    submission,
  });
