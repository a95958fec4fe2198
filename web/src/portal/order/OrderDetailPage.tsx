/**
 * A14 订单详情 / 查看进度: where the order stands (未支付 → 已支付 → 材料审核 → 审核通过 → 制证中 → 已完成,
 * or, once the UKeys are made, → 发货 (已发货 / 待自取) → 已签收), the delivery (物流信息), the order, its payments, its materials (with the CA's reason on a refused one), the UKeys still to make
 * and each one's step, and the 意见 table; with the actions the status allows.
 */
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Descriptions from 'antd/es/descriptions';
import Space from 'antd/es/space';
import Steps from 'antd/es/steps';
import Table from 'antd/es/table';
import dayjs from 'dayjs';
import { useEffect, useState, type ReactNode } from 'react';
import { getOrder, type PortalOrder } from '../../api/portal-order';
import { msg, useLang, type Bilingual } from '../../i18n';
import { Link } from '../../shell/router';
import type { ScreenProps } from '../../shell/routes';
import type { Delivery } from '../../api/types';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';
import { Loading } from '../../ui/Loading';
import { PageTitle } from '../../ui/PageTitle';
import { DELIVERY_METHOD, DELIVERY_STATUS, deliveryStatus } from './delivery-text';
import { MATERIALS_OPEN, materialName, ORDER_STATUS, yuan } from './text';

const TEXT = {
  title: msg('订单详情', 'Order details'),
  progress: msg('查看进度', 'Progress'),
  refresh: msg('刷新', 'Refresh'),
  back: msg('返回我的订单', 'Back to my orders'),
  pay: msg('支付', 'Pay'),
  materials: msg('提交材料', 'Materials'),
  print: msg('打印申请单', 'Application form'),
  order: msg('订单信息', 'Order'),
  orderNo: msg('订单号', 'Order no.'),
  reissueOf: msg('补办的证书', 'Re-issue of certificate'),
  name: msg('订单名称', 'Order'),
  status: msg('状态', 'Status'),
  quantity: msg('数量', 'Quantity'),
  unitPrice: msg('单价', 'Unit price'),
  total: msg('总价', 'Total'),
  remaining: msg('剩余待制证数量', 'UKeys still to make'),
  createdAt: msg('下单时间', 'Ordered'),
  paidAt: msg('支付时间', 'Paid'),
  organization: msg('机构名称', 'Organisation'),
  handler: msg('经办人', 'Handler'),
  payments: msg('支付记录', 'Payments'),
  method: msg('支付方式', 'Method'),
  amount: msg('金额', 'Amount'),
  paymentStatus: msg('支付状态', 'Status'),
  reason: msg('说明', 'Note'),
  refunds: msg('退款记录', 'Refunds'),
  refundStatus: msg('退款状态', 'Refund'),
  providerRefund: msg('退款单号', 'Provider refund no.'),
  decidedAt: msg('处理时间', 'Decided'),
  materialsTitle: msg('申请材料', 'Materials'),
  kind: msg('材料', 'Material'),
  file: msg('文件', 'File'),
  uploadedAt: msg('上传时间', 'Uploaded'),
  review: msg('审核意见', 'Review'),
  tokens: msg('UKey 制作进度', 'UKeys'),
  serial: msg('锁号', 'UKey'),
  model: msg('型号', 'Model'),
  step: msg('步骤', 'Step'),
  certificate: msg('证书序列号', 'Certificate serial'),
  comments: msg('意见', 'Comments'),
  seq: msg('序号', 'No.'),
  bizStep: msg('业务步骤', 'Step'),
  department: msg('部门', 'Department'),
  comment: msg('意见', 'Comment'),
  at: msg('时间', 'Time'),
  none: msg('暂无', 'None yet'),
  rejected: msg(
    '材料审核未通过，请按意见补正后重新提交。',
    'The materials were refused: correct them and submit again.',
  ),
  cancelled: msg('订单已取消', 'The order is cancelled'),
  delivery: msg('物流信息', 'Delivery'),
  deliveryMethod: msg('配送方式', 'Delivery'),
  carrier: msg('快递公司', 'Carrier'),
  trackingNo: msg('运单号', 'Tracking number'),
  dispatchedAt: msg('发货时间', 'Dispatched'),
  deliveryStatus: msg('签收状态', 'Receipt'),
  receivedAt: msg('签收时间', 'Received'),
  autoConfirmAt: msg('自动签收时间', 'Confirms itself on'),
  address: msg('收货地址', 'Ship to'),
  toReceipts: msg('去签收', 'Confirm receipt'),
  dispatchStep: msg('发货', 'Dispatch'),
  receiptStep: msg('签收', 'Receipt'),
};

