/**
 * A10 我的订单 (guide 二.3): 订单号, 订单名称, 总价, 状态 and the actions the status allows — 查看进度,
 * 支付, 删除订单 (confirmed first), 提交材料, 订单详情, 打印申请单.
 */
import Button from 'antd/es/button';
import Modal from 'antd/es/modal';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import { useEffect, useRef, useState } from 'react';
import { deleteOrder, listOrders, type OrderRow } from '../../api/portal-order';
import { Submission } from '../../api/submission';
import { msg, useLang } from '../../i18n';
import { Link } from '../../shell/router';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';
import { PageTitle } from '../../ui/PageTitle';
import { MATERIALS_OPEN, ORDER_STATUS, yuan } from './text';

const TEXT = {
  title: msg('我的订单', 'My orders'),
  orderNo: msg('订单号', 'Order no.'),
  name: msg('订单名称', 'Order'),
  total: msg('总价', 'Total'),
  status: msg('状态', 'Status'),
  actions: msg('操作', 'Actions'),
  progress: msg('查看进度', 'Progress'),
  pay: msg('支付', 'Pay'),
  remove: msg('删除订单', 'Delete'),
  materials: msg('提交材料', 'Materials'),
  details: msg('订单详情', 'Details'),
  print: msg('打印申请单', 'Application form'),
  confirmRemove: msg('删除这个订单？', 'Delete this order?'),
  confirmRemoveText: (no: string) => msg(`订单 ${no} 将被删除，不能恢复。`, `Order ${no} will be deleted for good.`),
  cancel: msg('取消', 'Cancel'),
  removed: (no: string) => msg(`订单 ${no} 已删除`, `Order ${no} is deleted`),
  newOrder: msg('选择服务', 'Choose a service'),
  more: msg('加载更多', 'More'),
  hint: msg(
    '订单状态“未支付”也可以上传申请材料，需先打印申请单盖章之后上传。',
    'Materials may be uploaded while the order is unpaid; print the application form and stamp it first.',
  ),
};

export default function MyOrdersPage() {
  const { t } = useLang();
  const errors = useApiErrors();
  const { show, clear } = errors;
  const [rows, setRows] = useState<OrderRow[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [removing, setRemoving] = useState<OrderRow | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const submission = useRef(new Submission());

  const load = (cursor: string | null, signal?: AbortSignal) => {
    setLoading(true);
    listOrders(cursor, signal)
      .then((page) => {
        setRows((old) => (cursor ? [...old, ...page.items] : page.items));
        setNext(page.nextCursor);
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') show(err);
      })
      .finally(() => setLoading(false));
  };

  useEffect(() => {
    const controller = new AbortController();
    load(null, controller.signal);
    return () => controller.abort();
  }, []);

  const remove = async () => {
    if (!removing) return;
    setBusy(true);
    clear();
    try {
      await deleteOrder(removing.id, submission.current);
      setNotice(t(TEXT.removed(removing.orderNo)));
      setRemoving(null);
      load(null);
    } catch (err) {
      setRemoving(null);
      show(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <PageTitle extra={<Link to="/portal/orders/new">{t(TEXT.newOrder)}</Link>}>{t(TEXT.title)}</PageTitle>
      <p>{t(TEXT.hint)}</p>
      <FailureAlert errors={errors} />
      {notice && (
        <Typography.Paragraph role="status" type="success">
          {notice}
        </Typography.Paragraph>
      )}
      <Table<OrderRow>
        rowKey="id"
        size="middle"
        pagination={false}
        loading={loading}
        dataSource={rows}
        columns={[
          { title: t(TEXT.orderNo), dataIndex: 'orderNo' },
          { title: t(TEXT.name), dataIndex: 'name' },
          { title: t(TEXT.total), align: 'right', render: (_, o) => yuan(o.totalFen) },
          { title: t(TEXT.status), render: (_, o) => (ORDER_STATUS[o.status] ? t(ORDER_STATUS[o.status]) : o.status) },
          {
            title: t(TEXT.actions),
            render: (_, o) => {
              const at = `/portal/orders/${encodeURIComponent(o.id)}`;
              const named = (label: string) => `${label} ${o.orderNo}`;
              return (
                <Space wrap size={[12, 4]}>
                  <Link to={`${at}#progress`} aria-label={named(t(TEXT.progress))}>
                    {t(TEXT.progress)}
                  </Link>
                  {o.status === 'unpaid' && (
                    <Link to={`${at}/payment`} aria-label={named(t(TEXT.pay))}>
                      {t(TEXT.pay)}
                    </Link>
                  )}
                  {o.status === 'unpaid' && (
                    <Button
                      type="link"
                      danger
                      style={{ padding: 0, height: 'auto' }}
                      aria-label={named(t(TEXT.remove))}
                      onClick={() => setRemoving(o)}
                    >
                      {t(TEXT.remove)}
                    </Button>
                  )}
                  {MATERIALS_OPEN.includes(o.status) && (
                    <Link to={`${at}/materials`} aria-label={named(t(TEXT.materials))}>
                      {t(TEXT.materials)}
                    </Link>
                  )}
                  <Link to={at} aria-label={named(t(TEXT.details))}>
                    {t(TEXT.details)}
                  </Link>
                  <Link to={`${at}/application-form`} aria-label={named(t(TEXT.print))}>
                    {t(TEXT.print)}
                  </Link>
                </Space>
              );
            },
          },
        ]}
      />
      {next && (
        <Button style={{ marginTop: 16 }} loading={loading} onClick={() => load(next)}>
          {t(TEXT.more)}
        </Button>
      )}
      <Modal
        open={removing !== null}
        title={t(TEXT.confirmRemove)}
        okText={t(TEXT.remove)}
        okButtonProps={{ danger: true, loading: busy }}
        cancelText={t(TEXT.cancel)}
        onOk={remove}
        onCancel={() => setRemoving(null)}
      >
        {removing && <p>{t(TEXT.confirmRemoveText(removing.orderNo))}</p>}
      </Modal>
    </section>
  );
}
