/**
 * Paying an order: online through the payment provider (its signed asynchronous notification applies
 * the payment once), or by bank transfer with a remittance slip that finance confirms. The embedded
 * default has a payment simulator that produces correctly signed notifications.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { randomBytes, randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { bankTransferUpdate, paymentReceivedUpdate } from '../../../contracts/certificate-order';
import {
  orderRefundWorkflowId,
  type OrderRefundInput,
  type OrderRefundWorkflow,
} from '../../../contracts/order-refund';
import type { PaymentNotice } from '../../../integrations/payments/ports';
import { fieldProblem, msg } from '../../../domain/text';
import type { OrderRow, UserRow } from '../../../platform/db/schema';
import { fenToYuan } from '../../../integrations/payments/money';
import { conflict, invalid, notFound } from '../../errors';
import { actorOfRequest } from '../../plugins/auth';
import { idempotencyId } from '../../plugins/idempotency';
import { withinTemporalDeadline } from '../../process-calls';
import { startProcess } from '../../start-process';
import { findCurrentAttachment } from '../../repos/attachments';
import { materialsOwner, orderProcessId, ownOrder } from '../../repos/orders';
import {
  deletePayment,
  findOnlinePayment,
  findPayment,
  insertPayment,
  logPaymentNotification,
  markPaymentPaid,
  newPaymentId,
  type NotificationFacts,
} from '../../repos/payments';
import {
  BankAccountSchema,
  BankTransferBody,
  PaymentStartBody,
  PaymentStartedSchema,
  ProviderAnswer,
  ProviderParams,
  ProviderRefusal,
  SimulatorPage,
  SimulatorPaidSchema,
  TransferReportedSchema,
} from '../../schemas/certificate-order';
import { acceptFormBodies, noBodyIsEmpty } from '../../route-options';
import { ErrorSchema, errors, IdParams } from '../../schemas/common';

/** The simulator's page: the payment and a button that pays it. */
function simulatorPage(payment: { id: string; amount_fen: number; status: string }): string {
  return `<!doctype html><html lang="zh"><meta charset="utf-8"><title>模拟支付 Payment simulator</title>
<body style="font-family:sans-serif;max-width:32em;margin:3em auto">
<h1>模拟支付 <small>Payment simulator</small></h1>
<p>支付单 Payment: <code>${payment.id}</code></p><p>金额 Amount: <b>¥${fenToYuan(payment.amount_fen)}</b></p><p>状态 Status: ${payment.status}</p>
<form method="post" action="/api/v1/payments/simulator/${payment.id}/pay"><button type="submit">确认支付 Pay</button></form>
</body></html>`;
}

type NoticeLog = (outcome: string, facts?: NotificationFacts) => Promise<void>;
type PaidNotice = Extract<PaymentNotice, { valid: true }>;

function noticeFacts(notice: PaidNotice): NotificationFacts {
  return {
    out_trade_no: notice.outTradeNo,
    trade_no: notice.tradeNo,
    trade_status: notice.status,
    amount_fen: notice.amountFen,
  };
}

/**
 * Applies a notification whose signature `provider` checked to its payment and order, once; answers why
 * it is refused, or null when it is handled (applied, a duplicate, or not a payment yet). Money the order
 * refuses (cancelled, expired unpaid, closed) opens a refund for finance.
 */