/** The stepper's steps, each with the statuses it stands for. */
const STEPS: { title: Bilingual; statuses: string[] }[] = [
  { title: msg('未支付', 'Unpaid'), statuses: ['unpaid'] },
  { title: msg('已支付', 'Paid'), statuses: ['paid'] },
  { title: msg('材料审核', 'In review'), statuses: ['in_review', 'rejected'] },
  { title: msg('审核通过', 'Approved'), statuses: ['approved'] },
  { title: msg('制作 UKey', 'Making UKeys'), statuses: ['in_production'] },
  { title: msg('已完成', 'Done'), statuses: ['completed'] },
];

/**
 * The stepper of an order whose UKeys are all made and handed to delivery: its steps up to 制作 UKey, then
 * 发货 (named 已发货 or 待自取 once done, with the carrier and tracking number) and 签收; and the step it is at.
 */
function deliverySteps(d: Delivery): { steps: { title: Bilingual; description?: Bilingual }[]; current: number } {
  const made = STEPS.slice(0, -1).map((s) => ({ title: s.title }));
  const dispatch = {
    title:
      d.status === 'awaiting_dispatch'
        ? TEXT.dispatchStep
        : DELIVERY_STATUS[d.method === 'pickup' ? 'awaiting_pickup' : 'dispatched'],
    description:
      d.carrierLabel && d.trackingNo
        ? msg(`${d.carrierLabel.zh} ${d.trackingNo}`, `${d.carrierLabel.en} ${d.trackingNo}`)
        : undefined,
  };
  const receipt = { title: d.status === 'received' ? deliveryStatus(d) : TEXT.receiptStep };
  const at: Record<Delivery['status'], number> = {
    awaiting_dispatch: made.length,
    dispatched: made.length + 1,
    awaiting_pickup: made.length + 1,
    received: made.length + 2,
  };
  return { steps: [...made, dispatch, receipt], current: at[d.status] };
}

const METHODS: Record<string, Bilingual> = {
  online: msg('在线支付', 'Online'),
  wechatpay: msg('微信支付', 'WeChat Pay'),
  alipay: msg('支付宝', 'Alipay'),
  bank_transfer: msg('银行汇款', 'Bank transfer'),
};
const PAYMENT_STATUS: Record<string, Bilingual> = {
  pending: msg('待确认', 'To confirm'),
  paid: msg('已支付', 'Paid'),
  refused: msg('未到账', 'Refused'),
};
const REFUND_STATUS: Record<string, Bilingual> = {
  open: msg('待财务退款', 'With finance'),
  refunded: msg('已退款', 'Refunded'),
  not_received: msg('款项未到账', 'Never arrived'),
  cancelled: msg('已关闭', 'Closed'),
  failed: msg('退款失败', 'Refund refused by the provider'),
};
const TOKEN_STEPS: Record<string, Bilingual> = {
  queued: msg('排队中', 'Queued'),
  generating_key: msg('生成密钥', 'Generating the key'),
  issuing_certificate: msg('签发证书', 'Issuing the certificate'),
  writing_certificate: msg('写入证书', 'Writing the certificate'),
  done: msg('完成', 'Done'),
  failed: msg('失败', 'Failed'),
};

const when = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

