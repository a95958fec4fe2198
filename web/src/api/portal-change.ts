/** 变更 for an applicant: the approved record and the latest change request, evidence files, submission, withdrawal. */
import type { AttachmentView } from '../../../api/schemas/attachments';
import type { RegistrationProfile } from '../../../domain/registration';
import { API_BASE, call, failureOf, networkFailure } from './client';
import type { Submission } from './submission';
import type { ChangeView } from './types';

/** The approved record, the evidence being prepared and the latest change request. */
export const getChange = (signal?: AbortSignal) => call<ChangeView>('GET', '/enterprise/change', { signal });

/** Uploads an evidence file of `kind` (`business_license` replaces the previous one; `other`). */
export async function uploadEvidence(kind: string, file: File): Promise<AttachmentView> {
  const body = new FormData();
  body.append('kind', kind);
  body.append('file', file);
  let res: Response;
  try {
    res = await fetch(`${API_BASE}/enterprise/change/attachments`, {
      method: 'POST',
      body,
      credentials: 'same-origin',
    });
  } catch {
    throw networkFailure();
  }
  if (!res.ok) throw await failureOf(res);
  return (await res.json()) as AttachmentView;
}

/** Removes an evidence file. */
export const deleteEvidence = (id: string) =>
  call<void>('DELETE', `/enterprise/change/attachments/${encodeURIComponent(id)}`);

/** 提交 — submits the changed profile (or resubmits it after a return). */
export const submitChange = (profile: RegistrationProfile, submission: Submission) =>
  call<{ processId: string; status: string; round: number }>('POST', '/enterprise/change/submit', {
    body: profile,
    submission,
  });

/** 撤回 — withdraws the open change request. */
export const withdrawChange = (submission: Submission) =>
  call<{ processId: string; status: string; round: number }>('POST', '/enterprise/change/withdraw', {
    body: {},
    submission,
  });
