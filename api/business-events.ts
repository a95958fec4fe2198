/**
 * The business events of the four processes (registration, certificate order and UKey production,
 * CA-lock binding, certificate lifecycle) in Chinese and English: what the timeline shows a person
 * instead of workflow mechanics — 提交申请 / Application submitted, 初审通过 / First review approved, …
 * Departments (部门) are named bilingually too: an applicant sees the department, never the reviewer.
 */
import { REGISTRATION_STEPS } from '../contracts/registration';
import { msg, type Bilingual } from '../domain/text';

/** 部门 — the departments the processes name, in both languages. */
const DEPARTMENTS: Record<string, Bilingual> = {
  交易中心: msg('交易中心', 'Trading centre'),
  'CA 机构': msg('CA 机构', 'CA vendor'),
  财务: msg('财务', 'Finance'),
  申请单位: msg('申请单位', 'Applicant'),
};

/** 业务步骤 — the steps the processes name, in English. */
const STEPS_EN: Record<string, string> = {
  [REGISTRATION_STEPS.first]: 'first review',
  [REGISTRATION_STEPS.second]: 'second review',
  [REGISTRATION_STEPS.phone]: 'phone review',
  [REGISTRATION_STEPS.correction]: 'correction by the applicant',
  材料审核: 'materials review',
  财务确认汇款: 'bank transfer confirmation',
  CA锁绑定审核: 'CA-lock binding review',
  发货: 'dispatch of the UKeys',
};

/** A department as a person reads it; an unnamed one is the staff's. */
export function departmentLabel(department: string | null | undefined): Bilingual {
  if (!department) return msg('工作人员', 'Staff');
  return DEPARTMENTS[department] ?? msg(department, department);
}

/** A step as a person reads it. */
export function stepLabel(step: string): Bilingual {
  return msg(step, STEPS_EN[step] ?? step);
}

/** The start of each process, by workflow type. */
const STARTED: Record<string, Bilingual> = {
  registrationReview: msg('提交申请', 'Application submitted'),
  certificateOrder: msg('下单', 'Order placed'),
  certificateRenewal: msg('提交续期订单', 'Renewal order placed'),
  bindingApproval: msg('提交 CA 锁绑定申请', 'CA-lock binding submitted'),
  certificateLifecycle: msg('证书启用', 'Certificate in use'),
};

/** A process started. */
export function startedEvent(workflowType: string | null | undefined): Bilingual {
  return STARTED[workflowType ?? ''] ?? msg('业务开始', 'Process started');
}

/** A task opened: the department now working on the case. */
export function taskOpenedEvent(step: string, department: string): Bilingual {
  const where = departmentLabel(department);
  const what = stepLabel(step);
  return msg(`${what.zh}（${where.zh}）`, `${where.en}: ${what.en}`);
}

/** Decisions by task kind (and, for the registration's reviews, by step) and outcome. */
const DECISIONS: Record<string, Record<string, Bilingual>> = {
  [`registration.review/${REGISTRATION_STEPS.first}`]: {
    approve: msg('初审通过', 'First review approved'),
  },
  [`registration.review/${REGISTRATION_STEPS.second}`]: {
    approve: msg('复审通过', 'Second review approved'),
  },
  'registration.phone_review': {
    approve: msg('电话审核通过', 'Phone review passed'),
  },
  registration: {
    return: msg('退回修改', 'Returned for correction'),
    reject: msg('审核不通过', 'Application rejected'),
  },
  'order.review': {
    approve: msg('材料审核通过', 'Materials approved'),
    reject: msg('材料退回，待补正', 'Materials returned for correction'),
  },
  'order.bank_transfer': {
    confirm: msg('汇款已确认', 'Bank transfer confirmed'),
    reject: msg('汇款未确认', 'Bank transfer not confirmed'),
  },
  'binding.review': {
    approve: msg('CA 锁绑定审核通过', 'CA-lock binding approved'),
    reject: msg('CA 锁绑定审核不通过', 'CA-lock binding rejected'),
  },
  'order.dispatch': {
    dispatch: msg('UKey 已发货', 'UKeys dispatched'),
    pickup: msg('UKey 待自取', 'UKeys ready for pickup'),
  },
};

