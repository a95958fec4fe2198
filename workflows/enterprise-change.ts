/**
 * Change of enterprise information (企业信息 → 基础信息 → 变更): a registration reviewer reviews the
 * approved enterprise's change request against its approved record, and approves, rejects, or returns it
 * with the fields to correct (the applicant then changes only those and resubmits; a new round starts).
 * Approval makes the change the enterprise's record. The applicant may withdraw while it is not decided.
 *
 * Live patch IDs: none.
 */
import { ApplicationFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ChangeActivities } from '../activities/enterprise-change';
import type { RegistrationActivities } from '../activities/registration';
import {
  changeStateQuery,
  CHANGE_STEPS as STEPS,
  resubmitChangeUpdate,
  withdrawChangeUpdate,
  type ChangeInput,
  type ChangeState,
  type ChangeStatus,
} from '../contracts/enterprise-change';
import { RegistrationRejection } from '../contracts/registration';
import type { Actor, TaskFormField } from '../contracts/tasks';
import { MARKABLE } from '../domain/registration';
import { msg } from '../domain/text';
import { EFFECT_ACTIVITY, RECORD_ACTIVITY } from './activity-options';
import { Process } from './process';

const records = proxyActivities<ChangeActivities>(RECORD_ACTIVITY);
const effects = proxyActivities<ChangeActivities & Pick<RegistrationActivities, 'notifyApplicant'>>(EFFECT_ACTIVITY);

const markedFieldsField: TaskFormField = {
  name: 'markedFields',
  label: { zh: '需补正的字段或附件', en: 'Fields or attachments to correct' },
  type: 'list',
  requiredFor: ['return'],
  choices: MARKABLE,
};

function refuse(type: string, zh: string, en: string): never {
  throw ApplicationFailure.create({ type, message: en, details: [{ message: msg(zh, en) }], nonRetryable: true });
}

/** Reviews one change request of an enterprise's information until it is approved, rejected or withdrawn. */
export async function enterpriseChange(input: ChangeInput): Promise<ChangeStatus> {
  const { enterpriseId } = input;
  const proc = new Process({
    processType: 'enterprise-change',
    title: '企业信息变更审核 Change of enterprise information',
    enterpriseId,
    status: 'in_review',
    step: STEPS.review,
    commentRoles: ['registration_reviewer', 'supervisor'],
  });
  const state: ChangeState = {
    status: 'in_review',
    step: STEPS.review,
    round: 1,
    markedFields: [],
    outcomeReason: null,
  };

  const record = async () => {
    await proc.setStatus(state.status, state.step, {
      round: state.round,
      markedFields: state.markedFields,
      reason: state.outcomeReason,
    });
    await records.recordChangeStatus({
      changeId: proc.processId,
      status: state.status,
      round: state.round,
      editableFields: state.status === 'returned' ? state.markedFields : null,
      reason: state.outcomeReason,
    });
  };
  const applicantOnly = (actor: Actor) => {
    if (actor.enterpriseId !== enterpriseId || !actor.roles.includes('applicant'))
      refuse(RegistrationRejection.NotApplicant, '只有申请单位可以操作', 'Only the applying enterprise may do this');
  };

  setHandler(changeStateQuery, () => ({ ...state }));
  setHandler(
    resubmitChangeUpdate,
    async () => {
      state.round++;
      state.status = 'in_review';
      state.step = STEPS.review;
      state.markedFields = [];
      state.outcomeReason = null;
      await record();
      return { ...state };
    },
    {
      validator: ({ actor }) => {
        applicantOnly(actor);
        if (state.status !== 'returned')
          refuse(
            RegistrationRejection.NotReturned,
            '变更申请未被退回，无需重新提交',
            'The change request is not returned',
          );
      },
    },
  );
  setHandler(
    withdrawChangeUpdate,
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
          refuse(RegistrationRejection.Closed, '变更申请已办结', 'The change request is closed');
      },
    },
  );

  /** One review: how it ended. */
  async function review(): Promise<'approve' | 'return' | 'reject' | 'withdrawn'> {
    const d = await proc.ask({
      kind: 'enterprise_change.review',
      title: `企业信息变更审核 第${state.round}轮 · 变更 ${input.changedFields.length} 项`,
      step: STEPS.review,
      department: '交易中心',
      candidateRole: 'registration_reviewer',
      outcomes: ['approve', 'return', 'reject'],
      commentRequiredFor: ['return', 'reject'],
      form: [markedFieldsField],
      dueInMs: input.reviewDueMs,
      escalateAfterMs: input.escalateAfterMs,
      escalationRole: input.escalationRole,
    });
    if (!d || state.status === 'withdrawn') return 'withdrawn';
    if (d.outcome === 'return') state.markedFields = (d.fields.markedFields as string[] | undefined) ?? [];
    if (d.outcome !== 'approve') state.outcomeReason = d.comment;
    return d.outcome as 'approve' | 'return' | 'reject';
  }

  await proc.begin();
  await record();
  for (;;) {
    const outcome = await review();
    if (outcome === 'return') {
      state.status = 'returned';
      state.step = STEPS.correction;
      await record();
      await effects.notifyApplicant({
        enterpriseId,
        key: `${proc.processId}:returned:${state.round}`,
        template: 'enterprise_change.returned',
        params: { reason: state.outcomeReason ?? '', fields: state.markedFields.join('、') },
      });
      const answered = await condition(() => state.status !== 'returned', input.correctionWindowMs);
      if (answered && (state.status as ChangeStatus) === 'in_review') continue;
      if (!answered) state.outcomeReason = '补正期限已过 The correction period expired';
      state.status = 'withdrawn';
      break;
    }
    if (outcome === 'approve') {
      const applied = await effects.applyEnterpriseChange({ changeId: proc.processId });
      state.status = applied.ok ? 'approved' : 'rejected';
      if (!applied.ok) state.outcomeReason = applied.reason;
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
    template: `enterprise_change.${state.status}`,
    params: { reason: state.outcomeReason ?? '' },
  });
  await proc.finish(state.status, {
    round: state.round,
    markedFields: state.markedFields,
    reason: state.outcomeReason,
  });
  return state.status;
}