async function applyNotice(
  app: FastifyInstance,
  provider: string,
  notice: PaidNotice,
  log: NoticeLog,
): Promise<string | null> {
  const facts = noticeFacts(notice);
  const payment = await findOnlinePayment(app.db, notice.outTradeNo);
  if (!payment || payment.provider !== provider) return 'unknown_trade';
  if (payment.amount_fen !== notice.amountFen) return 'amount_mismatch';
  if (notice.status !== 'TRADE_SUCCESS' && notice.status !== 'TRADE_FINISHED') {
    await log(`ignored: ${notice.status}`, facts);
    return null;
  }
  if (payment.status === 'paid' && payment.trade_no !== notice.tradeNo) return 'other_trade_for_paid_payment';
  const duplicate = payment.status === 'paid';
  await markPaymentPaid(app.db, payment.id, notice.tradeNo);
  const processId = await orderProcessId(app.db, payment.order_id);
  if (processId === undefined) throw new Error(`payment ${payment.id} names no order`);
  try {
    await app.temporal.workflow.getHandle(processId).executeUpdate(paymentReceivedUpdate, {
      args: [
        {
          paymentId: payment.id,
          method: 'online',
          provider: payment.provider!,
          amountFen: notice.amountFen,
          paidAt: notice.paidAt ?? new Date().toISOString(),
        },
      ],
      updateId: `payment-${payment.id}`,
    });
  } catch (err) {
    if (!(err instanceof WorkflowUpdateFailedError) && !(err instanceof WorkflowNotFoundError)) throw err;
    await refundRefusedPayment(app, payment);
    await log('paid_but_order_refused_it: refund opened', facts);
    return null;
  }
  await log(duplicate ? 'duplicate' : 'applied', facts);
  return null;
}

/** Opens finance's refund of an online payment its order refused (once per payment). */
async function refundRefusedPayment(
  app: FastifyInstance,
  payment: { id: string; order_id: string; amount_fen: number },
): Promise<void> {
  const order = await app.db
    .selectFrom('ca_orders')
    .select(['order_no', 'enterprise_id', 'status'])
    .where('id', '=', payment.order_id)
    .executeTakeFirstOrThrow();
  const { tasks } = app.config;
  const input: OrderRefundInput = {
    refundId: randomUUID(),
    orderId: payment.order_id,
    orderNo: order.order_no,
    enterpriseId: order.enterprise_id,
    paymentId: payment.id,
    amountFen: payment.amount_fen,
    reason:
      order.status === 'cancelled'
        ? '订单已取消（或逾期未付被取消）后到账的在线支付 Money that arrived after the order was cancelled'
        : `订单（${order.status}）不再接受此笔在线支付 The order (${order.status}) no longer takes this payment`,
    reviewDueMs: tasks.remindAfterMs,
    escalateAfterMs: tasks.escalateAfterMs - tasks.remindAfterMs,
    escalationRole: tasks.escalationRole,
  };
  await startProcess<OrderRefundWorkflow>(app, {
    workflowType: 'orderRefund',
    workflowId: orderRefundWorkflowId(payment.id),
    args: [input],
    processType: 'order-refund',
    enterpriseId: order.enterprise_id,
    status: 'open',
  });
}

