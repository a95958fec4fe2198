/**
 * 我的签收: the enterprise's orders whose UKeys were dispatched (快递公司, 运单号) or set aside for pickup,
 * each with its status and the day receipt confirms itself; 确认签收 (asked once more first) on those not
 * yet received.
 */
import Button from 'antd/es/button';
import Modal from 'antd/es/modal';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { confirmReceipt, listDeliveries } from '../../api/deliveries';
import { Submission } from '../../api/submission';
import type { DeliveryRow } from '../../api/types';
import { msg, useLang } from '../../i18n';
import { Link } from '../../shell/router';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';
import { PageTitle } from '../../ui/PageTitle';
import { DELIVERY_METHOD, deliveryStatus } from './delivery-text';

const TEXT = {
  title: msg('我的签收', 'My deliveries'),
  hint: msg(
    '收到 UKey 后请确认签收；发货后超过规定天数未确认的，系统自动签收。',
    'Confirm receipt once the UKeys arrive; receipt confirms itself after the set number of days.',
  ),
  orderNo: msg('订单号', 'Order no.'),
  name: msg('订单名称', 'Order'),
  quantity: msg('数量', 'Quantity'),
  method: msg('配送方式', 'Delivery'),
  carrier: msg('快递公司', 'Carrier'),
  trackingNo: msg('运单号', 'Tracking number'),
  dispatchedAt: msg('发货时间', 'Dispatched'),
  status: msg('状态', 'Status'),
  receivedAt: msg('签收时间', 'Received'),
  autoConfirmAt: (at: string) => msg(`${at} 自动签收`, `confirms itself on ${at}`),
  actions: msg('操作', 'Actions'),
  confirm: msg('确认签收', 'Confirm receipt'),
  confirmTitle: msg('确认已收到 UKey？', 'Have the UKeys arrived?'),
  confirmText: (no: string) =>
    msg(
      `确认订单 ${no} 的 UKey 已收到。签收后不能撤销。`,
      `Confirm the UKeys of order ${no} arrived. This cannot be undone.`,
    ),
  cancel: msg('取消', 'Cancel'),
  confirmed: (no: string) => msg(`订单 ${no} 已签收`, `Receipt of order ${no} confirmed`),
  details: msg('订单详情', 'Details'),
  empty: msg('暂无已发货的订单', 'No UKeys dispatched yet'),
};

const when = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

export default function ReceiptsPage() {
  const { t } = useLang();
  const errors = useApiErrors();
  const { show, clear } = errors;
  const [rows, setRows] = useState<DeliveryRow[]>([]);
  const [loading, setLoading] = useState(true);
  const [confirming, setConfirming] = useState<DeliveryRow | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const submission = useRef(new Submission());

  const load = (signal?: AbortSignal) => {
    setLoading(true);
    listDeliveries(signal)
      .then((page) => setRows(page.items))
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') show(err);
      })
      .finally(() => setLoading(false));
  };

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, []);

  const confirm = async () => {
    if (!confirming) return;
    setBusy(true);
    clear();
    try {
      await confirmReceipt(confirming.orderId, submission.current);
      setNotice(t(TEXT.confirmed(confirming.orderNo)));
      setConfirming(null);
      load();
    } catch (err) {
      setConfirming(null);
      show(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <PageTitle>{t(TEXT.title)}</PageTitle>
      <p>{t(TEXT.hint)}</p>
      <FailureAlert errors={errors} />
      {notice && (
        <Typography.Paragraph role="status" type="success">
          {notice}
        </Typography.Paragraph>
      )}
      <Table<DeliveryRow>
        rowKey="orderId"
        size="middle"
        pagination={false}
        loading={loading}
        dataSource={rows}
        locale={{ emptyText: <span style={{ color: 'rgba(0,0,0,0.65)' }}>{t(TEXT.empty)}</span> }}
        columns={[
          { title: t(TEXT.orderNo), dataIndex: 'orderNo' },
          { title: t(TEXT.name), dataIndex: 'name' },
          { title: t(TEXT.quantity), dataIndex: 'quantity', align: 'right' },
          { title: t(TEXT.method), render: (_, d) => (d.method ? t(DELIVERY_METHOD[d.method]) : '—') },
          { title: t(TEXT.carrier), render: (_, d) => (d.carrierLabel ? t(d.carrierLabel) : '—') },
          { title: t(TEXT.trackingNo), render: (_, d) => d.trackingNo ?? '—' },
          { title: t(TEXT.dispatchedAt), render: (_, d) => when(d.dispatchedAt) },
          {
            title: t(TEXT.status),
            render: (_, d) => (
              <Tag color={d.status === 'received' ? 'success' : 'processing'}>{t(deliveryStatus(d))}</Tag>
            ),
          },
          {
            title: t(TEXT.receivedAt),
            render: (_, d) =>
              d.status === 'received' ? when(d.receivedAt) : t(TEXT.autoConfirmAt(when(d.autoConfirmAt))),
          },
          {
            title: t(TEXT.actions),
            render: (_, d) => (
              <span style={{ display: 'inline-flex', gap: 12, flexWrap: 'wrap' }}>
                {d.status !== 'received' && (
                  <Button
                    type="primary"
                    size="small"
                    aria-label={`${t(TEXT.confirm)} ${d.orderNo}`}
                    onClick={() => setConfirming(d)}
                  >
                    {t(TEXT.confirm)}
                  </Button>
                )}
                <Link
                  to={`/portal/orders/${encodeURIComponent(d.orderId)}`}
                  aria-label={`${t(TEXT.details)} ${d.orderNo}`}
                >
                  {t(TEXT.details)}
                </Link>
              </span>
            ),
          },
        ]}
      />
      <Modal
        open={confirming !== null}
        title={t(TEXT.confirmTitle)}
        okText={t(TEXT.confirm)}
        okButtonProps={{ loading: busy }}
        cancelText={t(TEXT.cancel)}
        onOk={confirm}
        onCancel={() => setConfirming(null)}
      >
        {confirming && <p>{t(TEXT.confirmText(confirming.orderNo))}</p>}
      </Modal>
    </section>
  );
}
