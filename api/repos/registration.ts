/** Registration submissions (process 1): the draft profile, what was submitted, the chosen reviewers. Functions take `db` or a transaction. */
import { sql } from 'kysely';
import type { RegistrationInput } from '../../contracts/registration';
import type { RegistrationProfile } from '../../domain/registration';
import type { Db } from '../../platform/db';
import type { EnterpriseRow, ProfileRow, ProcessRow } from '../../platform/db/schema';
import type { AttachmentView } from '../schemas/attachments';

/** Owner of the registration's attachments in the attachments table. */
export const REGISTRATION_FILES = 'registration';

/** The snapshot kept as "submitted": the profile and the files it was submitted with. */
export interface Submission {
  profile: RegistrationProfile;
  attachments: AttachmentView[];
  submittedAt: string;
  /** The review round it was submitted for (absent in snapshots taken before rounds were recorded: round 1). */
  round?: number;
}

/** Saves the draft profile. */
export async function saveDraft(db: Db, enterpriseId: string, draft: RegistrationProfile): Promise<ProfileRow> {
  return db
    .updateTable('enterprise_profiles')
    .set({ draft: JSON.stringify(draft), updated_at: new Date() })
    .where('enterprise_id', '=', enterpriseId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Records a first submission (or one after a rejection or withdrawal) as in review under `processId`,
 * if the profile is still as it was read (`status`, `submissions`); false if another request came first.
 */
export async function claimSubmission(
  db: Db,
  s: {
    enterpriseId: string;
    status: string;
    submissions: number;
    processId: string;
    input: RegistrationInput;
    snapshot: Submission;
  },
): Promise<boolean> {
  const claimed = await db
    .updateTable('enterprise_profiles')
    .set({
      status: 'in_review',
      process_id: s.processId,
      workflow_input: JSON.stringify(s.input),
      submissions: s.input.submission,
      round: 1,
      submitted: JSON.stringify(s.snapshot),
      previous_submitted: null,
      submitted_at: new Date(),
      editable_fields: null,
      updated_at: new Date(),
    })
    .where('enterprise_id', '=', s.enterpriseId)
    .where('submissions', '=', s.submissions)
    .where('status', '=', s.status as ProfileRow['status'])
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

/**
 * Records what a resubmission after a return submits, keeping the previous round's snapshot beside it
 * (a retried request for the same round replaces the snapshot but keeps the earlier round's).
 */
export async function recordResubmission(db: Db, enterpriseId: string, snapshot: Submission): Promise<void> {
  await db
    .updateTable('enterprise_profiles')
    .set({
      previous_submitted: sql`case when coalesce((submitted->>'round')::int, 1) < ${snapshot.round ?? 1}
        then submitted else previous_submitted end`,
      submitted: JSON.stringify(snapshot),
      submitted_at: new Date(),
      updated_at: new Date(),
    })
    .where('enterprise_id', '=', enterpriseId)
    .execute();
}

/** An active registration reviewer by login name (trimmed, case-insensitive). */
export async function activeReviewer(
  db: Db,
  loginName: string,
): Promise<{ id: string; enterprise_id: string | null } | undefined> {
  return db
    .selectFrom('users')
    .select(['id', 'enterprise_id'])
    .where(sql<string>`lower(login_name)`, '=', loginName.trim().toLowerCase())
    .where('kind', '=', 'staff')
    .where('status', '=', 'active')
    .where(sql<boolean>`'registration_reviewer' = any(roles)`)
    .executeTakeFirst();
}

/** The active registration reviewers (选择人员): login and display name only, by login name. */
export async function registrationReviewers(db: Db): Promise<{ loginName: string; displayName: string }[]> {
  return db
    .selectFrom('users')
    .select(['login_name as loginName', 'display_name as displayName'])
    .where('kind', '=', 'staff')
    .where('status', '=', 'active')
    .where(sql<boolean>`'registration_reviewer' = any(roles)`)
    .orderBy('login_name')
    .execute();
}

/** Login names of users by ID. */
export async function loginNames(db: Db, ids: string[]): Promise<{ id: string; login_name: string }[]> {
  return db.selectFrom('users').select(['id', 'login_name']).where('id', 'in', ids).execute();
}

/** A registration process with its enterprise and, if it is the enterprise's current one, its profile. */
export async function registrationUnderReview(
  db: Db,
  processId: string,
): Promise<
  | {
      process: ProcessRow;
      enterprise: Pick<EnterpriseRow, 'id' | 'entity_name' | 'status'>;
      profile: ProfileRow | undefined;
    }
  | undefined
> {
  const profile = await db
    .selectFrom('enterprise_profiles')
    .selectAll()
    .where('process_id', '=', processId)
    .executeTakeFirst();
  const process = await db
    .selectFrom('processes')
    .selectAll()
    .where('id', '=', processId)
    .where('type', '=', 'registration')
    .executeTakeFirst();
  if (!process) return undefined;
  const enterprise = await db
    .selectFrom('enterprises')
    .select(['id', 'entity_name', 'status'])
    .where('id', '=', process.enterprise_id!)
    .executeTakeFirstOrThrow();
  return { process, enterprise, profile };
}

/** Submissions recorded as in review before `before` whose process never started (no projection of it exists). */
export async function submissionsNeverStarted(db: Db, before: Date): Promise<ProfileRow[]> {
  return db
    .selectFrom('enterprise_profiles')
    .selectAll()
    .where('status', '=', 'in_review')
    .where('workflow_input', 'is not', null)
    .where('submitted_at', '<', before)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('processes')
            .select('processes.id')
            .whereRef('processes.id', '=', 'enterprise_profiles.process_id'),
        ),
      ),
    )
    .execute();
}
