/** Names of the product's codes (roles, task kinds, outcomes) as a person reads them. */
import type { Role } from '../api/types';
import { msg, type Bilingual } from './index';

/** Each role of the product. */
export const ROLE_LABELS: Record<Role, Bilingual> = {
  applicant: msg('企业用户', 'Enterprise user'),
  handler: msg('经办人', 'Handler'),
  registration_reviewer: msg('企业注册审核', 'Registration reviewer'),
  ca_admin: msg('CA 管理员', 'CA administrator'),
  finance: msg('财务', 'Finance'),
  binding_admin: msg('绑定管理员', 'Binding administrator'),
  supervisor: msg('主管', 'Supervisor'),
  operator: msg('运维', 'Operator'),
  admin: msg('系统管理员', 'Administrator'),
};

/** Roles whose holders work from the inbox (everyone but enterprise users). */
export const STAFF_ROLES = (Object.keys(ROLE_LABELS) as Role[]).filter((r) => r !== 'applicant' && r !== 'handler');

/** The kinds of task the workflows open today; an unknown kind shows its code. */
export const TASK_KIND_LABELS: Record<string, Bilingual> = {
  'registration.review': msg('企业注册审核', 'Registration review'),
  'registration.phone_review': msg('电话审核', 'Phone review'),
  'order.review': msg('订单材料审核', 'Order materials review'),
  'order.bank_transfer': msg('银行汇款核对', 'Bank transfer check'),
  'order.dispatch': msg('UKey 发货', 'UKey dispatch'),
  'binding.review': msg('CA 锁绑定审核', 'CA-lock binding review'),
  'enterprise_change.review': msg('企业信息变更审核', 'Change of enterprise information review'),
  'order.refund': msg('退款', 'Refund'),
};

/** Decision outcomes the workflows offer today; an unknown one shows its code. */
export const OUTCOME_LABELS: Record<string, Bilingual> = {
  approve: msg('通过', 'Approve'),
  reject: msg('不通过', 'Reject'),
  return: msg('退回修改', 'Return for correction'),
  confirm: msg('确认', 'Confirm'),
  refunded: msg('已退款', 'Refunded'),
  not_received: msg('款项未到账', 'Never arrived'),
};

/** The label of `code` in `labels`, or the code itself. */
export function labelOf(labels: Record<string, Bilingual>, code: string): Bilingual {
  return labels[code] ?? msg(code, code);
}
