/**
 * Paying an order: online through the payment provider (its signed asynchronous notification applies
 * the payment once), or by bank transfer with a remittance slip that finance confirms. The embedded
 * default has a payment simulator that produces correctly signed notifications.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { randomBytes } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { bankTransferUpdate, paymentReceivedUpdate } from '../../../contracts/certificate-order';
import { fieldProblem, msg } from '../../../domain/text';
import type { OrderRow, UserRow } from '../../../platform/db/schema';
import { fenToYuan } from '../../../integrations/payments/money';
import { conflict, invalid, notFound } from '../../errors';
import { actorOfRequest } from '../../plugins/auth';
import { idempotencyId } from '../../plugins/idempotency';
import { withinTemporalDeadline } from '../../process-calls';
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
  PaymentStartedSchema,
  ProviderAnswer,
  ProviderParams,
  ProviderRefusal,
  SimulatorPage,
  SimulatorPaidSchema,
  TransferReportedSchema,
} from '../../schemas/certificate-order';
import { acceptFormBodies } from '../../route-options';
import { errors, IdParams } from '../../schemas/common';

/** The simulator's page: the payment and a button that pays it. */
function simulatorPage(payment: { id: string; amount_fen: number; status: string }): string {
  return `<!doctype html><html lang="zh"><meta charset="utf-8"><title>模拟支付 Payment simulator</title>
<body style="font-family:sans-serif;max-width:32em;margin:3em auto">
<h1>模拟支付 <small>Payment simulator</small></h1>
<p>支付单 Payment: <code>${payment.id}</code></p><p>金额 Amount: <b>¥${fenToYuan(payment.amount_fen)}</b></p><p>状态 Status: ${payment.status}</p>
<form method="post" action="/api/v1/payments/simulator/${payment.id}/pay"><button type="submit">确认支付 Pay</button></form>
</body></html>`;
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
      schema: {
        tags: ['payments'],
        summary: '支付 — start an online payment; answers the provider’s pay URL',
        params: IdParams,
        response: { 201: PaymentStartedSchema, ...errors(401, 404, 409) },
      },
    },
    async (request, reply) => {
      const order = await ownOrderOr404(request.user!, request.params.id);
      if (order.status !== 'unpaid')
        throw conflict('NOT_PAYABLE', msg('订单无需支付', `The order is ${order.status}, not unpaid`));
      // (with a key, the payment's ID is the key's: a retry after a crash finds it instead of adding another)
      const paymentId = idempotencyId(request) ?? newPaymentId();
      if (!(await findPayment(app.db, paymentId)))
        await insertPayment(app.db, {
          id: paymentId,
          orderId: order.id,
          method: 'online',
          provider: app.payments.name,
          amountFen: order.total_fen,
        });
      const { payUrl } = await app.payments.createPayment({
        paymentId,
        orderNo: order.order_no,
        subject: `${(order.service as { name: string }).name} × ${order.quantity}`,
        amountFen: order.total_fen,
        notifyUrl: `${app.config.http.publicUrl}/api/v1/payments/notify/${app.payments.name}`,
        returnUrl: `${app.config.http.publicUrl}/api/v1/ca/orders/${order.id}`,
      });
      return reply.code(201).send({ paymentId, payUrl, amountFen: order.total_fen });
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
      const facts = {
        out_trade_no: notice.outTradeNo,
        trade_no: notice.tradeNo,
        trade_status: notice.status,
        amount_fen: notice.amountFen,
      };
      const payment = await findOnlinePayment(app.db, notice.outTradeNo);
      if (!payment) return refuse('unknown_trade', facts);
      if (payment.amount_fen !== notice.amountFen) return refuse('amount_mismatch', facts);
      if (notice.status !== 'TRADE_SUCCESS' && notice.status !== 'TRADE_FINISHED') {
        await log(`ignored: ${notice.status}`, facts);
        return reply.type('text/plain').send('success');
      }
      if (payment.status === 'paid' && payment.trade_no !== notice.tradeNo)
        return refuse('other_trade_for_paid_payment', facts);
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
        if (!(err instanceof WorkflowUpdateFailedError)) throw err;
        await log('paid_but_order_refused_it', facts);
        request.log.error(
          { paymentId: payment.id, err },
          'a paid notification for an order that refused it (refund needed)',
        );
        return reply.type('text/plain').send('success');
      }
      await log(duplicate ? 'duplicate' : 'applied', facts);
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
      const payment = await findPayment(app.db, request.params.id, simulator.name);
      if (!payment) throw notFound(msg('支付单不存在', 'No such payment'));
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

const paymentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(orderPaymentRoutes);
  await app.register(providerRoutes);
};

export default paymentRoutes;
