/**
 * Process 2 (guide part 二): the certificate catalogue, placing an order (pre-filled from the approved
 * enterprise record), my orders, deletion, the application form PDF, materials and their submission.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import {
  cancelOrderUpdate,
  ORDER_WORKFLOW,
  orderStateQuery,
  orderWorkflowId,
  submitMaterialsUpdate,
  type OrderInput,
  type OrderWorkflow,
} from '../../contracts/certificate-order';
import {
  AGREEMENTS,
  MATERIAL_KINDS,
  orderNumber,
  orderProblems,
  orderTotalFen,
  REQUIRED_MATERIALS,
  SINGLE_MATERIALS,
  type OrderRequest,
} from '../../domain/certificate-order';
import type { RegistrationProfile } from '../../domain/registration';
import { msg, fieldProblem } from '../../domain/text';
import type { OrderRow, UserRow } from '../../platform/db/schema';
import { renderApplicationForm } from '../../integrations/documents/application-form';
import { conflict, forbidden, invalid, notFound } from '../errors';
import { actorOfRequest, hasRole } from '../plugins/auth';
import { idempotencyId } from '../plugins/idempotency';
import { attachmentView, currentAttachments, todayInChina } from '../repos/enterprise';
import { ensureProcessStarted, startProcess } from '../start-process';
import { decodeCursor, encodeCursor } from '../cursor';
import {
  MaterialParams,
  OrderBody,
  OrderListQuery,
  OrderPlacedSchema,
  ServiceBody,
  ServiceListSchema,
  ServiceSchema,
} from '../schemas/certificate-order';
import { errors, IdParams, NoContent } from '../schemas/common';
import { readUpload, retireAttachment, saveAttachment } from '../uploads';

type ServiceRowT = {
  id: string;
  name: string;
  certificate_type: string;
  lock_role: string;
  binding_type: string;
  term_years: number;
  unit_price_fen: number;
  active: boolean;
};
const serviceView = (s: ServiceRowT) => ({
  id: s.id,
  name: s.name,
  certificateType: s.certificate_type,
  lockRole: s.lock_role,
  bindingType: s.binding_type,
  termYears: s.term_years,
  unitPriceFen: s.unit_price_fen,
  active: s.active,
});

/** Roles of the vendor side that see every order. */
const VENDOR_ROLES = ['ca_admin', 'finance', 'operator', 'admin'] as const;

const caOrderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const applicant = { access: ['applicant'] as const };

  /** The signed-in applicant's active enterprise with its approved profile; 409 until approved. */
  async function activeEnterprise(user: UserRow) {
    if (user.kind !== 'applicant' || !user.enterprise_id)
      throw forbidden(msg('仅企业账号可以下单', 'Only an enterprise account may order'));
    const e = await app.db
      .selectFrom('enterprises')
      .selectAll()
      .where('id', '=', user.enterprise_id)
      .executeTakeFirstOrThrow();
    if (e.status !== 'active' || !e.approved_profile || !e.credit_code) {
      throw conflict(
        'ENTERPRISE_NOT_ACTIVE',
        msg('企业注册尚未审核通过，暂不能申领证书', 'The enterprise registration is not approved yet'),
      );
    }
    return { enterprise: e, profile: (e.approved_profile as { profile: RegistrationProfile }).profile };
  }

  /** An order the caller may see: its enterprise's users, and vendor staff. */
  async function visibleOrder(user: UserRow, id: string): Promise<OrderRow> {
    const order = await app.db
      .selectFrom('ca_orders')
      .selectAll()
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!order || (order.enterprise_id !== user.enterprise_id && !hasRole(user, ...VENDOR_ROLES)))
      throw notFound(msg('订单不存在', 'No such order'));
    return order;
  }

  const orderStart = (input: OrderInput) => ({
    workflowType: ORDER_WORKFLOW,
    workflowId: orderWorkflowId(input.orderId),
    args: [input] as [OrderInput],
    processType: 'certificate-order',
    enterpriseId: input.enterpriseId,
    status: 'unpaid',
  });

  async function orderView(order: OrderRow) {
    // An order recorded whose workflow never started (the API stopped half-way) is started now.
    if (
      order.status === 'unpaid' &&
      (await ensureProcessStarted<OrderWorkflow>(app, orderStart(order.workflow_input as unknown as OrderInput)))
    ) {
      app.log.warn({ orderId: order.id }, 'order workflow started on recovery');
    }
    const [tokens, materials, payments, proc, comments] = await Promise.all([
      app.db.selectFrom('order_tokens').selectAll().where('order_id', '=', order.id).orderBy('created_at').execute(),
      currentAttachments(app.db, order.enterprise_id, `order:${order.id}`),
      app.db.selectFrom('payments').selectAll().where('order_id', '=', order.id).orderBy('created_at').execute(),
      app.db.selectFrom('processes').select(['step', 'state']).where('id', '=', order.process_id).executeTakeFirst(),
      app.db
        .selectFrom('process_comments')
        .selectAll()
        .where('process_id', '=', order.process_id)
        .orderBy('seq')
        .execute(),
    ]);
    const made = tokens.filter((t) => t.status === 'done').length;
    return {
      id: order.id,
      orderNo: order.order_no,
      processId: order.process_id,
      status: order.status,
      step: proc?.step ?? null,
      reason: ((proc?.state ?? {}) as { reason?: string | null }).reason ?? null,
      service: order.service,
      quantity: order.quantity,
      unitPriceFen: order.unit_price_fen,
      totalFen: order.total_fen,
      remaining: order.quantity - made,
      registration: order.registration,
      invoice: order.invoice,
      shipping: order.shipping,
      agreement: order.agreement,
      authCode: order.auth_code_expires_at
        ? {
            expiresAt: order.auth_code_expires_at.toISOString(),
            locked: order.auth_code_locked_at !== null,
            failures: order.auth_code_failures,
          }
        : null,
      payments: payments.map((p) => ({
        id: p.id,
        method: p.method,
        provider: p.provider,
        amountFen: p.amount_fen,
        status: p.status,
        reason: p.reason,
        paidAt: p.paid_at?.toISOString() ?? null,
      })),
      materials: materials.map(attachmentView),
      tokens: tokens.map((t) => ({
        itemId: t.id,
        tokenSerial: t.token_serial,
        stationId: t.station_id,
        ukeyModel: t.ukey_model,
        status: t.status,
        step: t.step,
        error: t.error,
        certificateSerial: t.certificate_serial,
        completedAt: t.completed_at?.toISOString() ?? null,
      })),
      comments: comments.map((c) => ({
        seq: c.seq,
        step: c.step,
        department: c.department,
        comment: c.text,
        at: c.created_at.toISOString(),
      })),
      createdAt: order.created_at.toISOString(),
      paidAt: order.paid_at?.toISOString() ?? null,
    };
  }

  // ---- catalogue ----------------------------------------------------------------------------------
  app.get(
    '/api/v1/ca/catalog',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ca'],
        summary: '选择服务 — the certificate services on offer',
        response: { 200: ServiceListSchema },
      },
    },
    async () => ({
      items: (
        await app.db.selectFrom('ca_services').selectAll().where('active', '=', true).orderBy('sort_order').execute()
      ).map(serviceView),
    }),
  );

  app.post(
    '/api/v1/ca/catalog',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['ca'],
        summary: 'Add a service',
        body: ServiceBody,
        response: { 201: ServiceSchema, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const last = await app.db
        .selectFrom('ca_services')
        .select('sort_order')
        .orderBy('sort_order', 'desc')
        .limit(1)
        .executeTakeFirst();
      const row = await app.db
        .insertInto('ca_services')
        .values({
          id: randomUUID(),
          name: b.name,
          certificate_type: b.certificateType,
          lock_role: b.lockRole,
          term_years: b.termYears,
          unit_price_fen: b.unitPriceFen,
          active: b.active ?? true,
          sort_order: (last?.sort_order ?? 0) + 10,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return reply.code(201).send(serviceView(row));
    },
  );

  app.put(
    '/api/v1/ca/catalog/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['ca'],
        summary: 'Change a service (orders keep the price they were placed at)',
        params: IdParams,
        body: ServiceBody,
        response: { 200: ServiceSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const b = request.body;
      const row = await app.db
        .updateTable('ca_services')
        .set({
          name: b.name,
          certificate_type: b.certificateType,
          lock_role: b.lockRole,
          term_years: b.termYears,
          unit_price_fen: b.unitPriceFen,
          ...(b.active !== undefined ? { active: b.active } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', request.params.id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound(msg('服务不存在', 'No such service'));
      return serviceView(row);
    },
  );

  // ---- placing an order ---------------------------------------------------------------------------
  app.get(
    '/api/v1/ca/orders/prefill',
    {
      config: applicant,
      schema: {
        tags: ['ca'],
        summary: 'Order data pre-filled from the approved enterprise record',
        response: errors(401, 403, 409),
      },
    },
    async (request) => {
      const { enterprise, profile } = await activeEnterprise(request.user!);
      const e = profile.enterprise ?? {};
      return {
        organization: {
          name: enterprise.entity_name,
          nameConfirm: '',
          creditCode: enterprise.credit_code,
          creditCodeConfirm: '',
          address: e.address ?? '',
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
          address: e.address ?? '',
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
    },
  );

  app.post(
    '/api/v1/ca/orders',
    {
      config: { access: ['applicant'], idempotent: true },
      schema: {
        tags: ['ca'],
        summary: '点击购买 — place an order (honours Idempotency-Key)',
        body: OrderBody,
        response: {
          201: OrderPlacedSchema,
          ...errors(400, 401, 403, 409),
        },
      },
    },
    async (request, reply) => {
      const { enterprise, profile } = await activeEnterprise(request.user!);
      const body = request.body as OrderRequest;
      const service = await app.db
        .selectFrom('ca_services')
        .selectAll()
        .where('id', '=', body.serviceId)
        .where('active', '=', true)
        .executeTakeFirst();
      const approved = {
        name: enterprise.entity_name,
        creditCode: enterprise.credit_code!,
        legalRepresentativeName: profile.legalRepresentative?.name ?? null,
      };
      const problems = orderProblems(body, approved, todayInChina());
      if (!service)
        problems.unshift(fieldProblem('serviceId', 'unknown', '没有这个服务', 'is not a service of the catalogue'));
      if (problems.length) throw invalid(problems);
      const id = randomUUID();
      const totalFen = orderTotalFen(service!.unit_price_fen, body.quantity);
      const { tasks, orders } = app.config;
      const seq = await sql<{ n: number }>`select nextval('ca_order_no_seq')::int as n`.execute(app.db);
      const orderNo = orderNumber(new Date(), seq.rows[0].n);
      const input: OrderInput = {
        orderId: id,
        orderNo,
        enterpriseId: enterprise.id,
        quantity: body.quantity,
        totalFen,
        validityYears: service!.term_years,
        subject: { organizationName: enterprise.entity_name, creditCode: enterprise.credit_code! },
        timings: {
          reviewDueMs: tasks.remindAfterMs,
          escalateAfterMs: tasks.escalateAfterMs - tasks.remindAfterMs,
          escalationRole: tasks.escalationRole,
          paymentWindowMs: orders.paymentWindowMs,
          authCodeTtlMs: orders.authCodeTtlMs,
          reminderDays: orders.reminderDays,
        },
      };
      const processId = orderWorkflowId(id);
      const clean = {
        organization: {
          name: body.organization.name.trim(),
          creditCode: body.organization.creditCode.trim().toUpperCase(),
          address: body.organization.address.trim(),
          landline: body.organization.landline,
        },
        legalRepresentative: { name: body.legalRepresentative.name.trim() },
        handler: {
          ...body.handler,
          name: body.handler.name.trim(),
          idNumber: body.handler.idNumber.trim().toUpperCase(),
        },
      };
      await app.db
        .insertInto('ca_orders')
        .values({
          id,
          order_no: orderNo,
          enterprise_id: enterprise.id,
          service_id: service!.id,
          service: JSON.stringify(serviceView(service!)),
          quantity: body.quantity,
          unit_price_fen: service!.unit_price_fen,
          total_fen: totalFen,
          status: 'unpaid',
          registration: JSON.stringify(clean),
          invoice: JSON.stringify({ ...body.invoice, taxpayerId: body.invoice.taxpayerId.trim().toUpperCase() }),
          shipping: JSON.stringify(body.shipping),
          agreement: JSON.stringify({
            ...AGREEMENTS,
            acceptedAt: new Date().toISOString(),
            acceptedBy: request.user!.id,
          }),
          process_id: processId,
          workflow_input: JSON.stringify(input),
          created_by: request.user!.id,
        })
        .execute();
      await startProcess<OrderWorkflow>(app, orderStart(input));
      request.log.info({ orderId: id, orderNo }, 'order placed');
      return reply.code(201).send({ id, orderNo, totalFen, status: 'unpaid' as const, processId });
    },
  );

  // ---- my orders ----------------------------------------------------------------------------------
  app.get(
    '/api/v1/ca/orders',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['ca'],
        summary: '我的订单 — orders, newest first (vendor staff see all)',
        querystring: OrderListQuery,
        response: errors(400, 401),
      },
    },
    async (request) => {
      const user = request.user!;
      const { limit = 20, cursor, status, enterpriseId } = request.query;
      const after = decodeCursor(cursor, 2) as [string, string] | null;
      let q = app.db.selectFrom('ca_orders').selectAll().where('deleted_at', 'is', null);
      if (hasRole(user, ...VENDOR_ROLES)) {
        if (enterpriseId) q = q.where('enterprise_id', '=', enterpriseId);
      } else if (user.enterprise_id) q = q.where('enterprise_id', '=', user.enterprise_id);
      else throw forbidden();
      if (status) q = q.where('status', '=', status as OrderRow['status']);
      if (after) q = q.where(sql<boolean>`(created_at, id) < (${new Date(after[0])}, ${after[1]})`);
      const rows = await q
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((o) => ({
          id: o.id,
          orderNo: o.order_no,
          name: (o.service as { name: string }).name,
          totalFen: o.total_fen,
          quantity: o.quantity,
          status: o.status,
          createdAt: o.created_at.toISOString(),
        })),
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
        response: errors(401, 404),
      },
    },
    async (request) => orderView(await visibleOrder(request.user!, request.params.id)),
  );

  app.delete(
    '/api/v1/ca/orders/:id',
    {
      config: { access: ['applicant'], idempotent: true },
      schema: {
        tags: ['ca'],
        summary: '删除订单 — delete an unpaid, unreviewed order (its process is cancelled)',
        params: IdParams,
        response: { 204: NoContent, ...errors(401, 404, 409) },
      },
    },
    async (request, reply) => {
      const order = await visibleOrder(request.user!, request.params.id);
      await app.temporal.workflow.getHandle(order.process_id).executeUpdate(cancelOrderUpdate, {
        args: [{ actor: actorOfRequest(request) }],
        updateId: idempotencyId(request),
      });
      await app.db
        .updateTable('ca_orders')
        .set({ status: 'cancelled', deleted_at: new Date() })
        .where('id', '=', order.id)
        .execute();
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
        response: errors(401, 404),
      },
    },
    async (request, reply) => {
      const order = await visibleOrder(request.user!, request.params.id);
      const reg = order.registration as {
        organization: { name: string; creditCode: string; address: string; landline: string };
        legalRepresentative: { name: string };
        handler: { name: string; idNumber: string; email: string; landline: string; mobile: string };
      };
      const pdf = await renderApplicationForm(
        {
          orderNo: order.order_no,
          issuedOn: todayInChina(),
          certificateKind: (order.service as { name: string }).name,
          businessType: '新增',
          quantity: order.quantity,
          organization: {
            name: reg.organization.name,
            idType: '统一社会信用代码',
            idNumber: reg.organization.creditCode,
            address: reg.organization.address,
            landline: reg.organization.landline,
          },
          legalRepresentative: reg.legalRepresentative,
          handler: reg.handler,
        },
        { fontPath: app.config.documents.cjkFont },
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="application-form-${order.order_no}.pdf"`)
        .send(pdf);
    },
  );

  // ---- materials ----------------------------------------------------------------------------------
  app.post(
    '/api/v1/ca/orders/:id/materials',
    {
      config: { access: ['applicant'] },
      schema: {
        tags: ['ca'],
        summary:
          '提交材料 — upload a material (multipart `kind`, `file`): business_license, handler_id, application_form, other, remittance_slip',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: errors(400, 401, 404, 409, 413, 415),
      },
    },
    async (request, reply) => {
      const order = await visibleOrder(request.user!, request.params.id);
      const upload = await readUpload(request, MATERIAL_KINDS);
      if (
        ['in_review', 'approved', 'in_production', 'completed', 'cancelled'].includes(order.status) &&
        upload.kind !== 'remittance_slip'
      ) {
        throw conflict(
          'MATERIALS_FROZEN',
          msg('当前状态不能更换材料', `Materials cannot change while the order is ${order.status}`),
        );
      }
      const saved = await saveAttachment(app, {
        enterpriseId: order.enterprise_id,
        owner: `order:${order.id}`,
        upload,
        single: SINGLE_MATERIALS.includes(upload.kind),
        uploadedBy: request.user!.id,
        maxOfKind: 10,
      });
      return reply.code(201).send(attachmentView(saved));
    },
  );

  app.delete(
    '/api/v1/ca/orders/:id/materials/:attachmentId',
    {
      config: { access: ['applicant'] },
      schema: {
        tags: ['ca'],
        summary: 'Remove a material while it may change',
        params: MaterialParams,
        response: { 204: NoContent, ...errors(401, 404, 409) },
      },
    },
    async (request, reply) => {
      const order = await visibleOrder(request.user!, request.params.id);
      if (!['unpaid', 'paid', 'rejected'].includes(order.status))
        throw conflict('MATERIALS_FROZEN', msg('当前状态不能更换材料', 'Materials cannot change now'));
      const att = await app.db
        .selectFrom('attachments')
        .select('id')
        .where('id', '=', request.params.attachmentId)
        .where('owner', '=', `order:${order.id}`)
        .where('status', '=', 'current')
        .executeTakeFirst();
      if (!att) throw notFound(msg('材料不存在', 'No such material'));
      await retireAttachment(app.db, att.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/ca/orders/:id/materials/submit',
    {
      config: { access: ['applicant'], idempotent: true },
      schema: {
        tags: ['ca'],
        summary: 'Materials complete: submit them for review (again after a rejection)',
        params: IdParams,
        response: errors(400, 401, 404, 409),
      },
    },
    async (request) => {
      const order = await visibleOrder(request.user!, request.params.id);
      const files = await currentAttachments(app.db, order.enterprise_id, `order:${order.id}`);
      const missing = REQUIRED_MATERIALS.filter((k) => !files.some((f) => f.kind === k));
      if (missing.length)
        throw invalid(
          missing.map((k) => fieldProblem(`materials.${k}`, 'required', '请上传该材料', 'this material is required')),
        );
      const handle = app.temporal.workflow.getHandle(order.process_id);
      const state = await handle.executeUpdate(submitMaterialsUpdate, {
        args: [{ actor: actorOfRequest(request) }],
        updateId: idempotencyId(request),
      });
      return { status: state.status, materialsSubmitted: state.materialsSubmitted };
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
        response: errors(401, 403, 404),
      },
    },
    async (request) => {
      const order = await visibleOrder(request.user!, request.params.id);
      return app.temporal.workflow.getHandle(order.process_id).query(orderStateQuery);
    },
  );
};

export default caOrderRoutes;
