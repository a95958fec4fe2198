/**
 * The CA administrator's dispatch of an order's UKeys (order.dispatch), beside the generic form: where they
 * go (the shipping details as ordered, with the courier the applicant asked for), the UKeys made, and the
 * tracking number each carrier's format expects. 发货 takes a carrier and tracking number; 客户自取 none.
 */
import Alert from 'antd/es/alert';
import Descriptions from 'antd/es/descriptions';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import { ApiFailure } from '../../api/client';
import { getOrder, orderIdOf } from '../../api/reviews';
import { msg, useLang, type Bilingual } from '../../i18n';
import type { ContextProps } from './types';
import { useLoad } from './useLoad';

const TEXT = {
  order: msg('订单', 'Order'),
  dispatch: msg('UKey 发货', 'Dispatch of the UKeys'),
  organization: msg('机构名称', 'Organisation'),
  handler: msg('经办人', 'Handler'),
  quantity: msg('数量', 'Quantity'),
  shipping: msg('收货信息', 'Ship to'),
  recipient: msg('收件人', 'Recipient'),
  mobile: msg('手机', 'Mobile'),
  landline: msg('固定电话', 'Landline'),
  address: msg('收货地址', 'Address'),
  courier: msg('申请人选择的快递', 'Courier asked for'),
  made: msg('已制作的 UKey', 'UKeys made'),
  serial: msg('锁号', 'UKey'),
  model: msg('型号', 'Model'),
  certificate: msg('证书序列号', 'Certificate serial'),
  formats: msg('运单号格式', 'Tracking number formats'),
  carrier: msg('快递公司', 'Carrier'),
  format: msg('格式', 'Format'),
};

/** The couriers of the order form. */
const COURIERS: Record<string, Bilingual> = {
  sf_prepaid: msg('顺丰寄付', 'SF Express, sender pays'),
  sf_collect: msg('顺丰到付', 'SF Express, recipient pays'),
};

export default function DeliveryPanel({ task }: ContextProps) {
  const { t } = useLang();
  const orderId = orderIdOf(task.processId);
  const { data: order, error } = useLoad(task.processId, (signal) =>
    orderId ? getOrder(orderId, signal) : Promise.reject(new Error(`not an order process: ${task.processId}`)),
  );
  if (error) return <Alert type="error" title={error instanceof ApiFailure ? t(error.bilingual) : String(error)} />;
  if (!order) return null;
  const ship = order.shipping;
  const carrierField = task.form.find((f) => f.name === 'carrier');
  const formats = task.form.find((f) => f.name === 'trackingNo')?.formatBy?.formats ?? {};
  const carrierName = (code: string) => {
    const i = carrierField?.choices?.indexOf(code) ?? -1;
    return i >= 0 && carrierField?.choiceLabels ? t(carrierField.choiceLabels[i]) : code;
  };
  return (
    <section aria-labelledby="dispatch_title">
      <Typography.Title level={2} id="dispatch_title" style={{ fontSize: 18 }}>
        {t(TEXT.dispatch)} · {t(TEXT.order)} {order.orderNo}
      </Typography.Title>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          { key: 'org', label: t(TEXT.organization), children: order.registration.organization.name },
          {
            key: 'handler',
            label: t(TEXT.handler),
            children: `${order.registration.handler.name} ${order.registration.handler.mobile}`,
          },
          { key: 'quantity', label: t(TEXT.quantity), children: order.quantity },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
        {t(TEXT.shipping)}
      </Typography.Title>
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          { key: 'recipient', label: t(TEXT.recipient), children: ship.recipient },
          { key: 'mobile', label: t(TEXT.mobile), children: ship.mobile },
          ...(ship.landline ? [{ key: 'landline', label: t(TEXT.landline), children: ship.landline }] : []),
          { key: 'address', label: t(TEXT.address), children: `${ship.province}${ship.city}${ship.street}` },
          {
            key: 'courier',
            label: t(TEXT.courier),
            children: COURIERS[ship.courier] ? t(COURIERS[ship.courier]) : ship.courier,
          },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
        {t(TEXT.made)}
      </Typography.Title>
      <Table
        rowKey="itemId"
        size="small"
        pagination={false}
        dataSource={order.tokens.filter((k) => k.step === 'done')}
        columns={[
          { title: t(TEXT.serial), dataIndex: 'tokenSerial' },
          { title: t(TEXT.model), dataIndex: 'ukeyModel' },
          { title: t(TEXT.certificate), render: (_, k) => k.certificateSerial ?? '' },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
        {t(TEXT.formats)}
      </Typography.Title>
      <Table
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={(carrierField?.choices ?? [])
          .filter((code) => formats[code])
          .map((code) => ({ code, hint: formats[code].hint }))}
        columns={[
          { title: t(TEXT.carrier), render: (_, f) => carrierName(f.code) },
          { title: t(TEXT.format), render: (_, f) => t(f.hint) },
        ]}
      />
    </section>
  );
}
