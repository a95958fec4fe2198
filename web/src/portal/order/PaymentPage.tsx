/**
 * A11 支付 (guide 二.2.3): 支付宝 through its pay page, 微信支付 by scanning the Native QR code shown here
 * (the simulator in the embedded default, whose pay link is shown too), or 银行汇款 to the vendor's
 * account shown here with the remittance slip uploaded and the amount; then the page waits for the payment
 * to be confirmed (the order leaves 未支付).
 */
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Descriptions from 'antd/es/descriptions';
import QRCode from 'antd/es/qr-code';
import Radio from 'antd/es/radio';
import { useEffect, useRef, useState } from 'react';
import {
  bankAccount,
  getOrder,
  reportTransfer,
  startPayment,
  uploadMaterial,
  type PortalOrder,
  type Wallet,
} from '../../api/portal-order';
import { Submission } from '../../api/submission';
import type { Attachment } from '../../api/types';
import { msg, useLang } from '../../i18n';
import { Link } from '../../shell/router';
import type { ScreenProps } from '../../shell/routes';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';
import { FilePreview } from '../../ui/FilePreview';
import { Loading } from '../../ui/Loading';
import { PageTitle } from '../../ui/PageTitle';
import { FilePicker } from './FilePicker';
import { MATERIALS_OPEN, ORDER_STATUS, yuan } from './text';

const TEXT = {
  title: msg('支付订单费用', 'Pay the order'),
  orderNo: msg('订单号', 'Order no.'),
  name: msg('订单名称', 'Order'),
  amount: msg('应付金额', 'Amount due'),
  status: msg('状态', 'Status'),
  method: msg('支付方式', 'Payment method'),
  alipay: msg('支付宝', 'Alipay'),
  wechatpay: msg('微信支付', 'WeChat Pay'),
  bank: msg('银行汇款（电汇、现金汇款）', 'Bank transfer'),
  onlineHint: msg(
    '点击“去支付”，在新打开的支付宝页面完成付款。',
    'Press “Go to pay” and pay on the Alipay page that opens.',
  ),
  goPay: msg('去支付', 'Go to pay'),
  wechatHint: msg(
    '点击“生成支付二维码”，再用微信“扫一扫”扫码付款。',
    'Press “Show the QR code”, then scan it with WeChat to pay.',
  ),
  showQr: msg('生成支付二维码', 'Show the QR code'),
  qrLabel: msg('微信支付二维码', 'WeChat Pay QR code'),
  scan: msg('请使用微信扫一扫完成支付', 'Scan with WeChat to pay'),
  simulatorLink: msg('在支付模拟器中打开（开发环境）', 'Open in the payment simulator (development)'),
  payPage: msg('如支付页面没有打开，请点击这里', 'If the payment page did not open, use this link'),
  accountName: msg('户名', 'Account name'),
  accountBank: msg('开户行', 'Bank'),
  accountNumber: msg('账号', 'Account number'),
  bankHint: msg(
    '请汇款后在此上传银行汇款底单，财务确认到账后订单即为已支付。',
    'After the transfer, upload the remittance slip here; finance confirms it.',
  ),
  slip: msg('上传汇款底单', 'Upload the remittance slip'),
  submitTransfer: msg('提交汇款信息', 'Report the transfer'),
  waiting: msg('正在等待支付结果确认…', 'Waiting for the payment to be confirmed…'),
  waitingTransfer: msg('汇款信息已提交，等待财务确认到账。', 'The transfer is reported; finance will confirm it.'),
  paid: msg('支付成功', 'Paid'),
  paidNext: msg('下一步：提交材料', 'Next: upload the materials'),
  renewNext: msg(
    '续期免材料审核；收到制证授权码短信后，到制证工作站续期 UKey',
    'A renewal without review: once the authorisation code arrives by SMS, renew the UKey at the token station',
  ),
  notUnpaid: msg('该订单无需支付', 'This order needs no payment'),
  back: msg('返回我的订单', 'Back to my orders'),
};

