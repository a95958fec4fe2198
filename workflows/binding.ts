/**
 * Process 4 — CA-lock binding approval (guide part 四). The enterprise's submitted changes (add a lock,
 * remove a lock) wait for a binding administrator, who takes the enterprise's phone call (0579-88894332)
 * and approves the changes, rejecting any row with its reason, or rejects them all. Approved additions
 * become bindings in force (the lock can log in); approved removals end theirs.
 *
 * Live patch IDs: none.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { BindingActivities } from '../activities/binding';
import type { RegistrationActivities } from '../activities/registration';
import type { BindingInput, BindingOutcome } from '../contracts/binding';
import { EFFECT_ACTIVITY } from './activity-options';
import { phoneCallRecord } from './forms';
import { Process } from './process';

const acts = proxyActivities<BindingActivities & Pick<RegistrationActivities, 'notifyApplicant'>>(EFFECT_ACTIVITY);

/** Reviews one submission of binding changes. */
export async function bindingApproval(input: BindingInput): Promise<BindingOutcome> {
  const { enterpriseId, changeIds } = input;
  const proc = new Process({
    processType: 'ca-binding',
    title: 'CA 锁绑定审核 CA-lock binding review',
    enterpriseId,
    status: 'pending',
    step: 'CA锁绑定审核',
    commentRoles: ['binding_admin'],
  });
  await proc.begin();
  const d = await proc.ask({
    kind: 'binding.review',
    title: `CA 锁绑定审核 · ${changeIds.length} 项变更 · 记录来电`,
    step: 'CA锁绑定审核',
    department: '交易中心',
    candidateRole: 'binding_admin',
    outcomes: ['approve', 'reject'],
    commentRequiredFor: ['reject'],
    form: [
      ...phoneCallRecord(['approve', 'reject']),
      {
        name: 'rejectedRows',
        label: { zh: '不予通过的变更及原因', en: 'Changes refused, with the reason' },
        type: 'reasons',
        requiredFor: [],
        choices: changeIds,
      },
    ],
    dueInMs: input.reviewDueMs,
    escalateAfterMs: input.escalateAfterMs,
    escalationRole: input.escalationRole,
  });
  const rejected: Record<string, string> =
    d?.outcome === 'approve'
      ? ((d.fields.rejectedRows as Record<string, string> | undefined) ?? {})
      : Object.fromEntries(changeIds.map((id) => [id, d?.comment ?? '未通过']));
  const approved = changeIds.filter((id) => !(id in rejected));
  await acts.applyBindingDecision({ enterpriseId, processId: proc.processId, approved, rejected });
  await acts.notifyApplicant({
    enterpriseId,
    key: `${proc.processId}:decided`,
    template: 'binding.decided',
    params: { approved: String(approved.length), rejected: String(Object.keys(rejected).length) },
  });
  await proc.finish(approved.length > 0 ? 'approved' : 'rejected', { approved, rejected });
  return { approved, rejected };
}
