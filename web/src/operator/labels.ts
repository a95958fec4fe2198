/** Names of process types and statuses as an operator reads them; an unknown code shows itself. */
import { msg, type Bilingual } from '../i18n';

/** The product's process types. */
export const PROCESS_TYPE_LABELS: Record<string, Bilingual> = {
  registration: msg('企业注册审核', 'Enterprise registration'),
  'certificate-order': msg('证书订单', 'Certificate order'),
  'ca-binding': msg('CA 锁绑定', 'CA-lock binding'),
  'certificate-lifecycle': msg('证书生命周期', 'Certificate lifecycle'),
  'enterprise-change': msg('企业信息变更', 'Change of enterprise information'),
  'order-refund': msg('订单退款', 'Order refund'),
};

/** Process statuses across the processes. */
export const PROCESS_STATUS_LABELS: Record<string, Bilingual> = {
  pending: msg('待处理', 'Pending'),
  in_review: msg('审核中', 'In review'),
  returned: msg('已退回', 'Returned'),
  approved: msg('已通过', 'Approved'),
  rejected: msg('未通过', 'Rejected'),
  withdrawn: msg('已撤回', 'Withdrawn'),
  unpaid: msg('未支付', 'Unpaid'),
  paid: msg('已支付', 'Paid'),
  in_production: msg('制证中', 'In production'),
  completed: msg('已完成', 'Completed'),
  cancelled: msg('已取消', 'Cancelled'),
  open: msg('待处理', 'Open'),
  refunded: msg('已退款', 'Refunded'),
  failed: msg('退款失败', 'Refund failed'),
  awaiting_dispatch: msg('待发货', 'Awaiting dispatch'),
  dispatched: msg('已发货', 'Dispatched'),
  awaiting_pickup: msg('待自取', 'Ready for pickup'),
  received: msg('已签收', 'Received'),
};

/** Where the Temporal Web UI of the embedded default runs, and its namespace (TEMPORAL_NAMESPACE's default). */
export const TEMPORAL_UI = { origin: 'http://localhost:8233', namespace: 'default' };

/** The Temporal Web UI page of a workflow (it decodes sealed payloads through the API's `/codec`). */
export const temporalUiUrl = (workflowId: string) =>
  `${TEMPORAL_UI.origin}/namespaces/${encodeURIComponent(TEMPORAL_UI.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
