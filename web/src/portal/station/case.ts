/**
 * "My case" from the existing reads: the stages registration → order → payment → review → UKeys →
 * binding, each done, in hand or not yet; the next action, who holds it (the applicant, or the
 * department whose task is open) and since when.
 */
// (domain/text itself, not ../../i18n: this module is pure, and tested without a browser)
import { msg, type Bilingual } from '../../../../domain/text';
import type { BindingChange, OrderDetail, ProcessDetail, RegistrationView } from '../../api/types';

/** The phone number the guide gives for the binding approval (四.4). */
export const BINDING_PHONE = '0579-88894332';

/** A stage of the case. */
export type StageKey = 'registration' | 'order' | 'payment' | 'review' | 'ukeys' | 'binding';

/** Where a stage stands. */
export type StageState = 'done' | 'current' | 'waiting';

/** Who holds the next action. */
export type Holder = { kind: 'you' } | { kind: 'department'; name: Bilingual };

/** The next action of the case. */
export interface NextAction {
  stage: StageKey;
  what: Bilingual;
  holder: Holder;
  /** Since when it is in that hand (ISO), when known. */
  since: string | null;
  /** The console page where it is done, for the applicant's own actions. */
  to?: string;
}

/** The case as the page shows it. */
export interface CaseView {
  stages: Record<StageKey, StageState>;
  next: NextAction | null;
}

/** What the case is composed of. */
export interface CaseReads {
  registration: Pick<RegistrationView, 'status' | 'submittedAt'>;
  registrationProcess: CaseProcess | null;
  order: Pick<OrderDetail, 'id' | 'status' | 'remaining' | 'payments' | 'createdAt'> | null;
  orderProcess: CaseProcess | null;
  bindings: Pick<BindingChange, 'active' | 'review'>[];
  bindingProcess: CaseProcess | null;
}

/** What the case reads of a process: since when it stands, and its open tasks. */
export type CaseProcess = Pick<ProcessDetail, 'updatedAt'> & {
  openTasks: Pick<ProcessDetail['openTasks'][number], 'candidateRole' | 'openedAt'>[];
};

/** The stages in order, with their names. */
export const STAGES: [StageKey, Bilingual][] = [
  ['registration', msg('企业注册', 'Registration')],
  ['order', msg('下单', 'Order')],
  ['payment', msg('支付', 'Payment')],
  ['review', msg('材料审核', 'Materials review')],
  ['ukeys', msg('UKey 制作', 'UKeys')],
  ['binding', msg('CA 锁绑定', 'CA-lock binding')],
];

/** The department that works on a task of this role. */
const DEPARTMENT_OF: Record<string, Bilingual> = {
  registration_reviewer: msg('交易中心', 'Trading centre'),
  binding_admin: msg('交易中心', 'Trading centre'),
  ca_admin: msg('CA 机构', 'CA vendor'),
  finance: msg('财务', 'Finance'),
};

/** The open staff task of a process, as the holder of the next action and since when. */
function staffHolds(process: CaseProcess | null, stage: StageKey, what: Bilingual): NextAction | null {
  const task = process?.openTasks[0];
  if (!task) return null;
  return {
    stage,
    what,
    holder: { kind: 'department', name: DEPARTMENT_OF[task.candidateRole] ?? msg('工作人员', 'Staff') },
    since: task.openedAt,
  };
}

/** The applicant's own next action. */
const yours = (stage: StageKey, what: Bilingual, since: string | null, to?: string): NextAction => ({
  stage,
  what,
  holder: { kind: 'you' },
  since,
  to,
});

/** The stages done once the order's UKeys are all made. */
const BEFORE_BINDING: StageKey[] = ['registration', 'order', 'payment', 'review', 'ukeys'];

