/**
 * R5 and R6, the order beside its decision. Materials review (ca_admin): the order's data and each
 * material previewed inline (a refusal's reason goes in the form, per document); 重发授权码 once a code
 * was issued. Bank transfer check (finance): the amount due beside the remittance slip and the
 * transfers the applicant reported; 实收金额 is typed in 元 in the form and sent in fen.
 */
import Alert from 'antd/es/alert';
import AntApp from 'antd/es/app';
import Button from 'antd/es/button';
import Descriptions from 'antd/es/descriptions';
import Typography from 'antd/es/typography';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ApiFailure } from '../../api/client';
import { getOrder, orderIdOf, reissueAuthCode } from '../../api/reviews';
import type { OrderDetail } from '../../api/types';
import { msg, useLang } from '../../i18n';
import { FilePreview } from '../../ui/FilePreview';
import { yuan } from './money';
import type { ContextProps } from './types';
import { useLoad } from './useLoad';

const TEXT = {
  order: msg('订单', 'Order'),
  orderNo: msg('订单号', 'Order No.'),
  enterprise: msg('机构名称', 'Organisation'),
  creditCode: msg('证件号', 'Credit code'),
  handler: msg('经办人', 'Handler'),
  quantity: msg('数量', 'Quantity'),
  total: msg('应收金额', 'Amount due'),
  created: msg('下单时间', 'Ordered'),
  materials: msg('申请材料', 'Materials'),
  noMaterials: msg('尚无材料', 'No materials yet'),
  slip: msg('汇款底单', 'Remittance slip'),
  noSlip: msg('申请人尚未上传汇款底单', 'The applicant has not uploaded a remittance slip'),
  reported: msg('申报的汇款', 'Reported transfers'),
  reissue: msg('重发授权码', 'Re-send the authorisation code'),
  reissued: msg('已重新下发授权码（短信）', 'A new authorisation code was sent by SMS'),
  authCode: msg('授权码', 'Authorisation code'),
  authCodeState: msg('有效期至 {at}，错误 {n} 次', 'valid until {at}, {n} wrong attempts'),
  locked: msg('已锁定', 'locked'),
};

const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

/** The order of the task's process. */
function useOrder(processId: string) {
  const orderId = orderIdOf(processId);
  return useLoad(processId, (signal) =>
    orderId ? getOrder(orderId, signal) : Promise.reject(new Error(`not an order process: ${processId}`)),
  );
}

function Failure({ error }: { error: unknown }) {
  const { t } = useLang();
  return <Alert type="error" title={error instanceof ApiFailure ? t(error.bilingual) : String(error)} />;
}

/** The order's key facts. */
function OrderFacts({ order }: { order: OrderDetail }) {
  const { t } = useLang();
  const reg = order.registration;
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      items={[
        { key: 'no', label: t(TEXT.orderNo), children: order.orderNo },
        { key: 'name', label: t(TEXT.enterprise), children: reg.organization.name },
        { key: 'code', label: t(TEXT.creditCode), children: reg.organization.creditCode },
        {
          key: 'handler',
          label: t(TEXT.handler),
          children: `${reg.handler.name} ${reg.handler.mobile}`,
        },
        { key: 'quantity', label: t(TEXT.quantity), children: order.quantity },
        { key: 'total', label: t(TEXT.total), children: <strong>{yuan(order.totalFen)}</strong> },
        { key: 'created', label: t(TEXT.created), children: dayjs(order.createdAt).format('YYYY-MM-DD HH:mm') },
      ]}
    />
  );
}

/** R5: the order and its materials, previewed; 重发授权码. */
export function MaterialsPanel({ task }: ContextProps) {
  const { t } = useLang();
  const { message } = AntApp.useApp();
  const { data: order, error } = useOrder(task.processId);
  const [sending, setSending] = useState(false);
  if (error) return <Failure error={error} />;
  if (!order) return null;
  const materials = order.materials.filter((m) => m.kind !== 'remittance_slip');
  const kindName = (kind: string) => {
    const i = task.form.find((f) => f.name === 'documentReasons')?.choices?.indexOf(kind) ?? -1;
    const field = task.form.find((f) => f.name === 'documentReasons');
    return i >= 0 && field?.choiceLabels ? t(field.choiceLabels[i]) : kind;
  };
  const reissue = async () => {
    setSending(true);
    try {
      await reissueAuthCode(order.id);
      void message.success(t(TEXT.reissued));
    } catch (err) {
      void message.error(err instanceof ApiFailure ? t(err.bilingual) : String(err));
    } finally {
      setSending(false);
    }
  };
  return (
    <section aria-labelledby="order_title">
      <Typography.Title level={2} id="order_title" style={{ fontSize: 18 }}>
        {t(TEXT.order)} {order.orderNo}
      </Typography.Title>
      <OrderFacts order={order} />
      {order.authCode && (
        <div style={{ display: 'flex', gap: 12, alignItems: 'center', margin: '12px 0' }}>
          <span>
            {t(TEXT.authCode)}：
            {fill(t(TEXT.authCodeState), {
              at: dayjs(order.authCode.expiresAt).format('YYYY-MM-DD HH:mm'),
              n: order.authCode.failures,
            })}
            {order.authCode.locked && `（${t(TEXT.locked)}）`}
          </span>
          <Button loading={sending} onClick={() => void reissue()}>
            {t(TEXT.reissue)}
          </Button>
        </div>
      )}
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
        {t(TEXT.materials)}
      </Typography.Title>
      {materials.length === 0 && <Typography.Text type="secondary">{t(TEXT.noMaterials)}</Typography.Text>}
      <div style={{ display: 'grid', gap: 16 }}>
        {materials.map((file) => (
          <div key={file.id} data-material={file.kind}>
            <strong>{kindName(file.kind)}</strong>
            <FilePreview file={file} />
          </div>
        ))}
      </div>
    </section>
  );
}

/** R6: the amount due beside the remittance slip and the reported transfers. */
export function TransferPanel({ task }: ContextProps) {
  const { t } = useLang();
  const { data: order, error } = useOrder(task.processId);
  if (error) return <Failure error={error} />;
  if (!order) return null;
  const slip = order.materials.find((m) => m.kind === 'remittance_slip');
  const transfers = order.payments.filter((p) => p.method === 'bank_transfer');
  return (
    <section aria-labelledby="transfer_title">
      <Typography.Title level={2} id="transfer_title" style={{ fontSize: 18 }}>
        {t(TEXT.order)} {order.orderNo} · {t(TEXT.total)} {yuan(order.totalFen)}
      </Typography.Title>
      <OrderFacts order={order} />
      {transfers.length > 0 && (
        <p style={{ marginTop: 12 }}>
          {t(TEXT.reported)}：{transfers.map((p) => `${yuan(p.amountFen)}（${p.status}）`).join('；')}
        </p>
      )}
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
        {t(TEXT.slip)}
      </Typography.Title>
      {slip ? <FilePreview file={slip} /> : <Alert type="warning" title={t(TEXT.noSlip)} />}
    </section>
  );
}
