/** 提交材料 — an order's materials: upload, remove while they may change, submit for review. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { submitMaterialsUpdate } from '../../../contracts/certificate-order';
import { MATERIAL_KINDS, REQUIRED_MATERIALS, SINGLE_MATERIALS } from '../../../domain/certificate-order';
import { fieldProblem, msg } from '../../../domain/text';
import type { OrderRow, UserRow } from '../../../platform/db/schema';
import { conflict, invalid, notFound } from '../../errors';
import { actorOfRequest } from '../../plugins/auth';
import { ACTION_WAIT_MS, deliverUpdate } from '../../process-calls';
import { AcceptedSchema } from '../../schemas/accepted';
import {
  attachmentView,
  currentAttachments,
  findCurrentAttachment,
  retireAttachment,
  saveAttachment,
} from '../../repos/attachments';
import { materialsOwner, orderVisibleTo } from '../../repos/orders';
import { AttachmentSchema } from '../../schemas/attachments';
import { MaterialParams, MaterialsSubmittedSchema } from '../../schemas/certificate-order';
import { errors, IdParams, NoContent } from '../../schemas/common';
import { readUpload } from '../../uploads';

/** Statuses in which materials other than a remittance slip are frozen. */
const FROZEN = ['in_review', 'approved', 'in_production', 'completed', 'cancelled'];
/** Statuses in which a material may be removed. */
const REMOVABLE = ['unpaid', 'paid', 'rejected'];

const materialRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** An order the caller may see, or 404. */
  async function visibleOrder(user: UserRow, id: string): Promise<OrderRow> {
    const order = await orderVisibleTo(app.db, user, id);
    if (!order) throw notFound(msg('订单不存在', 'No such order'));
    return order;
  }

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
        response: { 201: AttachmentSchema, ...errors(400, 401, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const order = await visibleOrder(request.user!, request.params.id);
      const upload = await readUpload(request, MATERIAL_KINDS);
      if (FROZEN.includes(order.status) && upload.kind !== 'remittance_slip') {
        throw conflict(
          'MATERIALS_FROZEN',
          msg('当前状态不能更换材料', `Materials cannot change while the order is ${order.status}`),
        );
      }
      const saved = await saveAttachment(app, {
        enterpriseId: order.enterprise_id,
        owner: materialsOwner(order.id),
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
      if (!REMOVABLE.includes(order.status))
        throw conflict('MATERIALS_FROZEN', msg('当前状态不能更换材料', 'Materials cannot change now'));
      const material = await findCurrentAttachment(app.db, {
        id: request.params.attachmentId,
        owner: materialsOwner(order.id),
      });
      if (!material) throw notFound(msg('材料不存在', 'No such material'));
      await retireAttachment(app.db, material.id);
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
        response: { 200: MaterialsSubmittedSchema, 202: AcceptedSchema, ...errors(400, 401, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const order = await visibleOrder(request.user!, request.params.id);
      return deliverUpdate(app, request, reply, {
        handle: app.temporal.workflow.getHandle(order.process_id),
        update: submitMaterialsUpdate,
        waitMs: ACTION_WAIT_MS,
        prepare: async () => {
          const files = await currentAttachments(app.db, order.enterprise_id, materialsOwner(order.id));
          const missing = REQUIRED_MATERIALS.filter((kind) => !files.some((f) => f.kind === kind));
          if (missing.length)
            throw invalid(
              missing.map((kind) =>
                fieldProblem(`materials.${kind}`, 'required', '请上传该材料', 'this material is required'),
              ),
            );
          return [{ actor: actorOfRequest(request) }];
        },
        answer: (state) => ({
          status: 200,
          body: { status: state.status, materialsSubmitted: state.materialsSubmitted },
        }),
      });
    },
  );
};

export default materialRoutes;