/** Composes the case from its reads. */
export function composeCase(r: CaseReads): CaseView {
  const stages = Object.fromEntries(STAGES.map(([key]) => [key, 'waiting'])) as Record<StageKey, StageState>;
  const mark = (upTo: StageKey) => {
    for (const [key] of STAGES) {
      if (key === upTo) {
        stages[key] = 'current';
        return;
      }
      stages[key] = 'done';
    }
  };

  // Registration.
  const reg = r.registration;
  const regSince = r.registrationProcess?.updatedAt ?? reg.submittedAt;
  if (reg.status !== 'approved') {
    mark('registration');
    if (reg.status === 'in_review')
      return {
        stages,
        next: staffHolds(r.registrationProcess, 'registration', msg('注册审核', 'Registration review')) ?? {
          stage: 'registration',
          what: msg('注册审核', 'Registration review'),
          holder: { kind: 'department', name: msg('交易中心', 'Trading centre') },
          since: regSince,
        },
      };
    const what =
      reg.status === 'returned'
        ? msg('按审核意见补正资料后重新提交', 'Correct the marked fields and submit again')
        : msg('完善企业资料并提交注册', 'Complete the enterprise profile and submit it');
    return { stages, next: yours('registration', what, regSince, '/portal/registration') };
  }

  // The latest order.
  const order = r.order;
  if (!order) {
    mark('order');
    return {
      stages,
      next: yours(
        'order',
        msg('选择服务并下单', 'Choose a service and place an order'),
        regSince,
        '/portal/orders/new',
      ),
    };
  }
  const orderSince = r.orderProcess?.updatedAt ?? order.createdAt;
  const orderPage = `/portal/orders/${encodeURIComponent(order.id)}`;
  switch (order.status) {
    case 'unpaid': {
      mark('payment');
      const transfer = order.payments.some((p) => p.method === 'bank_transfer' && p.status === 'pending');
      const held = transfer
        ? staffHolds(r.orderProcess, 'payment', msg('核对银行汇款', 'Checking the bank transfer'))
        : null;
      return { stages, next: held ?? yours('payment', msg('支付订单', 'Pay the order'), orderSince, orderPage) };
    }
    case 'paid':
      mark('review');
      return {
        stages,
        next: yours(
          'review',
          msg('上传盖章申请表等材料并提交', 'Upload the stamped form and materials and submit'),
          orderSince,
          orderPage,
        ),
      };
    case 'in_review':
      mark('review');
      return {
        stages,
        next: staffHolds(r.orderProcess, 'review', msg('材料审核', 'Materials review')) ?? {
          stage: 'review',
          what: msg('材料审核', 'Materials review'),
          holder: { kind: 'department', name: msg('CA 机构', 'CA vendor') },
          since: orderSince,
        },
      };
    case 'rejected':
      mark('review');
      return {
        stages,
        next: yours(
          'review',
          msg('按意见补正材料后重新提交', 'Replace the refused materials and submit again'),
          orderSince,
          orderPage,
        ),
      };
    case 'approved':
    case 'in_production':
      mark('ukeys');
      return {
        stages,
        next: yours(
          'ukeys',
          msg(`制作 UKey（剩余 ${order.remaining} 个）`, `Make the UKeys (${order.remaining} left)`),
          orderSince,
          `/portal/station/orders/${encodeURIComponent(order.id)}`,
        ),
      };
    case 'cancelled':
      mark('order');
      return {
        stages,
        next: yours(
          'order',
          msg('选择服务并下单', 'Choose a service and place an order'),
          orderSince,
          '/portal/orders/new',
        ),
      };
  }
  for (const key of BEFORE_BINDING) stages[key] = 'done';

  // Binding.
  const rows = r.bindings;
  const bindingSince = r.bindingProcess?.updatedAt ?? orderSince;
  if (rows.some((row) => row.active) && !rows.some((row) => ['unsubmitted', 'pending'].includes(row.review.code))) {
    stages.binding = 'done';
    return { stages, next: null };
  }
  stages.binding = 'current';
  if (rows.some((row) => row.review.code === 'unsubmitted'))
    return {
      stages,
      next: yours(
        'binding',
        msg('提交 CA 绑定信息', 'Submit the CA bindings'),
        bindingSince,
        '/portal/enterprise/ca-bindings',
      ),
    };
  if (rows.some((row) => row.review.code === 'pending')) {
    const what = msg(
      `CA 锁绑定审核（请联系管理员电话 ${BINDING_PHONE}）`,
      `CA-lock binding review (call the administrator on ${BINDING_PHONE})`,
    );
    return {
      stages,
      next: staffHolds(r.bindingProcess, 'binding', what) ?? {
        stage: 'binding',
        what,
        holder: { kind: 'department', name: msg('交易中心', 'Trading centre') },
        since: bindingSince,
      },
    };
  }
  return {
    stages,
    next: yours(
      'binding',
      msg('添加 CA 锁绑定', 'Add the CA-lock binding'),
      bindingSince,
      '/portal/enterprise/ca-bindings',
    ),
  };
}