export default function OrderDetailPage({ params }: ScreenProps) {
  const { t } = useLang();
  const id = params.id;
  const errors = useApiErrors();
  const { show, clear, failure } = errors;
  const [order, setOrder] = useState<PortalOrder | null>(null);
  const [loading, setLoading] = useState(false);

  const load = (signal?: AbortSignal) => {
    setLoading(true);
    getOrder(id, signal)
      .then((o) => {
        setOrder(o);
        clear();
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') show(err);
      })
      .finally(() => setLoading(false));
  };

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [id]);

  if (!order) return failure ? <FailureAlert errors={errors} /> : <Loading />;
  const label = (labels: Record<string, Bilingual>, code: string) => (labels[code] ? t(labels[code]) : code);
  const current = STEPS.findIndex((s) => s.statuses.includes(order.status));
  const delivery = order.delivery ? deliverySteps(order.delivery) : null;
  const at = `/portal/orders/${encodeURIComponent(id)}`;
  const section = (title: Bilingual, body: ReactNode) => (
    <section style={{ marginTop: 24 }}>
      <h2 style={{ fontSize: 17 }}>{t(title)}</h2>
      {body}
    </section>
  );

  return (
    <section>
      <PageTitle
        extra={
          <Space wrap>
            {order.status === 'unpaid' && <Link to={`${at}/payment`}>{t(TEXT.pay)}</Link>}
            {MATERIALS_OPEN.includes(order.status) && <Link to={`${at}/materials`}>{t(TEXT.materials)}</Link>}
            <Link to={`${at}/application-form`}>{t(TEXT.print)}</Link>
            <Button loading={loading} onClick={() => load()}>
              {t(TEXT.refresh)}
            </Button>
            <Link to="/portal/orders">{t(TEXT.back)}</Link>
          </Space>
        }
      >
        {t(TEXT.title)}
      </PageTitle>
      <FailureAlert errors={errors} />
      <section id="progress" aria-label={t(TEXT.progress)} style={{ margin: '8px 0 16px' }}>
        {order.status === 'cancelled' ? (
          <Alert type="info" showIcon title={t(TEXT.cancelled)} />
        ) : delivery ? (
          <Steps
            current={delivery.current}
            items={delivery.steps.map((s) => ({ title: t(s.title), description: s.description && t(s.description) }))}
          />
        ) : (
          <Steps
            current={order.status === 'completed' ? STEPS.length : current}
            status={order.status === 'rejected' ? 'error' : undefined}
            items={STEPS.map((s) => ({ title: t(s.title) }))}
          />
        )}
      </section>
      {order.delivery &&
        section(
          TEXT.delivery,
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              {
                key: 'status',
                label: t(TEXT.deliveryStatus),
                children:
                  order.delivery.status === 'dispatched' || order.delivery.status === 'awaiting_pickup' ? (
                    <Space size={12}>
                      {t(deliveryStatus(order.delivery))}
                      <Link to="/portal/receipts">{t(TEXT.toReceipts)}</Link>
                    </Space>
                  ) : (
                    t(deliveryStatus(order.delivery))
                  ),
              },
              {
                key: 'method',
                label: t(TEXT.deliveryMethod),
                children: order.delivery.method ? t(DELIVERY_METHOD[order.delivery.method]) : '—',
              },
              {
                key: 'carrier',
                label: t(TEXT.carrier),
                children: order.delivery.carrierLabel ? t(order.delivery.carrierLabel) : '—',
              },
              { key: 'tracking', label: t(TEXT.trackingNo), children: order.delivery.trackingNo ?? '—' },
              { key: 'dispatched', label: t(TEXT.dispatchedAt), children: when(order.delivery.dispatchedAt) },
              order.delivery.status === 'received'
                ? { key: 'received', label: t(TEXT.receivedAt), children: when(order.delivery.receivedAt) }
                : { key: 'auto', label: t(TEXT.autoConfirmAt), children: when(order.delivery.autoConfirmAt) },
              {
                key: 'address',
                label: t(TEXT.address),
                span: 'filled',
                children: `${order.shipping.recipient} ${order.shipping.mobile} ${order.shipping.province}${order.shipping.city}${order.shipping.street}`,
              },
            ]}
          />,
        )}
      {order.status === 'rejected' && (
        <Alert
          type="warning"
          showIcon
          title={t(TEXT.rejected)}
          description={order.reason ?? undefined}
          action={<Link to={`${at}/materials`}>{t(TEXT.materials)}</Link>}
        />
      )}
      {section(
        TEXT.order,
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'no', label: t(TEXT.orderNo), children: order.orderNo },
            { key: 'name', label: t(TEXT.name), children: String(order.service.name ?? '') },
            { key: 'status', label: t(TEXT.status), children: label(ORDER_STATUS, order.status) },
            { key: 'quantity', label: t(TEXT.quantity), children: order.quantity },
            { key: 'unit', label: t(TEXT.unitPrice), children: yuan(order.unitPriceFen) },
            { key: 'total', label: t(TEXT.total), children: yuan(order.totalFen) },
            ...(order.reissueOf
              ? [{ key: 'reissue', label: t(TEXT.reissueOf), children: <code>{order.reissueOf}</code> }]
              : []),
            { key: 'remaining', label: t(TEXT.remaining), children: order.remaining },
            { key: 'created', label: t(TEXT.createdAt), children: when(order.createdAt) },
            { key: 'paid', label: t(TEXT.paidAt), children: when(order.paidAt) },
            { key: 'org', label: t(TEXT.organization), children: order.registration.organization.name },
            { key: 'handler', label: t(TEXT.handler), children: order.registration.handler.name },
          ]}
        />,
      )}
      {section(
        TEXT.payments,
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={order.payments}
          locale={{ emptyText: <span style={{ color: 'rgba(0,0,0,0.65)' }}>{t(TEXT.none)}</span> }}
          columns={[
            {
              title: t(TEXT.method),
              render: (_, p) =>
                label(METHODS, p.provider === 'wechatpay' || p.provider === 'alipay' ? p.provider : p.method),
            },
            { title: t(TEXT.amount), align: 'right', render: (_, p) => yuan(p.amountFen) },
            { title: t(TEXT.paymentStatus), render: (_, p) => label(PAYMENT_STATUS, p.status) },
            { title: t(TEXT.paidAt), render: (_, p) => when(p.paidAt) },
            { title: t(TEXT.reason), render: (_, p) => p.reason ?? '' },
          ]}
        />,
      )}
      {(order.refunds?.length ?? 0) > 0 &&
        section(
          TEXT.refunds,
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={order.refunds}
            columns={[
              { title: t(TEXT.amount), align: 'right', render: (_, r) => yuan(r.amountFen) },
              { title: t(TEXT.refundStatus), render: (_, r) => label(REFUND_STATUS, r.status) },
              { title: t(TEXT.reason), render: (_, r) => [r.reason, r.comment].filter(Boolean).join('；') },
              { title: t(TEXT.providerRefund), render: (_, r) => r.providerRefundId ?? '—' },
              { title: t(TEXT.decidedAt), render: (_, r) => when(r.decidedAt) },
            ]}
          />,
        )}
      {section(
        TEXT.materialsTitle,
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={order.materials}
          locale={{ emptyText: <span style={{ color: 'rgba(0,0,0,0.65)' }}>{t(TEXT.none)}</span> }}
          columns={[
            { title: t(TEXT.kind), render: (_, m) => t(materialName(m.kind)) },
            {
              title: t(TEXT.file),
              render: (_, m) => (
                <a href={m.url} download={m.fileName}>
                  {m.fileName}
                </a>
              ),
            },
            { title: t(TEXT.uploadedAt), render: (_, m) => when(m.uploadedAt) },
            { title: t(TEXT.review), render: (_, m) => order.rejectedDocuments[m.kind] ?? '' },
          ]}
        />,
      )}
      {section(
        TEXT.tokens,
        <Table
          rowKey="itemId"
          size="small"
          pagination={false}
          dataSource={order.tokens}
          locale={{ emptyText: <span style={{ color: 'rgba(0,0,0,0.65)' }}>{t(TEXT.none)}</span> }}
          columns={[
            { title: t(TEXT.serial), dataIndex: 'tokenSerial' },
            { title: t(TEXT.model), dataIndex: 'ukeyModel' },
            { title: t(TEXT.step), render: (_, k) => label(TOKEN_STEPS, k.step) },
            { title: t(TEXT.certificate), render: (_, k) => k.certificateSerial ?? '' },
          ]}
        />,
      )}
      {section(
        TEXT.comments,
        <Table
          rowKey="seq"
          size="small"
          pagination={false}
          dataSource={order.comments}
          locale={{ emptyText: <span style={{ color: 'rgba(0,0,0,0.65)' }}>{t(TEXT.none)}</span> }}
          columns={[
            { title: t(TEXT.seq), dataIndex: 'seq', width: 72 },
            { title: t(TEXT.bizStep), dataIndex: 'step' },
            { title: t(TEXT.department), dataIndex: 'department' },
            { title: t(TEXT.comment), dataIndex: 'comment' },
            { title: t(TEXT.at), render: (_, c) => when(c.at) },
          ]}
        />,
      )}
    </section>
  );
}