/** Paying an order of the caller's enterprise, online or by bank transfer. */
const orderPaymentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** An order of the caller's own enterprise, or 404. */
  async function ownOrderOr404(user: UserRow, id: string): Promise<OrderRow> {
    const order = await ownOrder(app.db, user, id);
    if (!order) throw notFound(msg('订单不存在', 'No such order'));
    return order;
  }

  app.post(
    '/api/v1/ca/orders/:id/payments',
    {
      config: { access: ['applicant'], idempotent: true },
      preValidation: noBodyIsEmpty,
      schema: {
        tags: ['payments'],
        summary: '支付 — start an online payment with 支付宝 (default) or 微信支付; answers where to pay',
        params: IdParams,
        body: PaymentStartBody,
        response: { 201: PaymentStartedSchema, ...errors(400, 401, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const wallet = request.body.wallet ?? 'alipay';
      const provider = wallet === 'wechatpay' ? app.wechatpay : app.payments;
      const order = await ownOrderOr404(request.user!, request.params.id);
      if (!provider)
        throw invalid([fieldProblem('wallet', 'not_offered', '暂不支持微信支付', 'WeChat Pay is not offered')]);
      if (order.status !== 'unpaid')
        throw conflict('NOT_PAYABLE', msg('订单无需支付', `The order is ${order.status}, not unpaid`));
      // (with a key, the payment's ID is the key's: a retry after a crash finds it instead of adding another)
      const paymentId = idempotencyId(request) ?? newPaymentId();
      if (!(await findPayment(app.db, paymentId)))
        await insertPayment(app.db, {
          id: paymentId,
          orderId: order.id,
          method: 'online',
          provider: provider.name,
          amountFen: order.total_fen,
        });
      const started = await provider.createPayment({
        paymentId,
        orderNo: order.order_no,
        subject: `${(order.service as { name: string }).name} × ${order.quantity}`,
        amountFen: order.total_fen,
        notifyUrl: `${app.config.http.publicUrl}/api/v1/payments/notify/${provider.name}`,
        returnUrl: `${app.config.http.publicUrl}/api/v1/ca/orders/${order.id}`,
      });
      return reply.code(201).send({ paymentId, wallet, ...started, amountFen: order.total_fen });
    },
  );

  app.get(
    '/api/v1/payments/bank-account',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['payments'],
        summary: '银行汇款 — the vendor’s account (户名, 开户行, 账号)',
        response: { 200: BankAccountSchema, ...errors(401) },
      },
    },
    async () => app.config.payments.bankAccount,
  );

  app.post(
    '/api/v1/ca/orders/:id/payments/bank-transfer',
    {
      config: { access: ['applicant'], idempotent: true },
      schema: {
        tags: ['payments'],
        summary: '银行汇款 — report a transfer with its uploaded remittance slip; finance confirms it',
        params: IdParams,
        body: BankTransferBody,
        response: { 202: TransferReportedSchema, ...errors(400, 401, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const order = await ownOrderOr404(request.user!, request.params.id);
      const { slipAttachmentId, amountFen } = request.body;
      const slip = await findCurrentAttachment(app.db, {
        id: slipAttachmentId,
        owner: materialsOwner(order.id),
        kind: 'remittance_slip',
      });
      if (!slip)
        throw invalid([
          fieldProblem(
            'slipAttachmentId',
            'unknown',
            '请先上传汇款底单（kind=remittance_slip）',
            'upload the remittance slip first (kind=remittance_slip)',
          ),
        ]);
      if (amountFen !== order.total_fen) {
        throw invalid([
          fieldProblem(
            'amountFen',
            'amount_mismatch',
            `汇款金额应为 ${fenToYuan(order.total_fen)} 元`,
            `the transfer must be ${order.total_fen} fen`,
          ),
        ]);
      }
      const paymentId = idempotencyId(request) ?? newPaymentId();
      if (!(await findPayment(app.db, paymentId)))
        await insertPayment(app.db, {
          id: paymentId,
          orderId: order.id,
          method: 'bank_transfer',
          provider: null,
          amountFen,
          slipAttachmentId: slip.id,
        });
      try {
        await withinTemporalDeadline(app, () =>
          app.temporal.workflow.getHandle(order.process_id).executeUpdate(bankTransferUpdate, {
            args: [{ paymentId, amountFen, slipAttachmentId: slip.id, actor: actorOfRequest(request) }],
            updateId: idempotencyId(request),
          }),
        );
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) await deletePayment(app.db, paymentId);
        throw err;
      }
      return reply.code(202).send({ paymentId, status: 'pending' as const });
    },
  );
};

/** Where payment providers (and the development simulator) call: the only routes that take form-encoded bodies. */
const providerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  acceptFormBodies(app);

  // The provider's asynchronous notification (form-encoded). Answers `success` once handled, `fail` when refused.
  app.post(
    '/api/v1/payments/notify/:provider',
    {
      config: { access: 'public' },
      schema: {
        tags: ['payments'],
        summary: 'Payment provider notification (signed; applied once); form-encoded',
        params: ProviderParams,
        response: { 200: ProviderAnswer, 400: ProviderRefusal },
      },
    },
    async (request, reply) => {
      const { provider } = request.params;
      const log = (outcome: string, facts?: NotificationFacts) =>
        logPaymentNotification(app.db, provider, outcome, facts);
      const refuse = async (outcome: string, facts: NotificationFacts = {}) => {
        await log(outcome, facts);
        request.log.warn({ provider, outcome }, 'payment notification refused');
        return reply.code(400).type('text/plain').send('fail');
      };
      if (provider !== app.payments.name) return refuse('unknown_provider');
      const body = (request.body ?? {}) as Record<string, unknown>;
      const params = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)]));
      const notice = app.payments.verifyNotification(params);
      if (!notice.valid) return refuse(`invalid: ${notice.reason}`, { out_trade_no: params.out_trade_no ?? null });
      const refused = await applyNotice(app, provider, notice, log);
      if (refused) return refuse(refused, noticeFacts(notice));
      return reply.type('text/plain').send('success');
    },
  );

  if (!app.simulator) return;
  const simulator = app.simulator;

  app.get(
    '/api/v1/payments/simulator/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['development'],
        summary: 'Payment simulator page (embedded default only)',
        params: IdParams,
        response: { 200: SimulatorPage },
      },
    },
    async (request, reply) => {
      const payment = await findPayment(app.db, request.params.id);
      if (!payment) throw notFound(msg('支付单不存在', 'No such payment'));
      return reply.type('text/html; charset=utf-8').send(simulatorPage(payment));
    },
  );

  app.post(
    '/api/v1/payments/simulator/:id/pay',
    {
      config: { access: 'public' },
      schema: {
        tags: ['development'],
        summary: 'Pay in the simulator: sends a signed TRADE_SUCCESS notification',
        params: IdParams,
        response: { 200: SimulatorPaidSchema },
      },
    },
    async (request) => {
      const payment = await findPayment(app.db, request.params.id);
      if (payment?.provider === 'wechatpay' && app.wechatpaySimulator) {
        const sent = app.wechatpaySimulator.pay(payment.id);
        if (!sent) throw notFound(msg('支付单不存在', 'No such payment'));
        const answer = await app.inject({
          method: 'POST',
          url: '/api/v1/payments/notify/wechatpay',
          headers: sent.headers,
          payload: sent.body,
        });
        return { notified: answer.statusCode === 204, answer: answer.body };
      }
      if (payment?.provider !== simulator.name) throw notFound(msg('支付单不存在', 'No such payment'));
      const notification = simulator.notification({
        outTradeNo: payment.id,
        tradeNo: payment.trade_no ?? `SIM${Date.now()}${randomBytes(3).toString('hex')}`,
        amountFen: payment.amount_fen,
        status: 'TRADE_SUCCESS',
      });
      const answer = await app.inject({
        method: 'POST',
        url: `/api/v1/payments/notify/${simulator.name}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(notification).toString(),
      });
      return { notified: answer.statusCode === 200, answer: answer.body };
    },
  );
};

/**
 * WeChat Pay's notification (API v3): JSON whose raw bytes are signed (`Wechatpay-*` headers) and whose
 * resource is sealed with the APIv3 key. Answers 204 once handled; 400 with the reason when refused, so
 * WeChat Pay sends it again.
 */
const wechatpayRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // The signature covers the body exactly as sent: keep it as text here.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) =>
    done(null, body),
  );

  app.post(
    '/api/v1/payments/notify/wechatpay',
    {
      config: { access: 'public' },
      schema: {
        tags: ['payments'],
        summary: 'WeChat Pay notification (API v3: signed, resource sealed with AEAD_AES_256_GCM; applied once)',
        response: { 204: Type.Null(), 400: ErrorSchema },
      },
    },
    async (request, reply) => {
      const provider = 'wechatpay';
      const log = (outcome: string, facts?: NotificationFacts) =>
        logPaymentNotification(app.db, provider, outcome, facts);
      const refuse = async (outcome: string, facts: NotificationFacts = {}) => {
        await log(outcome, facts);
        request.log.warn({ provider, outcome }, 'payment notification refused');
        // WeChat Pay only reads the status: anything but 2xx is sent again later.
        return reply.code(400).send({
          error: {
            code: 'NOTIFICATION_REFUSED',
            message: msg(`通知未被接受：${outcome}`, `Notification refused: ${outcome}`),
          },
        });
      };
      if (!app.wechatpay) return refuse('unknown_provider');
      const body = typeof request.body === 'string' ? request.body : '';
      const notice = app.wechatpay.verifyNotification(request.headers, body);
      if (!notice.valid) return refuse(`invalid: ${notice.reason}`);
      const refused = await applyNotice(app, provider, notice, log);
      if (refused) return refuse(refused, noticeFacts(notice));
      return reply.code(204).send(null);
    },
  );
};

const paymentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(orderPaymentRoutes);
  await app.register(providerRoutes);
  await app.register(wechatpayRoutes);
};

export default paymentRoutes;