/** A decision on a task, as a business event. */
export function decisionEvent(kind: string, step: string, outcome: string): Bilingual {
  const known =
    DECISIONS[`${kind}/${step}`]?.[outcome] ?? DECISIONS[kind]?.[outcome] ?? DECISIONS[kind.split('.')[0]]?.[outcome];
  if (known) return known;
  const what = stepLabel(step);
  return msg(`${what.zh}：${outcome}`, `${what.en}: ${outcome}`);
}

/** The processes' own Updates, as business events. */
const UPDATES: Record<string, Bilingual> = {
  resubmit: msg('补正后重新提交', 'Resubmitted after correction'),
  withdraw: msg('撤回申请', 'Application withdrawn'),
  paymentReceived: msg('在线支付成功', 'Online payment received'),
  bankTransfer: msg('已提交汇款凭证', 'Bank transfer reported'),
  submitMaterials: msg('提交材料', 'Materials submitted'),
  cancelOrder: msg('删除订单', 'Order deleted'),
  reissueAuthCode: msg('重新发送制证授权码', 'Authorisation code re-issued'),
  makeToken: msg('申请制作 UKey', 'UKey requested'),
  revoke: msg('证书吊销', 'Certificate revoked'),
  confirmReceipt: msg('已签收', 'Receipt confirmed'),
};

/** An Update of a process, as a business event (null: not one a person needs to see). */
export function updateEvent(name: string): Bilingual | null {
  return UPDATES[name] ?? null;
}

/** Activities whose completion is a business event (kind, text); the others are workflow mechanics. */
const ACTIVITIES: Record<string, [string, Bilingual]> = {
  activateEnterprise: ['enterprise_activated', msg('企业账号已激活', 'Enterprise account activated')],
  issueAuthCode: ['auth_code_sent', msg('制证授权码已发送', 'Authorisation code sent')],
  makeUKey: ['ukey_made', msg('UKey 制作完成', 'UKey made')],
  skipMaterialsReview: [
    'review_skipped',
    msg(
      '企业信息自证书签发以来未变更，免于材料审核',
      'The enterprise record is unchanged since the certificate was issued: no materials review',
    ),
  ],
  renewUKey: [
    'ukey_renewed',
    msg(
      'UKey 续期完成：新证书已写入并验证，原证书已作废（superseded）',
      'UKey renewed: the new certificate is written and verified, the old one superseded',
    ),
  ],
  followBinding: [
    'binding_followed',
    msg(
      'CA 锁绑定已随 UKey 转至新证书，无需重新审批',
      'The CA-lock binding followed the UKey to the new certificate, without a new approval',
    ),
  ],
  applyBindingDecision: ['binding_applied', msg('CA 锁绑定结果已生效', 'CA-lock binding result in effect')],
  revokeCertificate: ['certificate_revoked', msg('证书已吊销', 'Certificate revoked')],
  markExpired: ['certificate_expired', msg('证书已到期', 'Certificate expired')],
  remindExpiry: ['expiry_reminded', msg('已发送证书到期提醒', 'Expiry reminder sent')],
  confirmReceiptAutomatically: [
    'receipt_confirmed_automatically',
    msg('已签收（自动签收）', 'Receipt confirmed automatically'),
  ],
};

/** A completed activity, as a business event (null: mechanics). */
export function activityEvent(name: string): { kind: string; label: Bilingual } | null {
  const known = ACTIVITIES[name];
  return known ? { kind: known[0], label: known[1] } : null;
}

/** A comment added to the comment table (意见). */
export function commentEvent(department: string | null | undefined): Bilingual {
  const who = departmentLabel(department);
  return msg(`${who.zh}添加意见`, `Comment by ${who.en}`);
}

/** The end of a process. */
export function endedEvent(how: 'completed' | 'failed' | 'cancelled' | 'terminated'): Bilingual {
  return {
    completed: msg('办结', 'Completed'),
    failed: msg('异常结束', 'Ended with an error'),
    cancelled: msg('已取消', 'Cancelled'),
    terminated: msg('已终止', 'Terminated'),
  }[how];
}