export default function PaymentPage({ params }: ScreenProps) {
  const { t } = useLang();
  const id = params.id;
  const errors = useApiErrors();
  const { show, clear } = errors;
  const [order, setOrder] = useState<PortalOrder | null>(null);
  const [account, setAccount] = useState<{ name: string; bank: string; number: string } | null>(null);
  const [method, setMethod] = useState<Wallet | 'bank'>('alipay');
  const [payUrl, setPayUrl] = useState<string | null>(null);
  const [codeUrl, setCodeUrl] = useState<string | null>(null);
  const [slip, setSlip] = useState<Attachment | null>(null);
  const [busy, setBusy] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const submission = useRef(new Submission());

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([getOrder(id, controller.signal), bankAccount(controller.signal)])
      .then(([o, a]) => {
        setOrder(o);
        setAccount(a);
        setSlip(o.materials.find((m) => m.kind === 'remittance_slip') ?? null);
        if (o.payments.some((p) => p.method === 'bank_transfer' && p.status === 'pending')) setWaiting(true);
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') show(err);
      });
    return () => controller.abort();
  }, [id]);

  // While a payment is on its way, the order is read again every 3 s until it leaves 未支付.
  useEffect(() => {
    if (!waiting || order?.status !== 'unpaid') return;
    const timer = setInterval(() => {
      getOrder(id)
        .then(setOrder)
        .catch(() => undefined);
    }, 3000);
    return () => clearInterval(timer);
  }, [waiting, order?.status, id]);

  const payOnline = async (wallet: Wallet) => {
    clear();
    setBusy(true);
    try {
      const started = await startPayment(id, wallet, submission.current);
      setWaiting(true);
      if (started.codeUrl) {
        setCodeUrl(started.codeUrl);
        return;
      }
      setPayUrl(started.payUrl);
      window.open(started.payUrl, '_blank', 'noopener');
    } catch (err) {
      show(err);
    } finally {
      setBusy(false);
    }
  };

  const transfer = async () => {
    if (!order || !slip) return;
    clear();
    setBusy(true);
    try {
      await reportTransfer(id, { slipAttachmentId: slip.id, amountFen: order.totalFen }, submission.current);
      setWaiting(true);
    } catch (err) {
      show(err);
    } finally {
      setBusy(false);
    }
  };

  if (!order) return errors.failure ? <FailureAlert errors={errors} /> : <Loading />;
  const settled = order.status !== 'unpaid';
  return (
    <section>
      <PageTitle extra={<Link to="/portal/orders">{t(TEXT.back)}</Link>}>{t(TEXT.title)}</PageTitle>
      <FailureAlert errors={errors} />
      <Descriptions
        bordered
        size="small"
        column={1}
        style={{ maxWidth: 640, marginBottom: 24 }}
        items={[
          { key: 'no', label: t(TEXT.orderNo), children: order.orderNo },
          { key: 'name', label: t(TEXT.name), children: String(order.service.name ?? '') },
          { key: 'amount', label: t(TEXT.amount), children: yuan(order.totalFen) },
          {
            key: 'status',
            label: t(TEXT.status),
            children: ORDER_STATUS[order.status] ? t(ORDER_STATUS[order.status]) : order.status,
          },
        ]}
      />
      {settled ? (
        <Alert
          type={order.paidAt ? 'success' : 'info'}
          showIcon
          title={t(order.paidAt ? TEXT.paid : TEXT.notUnpaid)}
          description={
            order.renewal?.reviewSkippedAt ? (
              <Link to={`/portal/station/orders/${encodeURIComponent(id)}`} style={{ textDecoration: 'underline' }}>
                {t(TEXT.renewNext)}
              </Link>
            ) : MATERIALS_OPEN.includes(order.status) ? (
              <Link to={`/portal/orders/${encodeURIComponent(id)}/materials`} style={{ textDecoration: 'underline' }}>
                {t(TEXT.paidNext)}
              </Link>
            ) : undefined
          }
        />
      ) : waiting && method === 'bank' ? (
        <Alert type="info" showIcon title={t(TEXT.waitingTransfer)} />
      ) : (
        <>
          <fieldset style={{ border: 0, padding: 0, margin: '0 0 16px' }}>
            <legend style={{ fontSize: 16, fontWeight: 600, border: 0, marginBottom: 8 }}>{t(TEXT.method)}</legend>
            <Radio.Group
              value={method}
              onChange={(e) => setMethod(e.target.value as Wallet | 'bank')}
              options={[
                { value: 'alipay', label: t(TEXT.alipay) },
                { value: 'wechatpay', label: t(TEXT.wechatpay) },
                { value: 'bank', label: t(TEXT.bank) },
              ]}
            />
          </fieldset>
          {method === 'wechatpay' ? (
            <div>
              <p>{t(TEXT.wechatHint)}</p>
              {codeUrl ? (
                <figure style={{ margin: 0 }}>
                  <QRCode value={codeUrl} size={200} role="img" aria-label={t(TEXT.qrLabel)} />
                  <figcaption style={{ marginTop: 8 }}>{t(TEXT.scan)}</figcaption>
                  {/^https?:/.test(codeUrl) && (
                    <p style={{ marginTop: 8 }}>
                      <a href={codeUrl} target="_blank" rel="noopener noreferrer">
                        {t(TEXT.simulatorLink)}
                      </a>
                    </p>
                  )}
                </figure>
              ) : (
                <Button type="primary" loading={busy} onClick={() => payOnline('wechatpay')}>
                  {t(TEXT.showQr)}
                </Button>
              )}
              {waiting && codeUrl && (
                <p role="status" style={{ marginTop: 16 }}>
                  {t(TEXT.waiting)}
                </p>
              )}
            </div>
          ) : method === 'alipay' ? (
            <div>
              <p>{t(TEXT.onlineHint)}</p>
              <Button type="primary" loading={busy} onClick={() => payOnline('alipay')}>
                {t(TEXT.goPay)}
              </Button>
              {payUrl && (
                <p style={{ marginTop: 16 }}>
                  <a href={payUrl} target="_blank" rel="noopener noreferrer">
                    {t(TEXT.payPage)}
                  </a>
                </p>
              )}
              {waiting && payUrl && (
                <p role="status" style={{ marginTop: 16 }}>
                  {t(TEXT.waiting)}
                </p>
              )}
            </div>
          ) : (
            <div style={{ maxWidth: 640 }}>
              {account && (
                <Descriptions
                  bordered
                  size="small"
                  column={1}
                  style={{ marginBottom: 16 }}
                  items={[
                    { key: 'name', label: t(TEXT.accountName), children: account.name },
                    { key: 'bank', label: t(TEXT.accountBank), children: account.bank },
                    { key: 'number', label: t(TEXT.accountNumber), children: account.number },
                  ]}
                />
              )}
              <p>{t(TEXT.bankHint)}</p>
              <FilePicker
                id="payment_slip"
                label={t(TEXT.slip)}
                upload={async (file) => {
                  clear();
                  try {
                    setSlip(await uploadMaterial(id, 'remittance_slip', file));
                  } catch (err) {
                    show(err);
                  }
                }}
              />
              {slip && (
                <div style={{ margin: '16px 0' }}>
                  <FilePreview file={slip} />
                </div>
              )}
              <div style={{ marginTop: 16 }}>
                <Button type="primary" disabled={!slip} loading={busy} onClick={transfer}>
                  {t(TEXT.submitTransfer)}
                </Button>
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
