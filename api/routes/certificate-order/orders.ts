/**
 * Process 2 (guide part 二): placing an order (pre-filled from the approved enterprise record), my
 * orders, an order's details and progress, deletion, the application form PDF.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import {
  cancelOrderUpdate,
  orderStateQuery,
  orderWorkflowId,
  type OrderInput,
  type OrderWorkflow,
} from '../../../contracts/certificate-order';
import { AGREEMENTS, orderProblems, orderTotalFen, type OrderRequest } from '../../../domain/certificate-order';
import type { RegistrationProfile } from '../../../domain/registration';
import { hasRole } from '../../../domain/roles';
import { fieldProblem, msg } from '../../../domain/text';
import type { EnterpriseRow, OrderRow, UserRow } from '../../../platform/db/schema';
import { renderApplicationForm } from '../../../integrations/documents/application-form';
import { todayInChina } from '../../china-time';
import { decodeCursor, encodeCursor } from '../../cursor';
import { conflict, forbidden, invalid, notFound } from '../../errors';
import { subjectChecks } from '../../certificate-subject';
import { actorOfRequest } from '../../plugins/auth';
import { idempotencyId } from '../../plugins/idempotency';
import { withinTemporalDeadline } from '../../process-calls';
import { findActiveService } from '../../repos/catalog';
import { findCertificate } from '../../repos/certificates';
import { approvedEnterprise } from '../../repos/enterprise';
import {
  findOrder,
  insertOrder,
  listOrders,
  markOrderDeleted,
  nextOrderNo,
  orderDetails,
  orderSummary,
  orderVisibleTo,
  VENDOR_ROLES,
  type OrderRegistration,
} from '../../repos/orders';
import {
  OrderBody,
  OrderDetailSchema,
  OrderListQuery,
  OrderListSchema,
  OrderPlacedSchema,
  OrderPrefillSchema,
  OrderStateSchema,
} from '../../schemas/certificate-order';
import { errors, FileAnswer, IdParams, NoContent } from '../../schemas/common';
import { ensureProcessStarted, orderStart, startProcess } from '../../start-process';

const NO_SUCH_ORDER = msg('订单不存在', 'No such order');

/** An order ID made from an idempotency key's ID (32 hex digits), in the shape of a UUID. */
const idOfKey = (key: string) =>
  `${key.slice(0, 8)}-${key.slice(8, 12)}-${key.slice(12, 16)}-${key.slice(16, 20)}-${key.slice(20, 32)}`;

/** The order form as the approved enterprise record fills it in. */
function prefill(enterprise: EnterpriseRow, profile: RegistrationProfile) {
  const registered = profile.enterprise ?? {};
  return {
    organization: {
      name: enterprise.entity_name,
      nameConfirm: '',
      creditCode: enterprise.credit_code,
      creditCodeConfirm: '',
      address: registered.address ?? '',
      landline: '',
    },
    legalRepresentative: { name: profile.legalRepresentative?.name ?? '' },
    handler: {
      name: profile.contact?.name ?? '',
      idNumber: '',
      landline: '',
      mobile: profile.contact?.mobile ?? '',
      email: profile.contact?.email ?? '',
    },
    invoice: {
      type: 'ordinary',
      title: enterprise.entity_name,
      taxpayerId: enterprise.credit_code,
      bank: '',
      account: '',
      address: registered.address ?? '',
      phone: '',
    },
    shipping: {
      courier: 'sf_prepaid',
      recipient: profile.contact?.name ?? '',
      province: '',
      city: '',
      street: '',
      mobile: profile.contact?.mobile ?? '',
    },
    agreements: AGREEMENTS,
  };
}

/** 机构电子签名认证证书业务登记表 of an order. */
function applicationForm(order: OrderRow, fontPath: string | null) {
  const registration = order.registration as unknown as OrderRegistration;
  return renderApplicationForm(
    {
      orderNo: order.order_no,
      issuedOn: todayInChina(),
      certificateKind: (order.service as { name: string }).name,
      businessType: '新增',
      quantity: order.quantity,
      organization: {
        name: registration.organization.name,
        idType: '统一社会信用代码',
        idNumber: registration.organization.creditCode,
        address: registration.organization.address,
        landline: registration.organization.landline,
      },
      legalRepresentative: registration.legalRepresentative,
      handler: registration.handler,
    },
    { fontPath },
  );
}

const orderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** An order the caller may see (its enterprise's users, vendor staff), or 404. */
  async function visibleOrder(user: UserRow, id: string): Promise<OrderRow> {
    const order = await orderVisibleTo(app.db, user, id);
    if (!order) throw notFound(NO_SUCH_ORDER);
    return order;
  }

  app.get(
    '/api/v1/ca/orders/prefill',
    {
      config: { access: ['applicant'] },
      schema: {
        tags: ['ca'],
        summary: 'Order data pre-filled from the approved enterprise record',
        response: { 200: OrderPrefillSchema, ...errors(401, 403, 409) },
      },
    },
    async (request) => {
      const { enterprise, profile } = await approvedEnterprise(app.db, request.user);
      return prefill(enterprise, profile);
    },
  );

  /** 409: the certificate already has a re-issue order that is not cancelled. */
  const reissueOrdered = () =>
    conflict('REISSUE_ORDERED', msg('该证书已有补办订单', 'This certificate already has a re-issue order'), [
      fieldProblem('reissueOf', 'ordered', '该证书已有补办订单', 'already has a re-issue order'),
    ]);

  /**
   * What is wrong with re-issuing `reissueOf`: it must be this enterprise's certificate, revoked (lost,
   * broken) or naming the enterprise as it was before a change, re-issued one UKey at a time and once.
   */
  async function reissueProblems(body: OrderRequest, enterpriseId: string) {
    const serial = body.reissueOf!.trim().toLowerCase();
    const certificate = await findCertificate(app.db, serial);
    if (!certificate || certificate.enterprise_id !== enterpriseId)
      return [fieldProblem('reissueOf', 'unknown', '不是本企业的证书', 'is not a certificate of this enterprise')];
    const outdated = (await subjectChecks(app.db, [certificate])).get(serial)?.subjectOutdated;
    if (certificate.status !== 'revoked' && !outdated)
      return [
        fieldProblem(
          'reissueOf',
          'not_needed',
          '该证书仍然有效且信息无误，无需补办',
          'is still valid and names the enterprise as it is: nothing to re-issue',
        ),
      ];
    const open = await app.db
      .selectFrom('ca_orders')
      .select('id')
      .where('reissue_of', '=', serial)
      .where('status', '<>', 'cancelled')
      .executeTakeFirst();
    if (open) throw reissueOrdered();
    return body.quantity === 1
      ? []
      : [fieldProblem('quantity', 'reissue_one', '补办订单数量应为 1', 'must be 1: a re-issue replaces one UKey')];
  }

  app.post(
    '/api/v1/ca/orders',
    {
      config: { access: ['applicant'], idempotent: true },
      schema: {
        tags: ['ca'],
        summary: '点击购买 — place an order (honours Idempotency-Key)',
        body: OrderBody,
        response: { 201: OrderPlacedSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { enterprise, profile } = await approvedEnterprise(app.db, request.user);
      // Placed with a key, the order's ID is the key's: a retry after a failure on the way (the start of
      // its process lost) finds the order recorded and starts its process, instead of placing another.
      const key = idempotencyId(request);
      const id = key ? idOfKey(key) : randomUUID();
      const recorded = key ? await findOrder(app.db, id) : undefined;
      if (recorded) {
        const input = recorded.workflow_input as unknown as OrderInput;
        if (await ensureProcessStarted<OrderWorkflow>(app, orderStart(input)))
          request.log.warn({ orderId: id }, 'order workflow started on a retry (its start had been lost)');
        return reply.code(201).send({
          id,
          orderNo: recorded.order_no,
          totalFen: recorded.total_fen,
          status: 'unpaid' as const,
          processId: recorded.process_id,
        });
      }
      const body = request.body;
      const service = await findActiveService(app.db, body.serviceId);
      const approved = {
        name: enterprise.entity_name,
        creditCode: enterprise.credit_code!,
        legalRepresentativeName: profile.legalRepresentative?.name ?? null,
      };
      const problems = orderProblems(body, approved, todayInChina());
      if (!service)
        problems.unshift(fieldProblem('serviceId', 'unknown', '没有这个服务', 'is not a service of the catalogue'));
      if (body.reissueOf !== undefined) problems.push(...(await reissueProblems(body, enterprise.id)));
      if (problems.length || !service) throw invalid(problems);
      const totalFen = orderTotalFen(service.unit_price_fen, body.quantity);
      const { tasks, orders } = app.config;
      const input: OrderInput = {
        orderId: id,
        orderNo: await nextOrderNo(app.db, new Date()),
        enterpriseId: enterprise.id,
        quantity: body.quantity,
        totalFen,
        validityYears: service.term_years,
        subject: { organizationName: enterprise.entity_name, creditCode: enterprise.credit_code! },
        timings: {
          reviewDueMs: tasks.remindAfterMs,
          escalateAfterMs: tasks.escalateAfterMs - tasks.remindAfterMs,
          escalationRole: tasks.escalationRole,
          paymentWindowMs: orders.paymentWindowMs,
          authCodeTtlMs: orders.authCodeTtlMs,
          reminderDays: orders.reminderDays,
          deliveryAutoConfirmMs: orders.deliveryAutoConfirmMs,
        },
      };
      const processId = orderWorkflowId(id);
      try {
        await insertOrder(app.db, {
          input,
          service,
          body,
          processId,
          userId: request.user!.id,
          agreements: AGREEMENTS,
        });
      } catch (err) {
        // Two re-issue orders of one certificate placed at once: the second finds the first.
        if ((err as { code?: string }).code === '23505' && body.reissueOf) throw reissueOrdered();
        throw err;
      }
      await startProcess<OrderWorkflow>(app, orderStart(input));
      request.log.info({ orderId: id, orderNo: input.orderNo }, 'order placed');
      return reply.code(201).send({ id, orderNo: input.orderNo, totalFen, status: 'unpaid' as const, processId });
    },
  );

  app.get(
    '/api/v1/ca/orders',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['ca'],
        summary: '我的订单 — orders, newest first (vendor staff see all)',
        querystring: OrderListQuery,
        response: { 200: OrderListSchema, ...errors(400, 401) },
      },
    },
    async (request) => {
      const user = request.user!;
      const { limit = 20, cursor, status, enterpriseId } = request.query;
      const after = decodeCursor(cursor, ['time', 'text']);
      let of: string | undefined;
      if (hasRole(user, ...VENDOR_ROLES)) of = enterpriseId;
      else if (user.enterprise_id) of = user.enterprise_id;
      else throw forbidden();
      const rows = await listOrders(app.db, { enterpriseId: of, status, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(orderSummary),
        nextCursor: rows.length > limit && last ? encodeCursor([last.created_at.toISOString(), last.id]) : null,
      };
    },
  );

  app.get(
    '/api/v1/ca/orders/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['ca'],
        summary: '订单详情 / 查看进度 — status, progress, remaining count, each UKey’s step',
        params: IdParams,
        response: { 200: OrderDetailSchema, ...errors(401, 404) },
      },
    },
    async (request) => orderDetails(app.db, await visibleOrder(request.user!, request.params.id)),
  );

  app.delete(
    '/api/v1/ca/orders/:id',
    {
      config: { access: ['applicant'], idempotent: true },
      schema: {
        tags: ['ca'],
        summary: '删除订单 — delete an unpaid, unreviewed order (its process is cancelled)',
        params: IdParams,
        response: { 204: NoContent, ...errors(401, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const order = await visibleOrder(request.user!, request.params.id);
      await withinTemporalDeadline(app, () =>
        app.temporal.workflow.getHandle(order.process_id).executeUpdate(cancelOrderUpdate, {
          args: [{ actor: actorOfRequest(request) }],
          updateId: idempotencyId(request),
        }),
      );
      await markOrderDeleted(app.db, order.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/ca/orders/:id/application-form.pdf',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['ca'],
        summary: '打印申请单 — 机构电子签名认证证书业务登记表 (PDF)',
        params: IdParams,
        response: { 200: FileAnswer('The application form', 'application/pdf'), ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      const order = await visibleOrder(request.user!, request.params.id);
      const pdf = await applicationForm(order, app.config.documents.cjkFont);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="application-form-${order.order_no}.pdf"`)
        .send(pdf);
    },
  );

  app.get(
    '/api/v1/ca/orders/:id/state',
    {
      config: { access: ['ca_admin', 'operator', 'admin'] },
      schema: {
        tags: ['ca'],
        summary: 'The order workflow’s own state (query)',
        params: IdParams,
        response: { 200: OrderStateSchema, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const order = await visibleOrder(request.user!, request.params.id);
      return app.temporal.workflow.getHandle(order.process_id).query(orderStateQuery);
    },
  );
};

export default orderRoutes;
