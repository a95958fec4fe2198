/**
 * Process 1 — enterprise registration review (guide part 一).
 *
 *   reviewer 1 → reviewer 2 (another person) → phone review → enterprise active
 *
 * Any step may return the application for correction (the applicant edits only what was marked and
 * resubmits; the review starts again at reviewer 1 in a new round) or reject it. The phone review comes
 * last: the reviewer calls the enterprise's contact about a profile both reviewers already found in
 * order, and the call record is the final confirmation before activation. The applicant may withdraw
 * before the first decision of a round, or while the application is returned.
 *
 * Live patch IDs: registration-field-reasons (review and phone tasks ask for a reason per marked field).
 */
import { ApplicationFailure, condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { RegistrationActivities } from '../activities/registration';
import {
  registrationStateQuery,
  RegistrationRejection,
  REGISTRATION_STEPS as STEPS,
  resubmitUpdate,
  withdrawUpdate,
  type RegistrationInput,
  type RegistrationState,
  type RegistrationStatus,
} from '../contracts/registration';
import type { Actor, TaskDecision, TaskFormField, TaskRequest } from '../contracts/tasks';
import { MARKABLE } from '../domain/registration';
import { msg } from '../domain/text';
import { phoneCallRecord } from './forms';
import { EFFECT_ACTIVITY, RECORD_ACTIVITY } from './activity-options';
import { Process } from './process';

const records = proxyActivities<RegistrationActivities>(RECORD_ACTIVITY);
const effects = proxyActivities<RegistrationActivities>(EFFECT_ACTIVITY);

const markedFieldsField: TaskFormField = {
  name: 'markedFields',
  label: { zh: '需补正的字段或附件', en: 'Fields or attachments to correct' },
  type: 'list',
  requiredFor: ['return'],
  choices: MARKABLE,
};

/** 补正原因: why each marked field or attachment must be corrected (shown to the applicant beside it). */
const fieldReasonsField: TaskFormField = {
  name: 'fieldReasons',
  label: { zh: '各项补正原因', en: 'Why each marked item must be corrected' },
  type: 'reasons',
  requiredFor: [],
  choices: MARKABLE,
  reasonsOf: 'markedFields',
};

/** The marks a return may carry: with a reason per field once the workflow asks for one. */
const marks = (): TaskFormField[] =>
  patched('registration-field-reasons') ? [markedFieldsField, fieldReasonsField] : [markedFieldsField];

function refuse(type: string, zh: string, en: string): never {
  throw ApplicationFailure.create({ type, message: en, details: [{ message: msg(zh, en) }], nonRetryable: true });
}

/** Reviews one submission of an enterprise's registration until it is approved, rejected or withdrawn. */
export async function registrationReview(input: RegistrationInput): Promise<RegistrationStatus> {
  const { enterpriseId, timings } = input;
  const proc = new Process({
    processType: 'registration',
    title: '企业注册审核 Enterprise registration review',
    enterpriseId,
    status: 'in_review',
    step: STEPS.first,
    commentRoles: ['registration_reviewer', 'supervisor'],
  });
  const state: RegistrationState = {
    status: 'in_review',
    step: STEPS.first,
    round: 1,
    markedFields: [],
    fieldReasons: {},
    decidedThisRound: false,
    outcomeReason: null,
  };
  let decisionsBeforeRound = 0;

  /** Writes the status to the process record, then to the enterprise's profile (which the API reads first). */
  const record = async () => {
    await proc.setStatus(state.status, state.step, {
      round: state.round,
      markedFields: state.markedFields,
      fieldReasons: state.fieldReasons,
      reason: state.outcomeReason,
    });
    await records.recordRegistrationStatus({
      enterpriseId,
      processId: proc.processId,
      status: state.status,
      round: state.round,
      editableFields: state.status === 'returned' ? state.markedFields : null,
    });
  };
  const applicantOnly = (actor: Actor) => {
    if (actor.enterpriseId !== enterpriseId || !actor.roles.includes('applicant')) {
      refuse(RegistrationRejection.NotApplicant, '只有申请单位可以操作', 'Only the applying enterprise may do this');
    }
  };

  setHandler(registrationStateQuery, () => ({
    ...state,
    decidedThisRound: proc.decided.length > decisionsBeforeRound,
  }));
  setHandler(
    resubmitUpdate,
    async () => {
      state.round++;
      state.status = 'in_review';
      state.step = STEPS.first;
      state.markedFields = [];
      state.fieldReasons = {};
      // (the return's reason stays in the comment table; a new round has no reason of its own yet)
      state.outcomeReason = null;
      decisionsBeforeRound = proc.decided.length;
      await record();
      return { ...state };
    },
    {
      validator: ({ actor }) => {
        applicantOnly(actor);
        if (state.status !== 'returned')
          refuse(
            RegistrationRejection.NotReturned,
            '申请未被退回，无需重新提交',
            'The application is not returned for correction',
          );
      },
    },
  );
  setHandler(
    withdrawUpdate,
    async ({ reason }) => {
      state.status = 'withdrawn';
      state.step = null;
      state.outcomeReason = reason?.trim() || '申请人撤回 Withdrawn by the applicant';
      await proc.cancelOpenTasks();
      await record();
      return { ...state };
    },
    {
      validator: ({ actor }) => {
        applicantOnly(actor);
        if (state.status !== 'in_review' && state.status !== 'returned')
          refuse(RegistrationRejection.Closed, '申请已办结', 'The application is closed');
        if (state.status === 'in_review' && proc.decided.length > decisionsBeforeRound) {
          refuse(
            RegistrationRejection.AlreadyDecided,
            '已有审核意见，不能撤回',
            'A reviewer has already decided in this round; it can no longer be withdrawn',
          );
        }
      },
    },
  );

  const reviewTask = (which: 'first' | 'second'): TaskRequest => ({
    kind: 'registration.review',
    title: `企业注册审核 第${state.round}轮 · ${which === 'first' ? '审核人1' : '审核人2'}`,
    step: STEPS[which],
    department: '交易中心',
    candidateRole: 'registration_reviewer',
    assigneeId: input.reviewerIds?.[which === 'first' ? 0 : 1] ?? null,
    outcomes: ['approve', 'return', 'reject'],
    commentRequiredFor: ['return', 'reject'],
    form: marks(),
    dueInMs: timings.reviewDueMs,
    escalateAfterMs: timings.escalateAfterMs,
    escalationRole: timings.escalationRole,
    fourEyesGroup: `round-${state.round}`,
  });
  const phoneTask = (): TaskRequest => ({
    kind: 'registration.phone_review',
    title: `电话审核 第${state.round}轮 · 记录来电（0579-88894332）`,
    step: STEPS.phone,
    department: '交易中心',
    candidateRole: 'registration_reviewer',
    outcomes: ['approve', 'return', 'reject'],
    commentRequiredFor: ['return', 'reject'],
    form: [...phoneCallRecord(['approve', 'return', 'reject']), ...marks()],
    dueInMs: timings.reviewDueMs,
    escalateAfterMs: timings.escalateAfterMs,
    escalationRole: timings.escalationRole,
  });

  /** Runs one step; returns the decision, or null when the application was withdrawn meanwhile. */
  async function step(which: 'first' | 'second' | 'phone'): Promise<TaskDecision | null> {
    state.step = STEPS[which];
    await record();
    if (state.status === 'withdrawn') return null;
    return proc.ask(which === 'phone' ? phoneTask() : reviewTask(which));
  }

  /** One round of review: 'approve' when every step approved, else how it ended. */
  async function reviewRound(): Promise<'approve' | 'return' | 'reject' | 'withdrawn'> {
    for (const which of ['first', 'second', 'phone'] as const) {
      const d = await step(which);
      if (!d || state.status === 'withdrawn') return 'withdrawn';
      if (d.outcome === 'return') {
        state.markedFields = (d.fields.markedFields as string[] | undefined) ?? [];
        state.fieldReasons = (d.fields.fieldReasons as Record<string, string> | undefined) ?? {};
        state.outcomeReason = d.comment;
        return 'return';
      }
      if (d.outcome === 'reject') {
        state.outcomeReason = d.comment;
        return 'reject';
      }
    }
    return 'approve';
  }

  await proc.begin();
  await record();
  for (;;) {
    const outcome = await reviewRound();
    if (outcome === 'return') {
      state.status = 'returned';
      state.step = STEPS.correction;
      await record();
      await effects.notifyApplicant({
        enterpriseId,
        key: `${proc.processId}:returned:${state.round}`,
        template: 'registration.returned',
        params: { reason: state.outcomeReason ?? '', fields: state.markedFields.join('、') },
      });
      const resubmitted = await condition(() => state.status !== 'returned', timings.correctionWindowMs);
      if (resubmitted && (state.status as RegistrationStatus) === 'in_review') continue;
      if (!resubmitted) state.outcomeReason = '补正期限已过 The correction period expired';
      state.status = 'withdrawn';
      break;
    }
    if (outcome === 'approve') {
      const activated = await effects.activateEnterprise({ enterpriseId, processId: proc.processId });
      state.status = activated.ok ? 'approved' : 'rejected';
      if (!activated.ok) state.outcomeReason = activated.reason;
    } else {
      state.status = outcome === 'reject' ? 'rejected' : 'withdrawn';
    }
    break;
  }

  state.step = null;
  await record();
  await effects.notifyApplicant({
    enterpriseId,
    key: `${proc.processId}:${state.status}`,
    template: `registration.${state.status}`,
    params: { reason: state.outcomeReason ?? '' },
  });
  await proc.finish(state.status, {
    round: state.round,
    markedFields: state.markedFields,
    fieldReasons: state.fieldReasons,
    reason: state.outcomeReason,
  });
  return state.status;
}
