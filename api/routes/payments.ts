/**
 * Paying an order: online through the payment provider (its signed asynchronous notification applies
 * the payment once), or by bank transfer with a remittance slip that finance confirms. The embedded
 * default has a payment simulator that produces correctly signed notifications.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { randomBytes, randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { bankTransferUpdate, paymentReceivedUpdate } from '../../contracts/certificate-order';
import { msg, fieldProblem } from '../../domain/text';
import { fenToYuan } from '../../integrations/payments/money';
import { conflict, invalid, notFound } from '../errors';
import { actorOfRequest } from '../plugins/auth';
import { idempotencyId } from '../plugins/idempotency';
import { BankTransferBody, PaymentStartedSchema, ProviderParams } from '../schemas/certificate-order';
import { errors, IdParams } from '../schemas/common';

const paymentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function ownOrder(userEnterprise: string | null, id: string) {
    const order = await app.db
      .selectFrom('ca_orders')
      .selectAll()
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!order || order.enterprise_id !== userEnterprise) throw notFound(msg('订单不存在', 'No such order'));
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
        response: {
          201: PaymentStartedSchema,
          ...errors(401, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const order = await ownOrder(request.user!.enterprise_id, request.params.id);
      if (order.status !== 'unpaid')
        throw conflict('NOT_PAYABLE', msg('订单无需支付', `The order is ${order.status}, not unpaid`));
      const paymentId = randomUUID().replace(/-/g, ''); // Alipay's out_trade_no takes letters, digits and _ only
      await app.db
        .insertInto('payments')
        .values({
          id: paymentId,
          order_id: order.id,
          method: 'online',
          provider: app.payments.name,
          amount_fen: order.total_fen,
          status: 'pending',
        })
        .execute();
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

  app.post(
    '/api/v1/ca/orders/:id/payments/bank-transfer',
    {
      config: { access: ['applicant'], idempotent: true },
      schema: {
        tags: ['payments'],
        summary: '银行汇款 — report a transfer with its uploaded remittance slip; finance confirms it',
        params: IdParams,
        body: BankTransferBody,
        response: errors(400, 401, 404, 409),
      },
    },
    async (request, reply) => {
      const order = await ownOrder(request.user!.enterprise_id, request.params.id);
      const slip = await app.db
        .selectFrom('attachments')
        .select('id')
        .where('id', '=', request.body.slipAttachmentId)
        .where('owner', '=', `order:${order.id}`)
        .where('kind', '=', 'remittance_slip')
        .where('status', '=', 'current')
        .executeTakeFirst();
      if (!slip)
        throw invalid([
          fieldProblem(
            'slipAttachmentId',
            'unknown',
            '请先上传汇款底单（kind=remittance_slip）',
            'upload the remittance slip first (kind=remittance_slip)',
          ),
        ]);
      if (request.body.amountFen !== order.total_fen) {
        throw invalid([
          fieldProblem(
            'amountFen',
            'amount_mismatch',
            `汇款金额应为 ${fenToYuan(order.total_fen)} 元`,
            `the transfer must be ${order.total_fen} fen`,
          ),
        ]);
      }
      const paymentId = randomUUID().replace(/-/g, ''); // Alipay's out_trade_no takes letters, digits and _ only
      await app.db
        .insertInto('payments')
        .values({
          id: paymentId,
          order_id: order.id,
          method: 'bank_transfer',
          provider: null,
          amount_fen: request.body.amountFen,
          status: 'pending',
          slip_attachment_id: slip.id,
        })
        .execute();
      try {
        await app.temporal.workflow.getHandle(order.process_id).executeUpdate(bankTransferUpdate, {
          args: [
            {
              paymentId,
              amountFen: request.body.amountFen,
              slipAttachmentId: slip.id,
              actor: actorOfRequest(request),
            },
          ],
          updateId: idempotencyId(request),
        });
      } catch (err) {
        await app.db.deleteFrom('payments').where('id', '=', paymentId).execute();
        throw err;
      }
      return reply.code(202).send({ paymentId, status: 'pending' });
    },
  );

  // The provider's asynchronous notification (form-encoded). Answers `success` once handled, `fail` when refused.
  app.post(
    '/api/v1/payments/notify/:provider',
    {
      config: { access: 'public' },
      schema: {
        tags: ['payments'],
        summary: 'Payment provider notification (signed; applied once)',
        params: ProviderParams,
      },
    },
    async (request, reply) => {
      const log = async (
        outcome: string,
        fields: {
          out_trade_no?: string | null;
          trade_no?: string | null;
          trade_status?: string | null;
          amount_fen?: number | null;
        } = {},
      ) =>
        app.db
          .insertInto('payment_notifications')
          .values({ provider: request.params.provider, outcome, ...fields })
          .execute();
      const refuse = async (outcome: string, fields = {}) => {
        await log(outcome, fields);
        request.log.warn({ provider: request.params.provider, outcome }, 'payment notification refused');
        return reply.code(400).type('text/plain').send('fail');
      };
      if (request.params.provider !== app.payments.name) return refuse('unknown_provider');
      const params = Object.fromEntries(Object.entries(request.body ?? {}).map(([k, v]) => [k, String(v)]));
      const notice = app.payments.verifyNotification(params);
      if (!notice.valid) return refuse(`invalid: ${notice.reason}`, { out_trade_no: params.out_trade_no ?? null });
      const fields = {
        out_trade_no: notice.outTradeNo,
        trade_no: notice.tradeNo,
        trade_status: notice.status,
        amount_fen: notice.amountFen,
      };
      const payment = await app.db
        .selectFrom('payments')
        .selectAll()
        .where('id', '=', notice.outTradeNo)
        .where('method', '=', 'online')
        .executeTakeFirst();
      if (!payment) return refuse('unknown_trade', fields);
      if (payment.amount_fen !== notice.amountFen) return refuse('amount_mismatch', fields);
      if (notice.status !== 'TRADE_SUCCESS' && notice.status !== 'TRADE_FINISHED') {
        await log(`ignored: ${notice.status}`, fields);
        return reply.type('text/plain').send('success');
      }
      if (payment.status === 'paid' && payment.trade_no !== notice.tradeNo)
        return refuse('other_trade_for_paid_payment', fields);
      const duplicate = payment.status === 'paid';
      await app.db
        .updateTable('payments')
        .set({ status: 'paid', trade_no: notice.tradeNo, paid_at: new Date() })
        .where('id', '=', payment.id)
        .where('status', '=', 'pending')
        .execute();
      const order = await app.db
        .selectFrom('ca_orders')
        .select('process_id')
        .where('id', '=', payment.order_id)
        .executeTakeFirstOrThrow();
      try {
        await app.temporal.workflow.getHandle(order.process_id).executeUpdate(paymentReceivedUpdate, {
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
        await log('paid_but_order_refused_it', fields);
        request.log.error(
          { paymentId: payment.id, err },
          'a paid notification for an order that refused it (refund needed)',
        );
        return reply.type('text/plain').send('success');
      }
      await log(duplicate ? 'duplicate' : 'applied', fields);
      return reply.type('text/plain').send('success');
    },
  );

  if (!app.simulator) return;
  const simulator = app.simulator;

  app.get(
    '/api/v1/payments/simulator/:id',
    {
      config: { access: 'public' },
      schema: { tags: ['development'], summary: 'Payment simulator page (embedded default only)', params: IdParams },
    },
    async (request, reply) => {
      const p = await app.db.selectFrom('payments').selectAll().where('id', '=', request.params.id).executeTakeFirst();
      if (!p) throw notFound(msg('支付单不存在', 'No such payment'));
      const html = `<!doctype html><html lang="zh"><meta charset="utf-8"><title>模拟支付 Payment simulator</title>
<body style="font-family:sans-serif;max-width:32em;margin:3em auto">
<h1>模拟支付 <small>Payment simulator</small></h1>
<p>支付单 Payment: <code>${p.id}</code></p><p>金额 Amount: <b>¥${fenToYuan(p.amount_fen)}</b></p><p>状态 Status: ${p.status}</p>
<form method="post" action="/api/v1/payments/simulator/${p.id}/pay"><button type="submit">确认支付 Pay</button></form>
</body></html>`;
      return reply.type('text/html; charset=utf-8').send(html);
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
      },
    },
    async (request) => {
      const p = await app.db
        .selectFrom('payments')
        .selectAll()
        .where('id', '=', request.params.id)
        .where('provider', '=', simulator.name)
        .executeTakeFirst();
      if (!p) throw notFound(msg('支付单不存在', 'No such payment'));
      const notification = simulator.notification({
        outTradeNo: p.id,
        tradeNo: p.trade_no ?? `SIM${Date.now()}${randomBytes(3).toString('hex')}`,
        amountFen: p.amount_fen,
        status: 'TRADE_SUCCESS',
      });
      const res = await app.inject({
        method: 'POST',
        url: `/api/v1/payments/notify/${simulator.name}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(notification).toString(),
      });
      return { notified: res.statusCode === 200, answer: res.body };
    },
  );
};

export default paymentRoutes;
