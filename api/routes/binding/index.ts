/**
 * Process 4 (guide part 四): the enterprise's CA-binding table (企业信息 → 基础信息 → 变更 → CA 绑定信息):
 * read the lock (获取锁信息), add it, delete an unsubmitted row, ask to remove a binding, submit for approval.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from '@sinclair/typebox';
import { BINDING_WORKFLOW, type BindingInput, type BindingWorkflow } from '../../../contracts/binding';
import type { TokenReading } from '../../../contracts/station';
import { msg } from '../../../domain/text';
import type { UserRow } from '../../../platform/db/schema';
import { certificateBytes, checkCertificate, type CheckedCertificate } from '../../certificate-check';
import { ApiError, conflict, invalid, notFound } from '../../errors';
import { idempotencyId } from '../../plugins/idempotency';
import {
  bindingChangesOf,
  bindingRowView,
  bindingTable,
  certificateBound,
  deleteBinding,
  findBinding,
  insertBinding,
  insertRemoval,
  placeInTable,
  submitChanges,
  unsubmitChanges,
} from '../../repos/bindings';
import { findCertificate } from '../../repos/certificates';
import { activeEnterprise } from '../../repos/enterprise';
import { processVisibleTo } from '../../repos/processes';
import { noBodyIsEmpty } from '../../route-options';
import {
  BindingRowSchema,
  BindingsSubmittedSchema,
  BindingTableSchema,
  LockBody,
  LockInfoSchema,
} from '../../schemas/binding';
import { errors, IdParams, NoContent, NoFields } from '../../schemas/common';
import { startProcess } from '../../start-process';
import { callStation } from '../../station-calls';

/** A unique rule of the binding table broke (a change of the UKey is already waiting). */
const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

const bindingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const applicant = { access: ['applicant'] as const };

  /**
   * Reads the lock — from the certificate the UKey signing agent read off it on the applicant's computer,
   * or at a station — and checks its certificate: this platform's, valid, this enterprise's, and (from
   * the agent) recorded as written to that very UKey.
   */
  async function readLock(
    user: UserRow,
    lock: Static<typeof LockBody>,
  ): Promise<CheckedCertificate & { tokenSerial: string }> {
    const enterprise = await activeEnterprise(app.db, user);
    let der: Buffer;
    let tokenSerial: string;
    if ('certificate' in lock) {
      const bytes = certificateBytes(lock.certificate);
      if (!bytes)
        throw invalid([
          { field: 'certificate', code: 'invalid', message: msg('证书格式不正确', 'The certificate cannot be read') },
        ]);
      der = bytes;
      tokenSerial = lock.tokenSerial;
    } else {
      const reading = await callStation<TokenReading>(app, lock.stationId, {
        op: 'readToken',
        tokenSerial: lock.tokenSerial,
      });
      if (reading.certificates.length === 0)
        throw conflict('NO_CERTIFICATE', msg('该 UKey 中没有证书', 'The UKey holds no certificate'));
      der = Buffer.from(reading.certificates[0], 'base64');
      tokenSerial = reading.serial;
    }
    const checked = await checkCertificate(app, der, enterprise.credit_code);
    if ('refused' in checked) {
      const { code, message } = checked.refused;
      const on = 'certificate' in lock ? [{ field: 'certificate', code: code.toLowerCase(), message }] : undefined;
      throw new ApiError(422, code, message, on);
    }
    if (
      'certificate' in lock &&
      (await findCertificate(app.db, checked.summary.serialHex))?.token_serial !== tokenSerial
    ) {
      const message = msg(
        '证书不是写入该 UKey 的证书（锁号不符）',
        'The certificate was not written to this UKey (the lock number differs)',
      );
      throw new ApiError(422, 'NOT_THIS_UKEY', message, [{ field: 'tokenSerial', code: 'not_this_ukey', message }]);
    }
    return { ...checked, tokenSerial };
  }

  app.post(
    '/api/v1/enterprise/ca-bindings/read-lock',
    {
      config: applicant,
      schema: {
        tags: ['bindings'],
        summary: '获取锁信息 — read the inserted UKey: serial and its certificate, checked',
        body: LockBody,
        response: { 200: LockInfoSchema, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const lock = await readLock(request.user!, request.body);
      return {
        lockNo: lock.tokenSerial,
        certificate: {
          serial: lock.summary.serialHex,
          subject: lock.summary.subjectDn,
          issuer: lock.summary.issuerDn,
          notBefore: lock.summary.notBefore.toISOString(),
          notAfter: lock.summary.notAfter.toISOString(),
          fingerprintSha256: lock.summary.fingerprintSha256,
        },
        alreadyBound: await certificateBound(app.db, lock.summary.serialHex),
      };
    },
  );

  app.post(
    '/api/v1/enterprise/ca-bindings',
    {
      config: { ...applicant, idempotent: true },
      schema: {
        tags: ['bindings'],
        summary: '添加 — add the inserted UKey (read again and checked) as a new binding, not yet submitted',
        body: LockBody,
        response: { 201: BindingRowSchema, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const lock = await readLock(request.user!, request.body);
      if (await certificateBound(app.db, lock.summary.serialHex))
        throw conflict('ALREADY_BOUND', msg('该 UKey 已绑定', 'This UKey is already bound'));
      try {
        const row = await insertBinding(app.db, {
          enterpriseId: lock.enterpriseId,
          tokenSerial: lock.tokenSerial,
          certificateSerial: lock.summary.serialHex,
          subjectDn: lock.summary.subjectDn,
          notAfter: lock.summary.notAfter,
          createdBy: request.user!.id,
        });
        return reply.code(201).send(await bindingRowView(app.db, row, await placeInTable(app.db, row)));
      } catch (err) {
        if (isUniqueViolation(err))
          throw conflict(
            'CHANGE_PENDING',
            msg('该 UKey 已有待提交或待审核的新增', 'This UKey already has an addition waiting'),
          );
        throw err;
      }
    },
  );

  app.get(
    '/api/v1/enterprise/ca-bindings',
    {
      config: applicant,
      schema: {
        tags: ['bindings'],
        summary: 'The CA-binding table (序号, 锁号, 主题, 到期时间, 使用状态, 变更状态, 审核状态)',
        response: { 200: BindingTableSchema, ...errors(401, 403) },
      },
    },
    async (request) => {
      const rows = await bindingTable(app.db, request.user!.enterprise_id ?? '');
      return { items: await Promise.all(rows.map((row, i) => bindingRowView(app.db, row, i + 1))) };
    },
  );

  app.delete(
    '/api/v1/enterprise/ca-bindings/:id',
    {
      config: { ...applicant, idempotent: true },
      schema: {
        tags: ['bindings'],
        summary: '删除 — remove a row not yet submitted',
        params: IdParams,
        response: { 204: NoContent, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const row = await findBinding(app.db, request.params.id, request.user!.enterprise_id ?? '');
      if (!row) throw notFound(msg('记录不存在', 'No such row'));
      if (row.review_status !== 'unsubmitted')
        throw conflict(
          'ALREADY_SUBMITTED',
          msg(
            '已提交的记录不能删除；解除绑定请提交删除申请',
            'A submitted row cannot be deleted; ask for the binding’s removal instead',
          ),
        );
      await deleteBinding(app.db, row.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/enterprise/ca-bindings/:id/removal',
    {
      config: { ...applicant, idempotent: true },
      preValidation: noBodyIsEmpty,
      schema: {
        tags: ['bindings'],
        summary: 'Ask to remove a binding in force (goes through the same approval)',
        params: IdParams,
        body: NoFields,
        response: { 201: BindingRowSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const row = await findBinding(app.db, request.params.id, request.user!.enterprise_id ?? '');
      if (!row || row.change !== 'add') throw notFound(msg('绑定不存在', 'No such binding'));
      if (!row.active) throw conflict('NOT_BOUND', msg('该绑定未生效', 'The binding is not in force'));
      try {
        const removal = await insertRemoval(app.db, row, request.user!.id);
        return reply.code(201).send(await bindingRowView(app.db, removal, await placeInTable(app.db, removal)));
      } catch (err) {
        if (isUniqueViolation(err))
          throw conflict('CHANGE_PENDING', msg('已有待处理的删除申请', 'A removal is already waiting'));
        throw err;
      }
    },
  );

  app.post(
    '/api/v1/enterprise/ca-bindings/submit',
    {
      config: { ...applicant, idempotent: true },
      preValidation: noBodyIsEmpty,
      schema: {
        tags: ['bindings'],
        summary: '提交 — submit the unsubmitted rows for approval (then phone 0579-88894332)',
        body: NoFields,
        response: { 202: BindingsSubmittedSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const enterprise = await activeEnterprise(app.db, request.user);
      const { processId, changeIds } = await submitChanges(app.db, enterprise.id);
      if (changeIds.length === 0)
        throw conflict('NOTHING_TO_SUBMIT', msg('没有待提交的变更', 'There is no change to submit'));
      const { tasks } = app.config;
      const input: BindingInput = {
        enterpriseId: enterprise.id,
        changeIds,
        reviewDueMs: tasks.remindAfterMs,
        escalateAfterMs: tasks.escalateAfterMs - tasks.remindAfterMs,
        escalationRole: 'supervisor',
      };
      try {
        await startProcess<BindingWorkflow>(app, {
          workflowType: BINDING_WORKFLOW,
          workflowId: processId,
          args: [input],
          processType: 'ca-binding',
          enterpriseId: enterprise.id,
          status: 'pending',
        });
      } catch (err) {
        await unsubmitChanges(app.db, processId);
        throw err;
      }
      request.log.info(
        { processId, changes: changeIds.length, idempotency: idempotencyId(request) ?? null },
        'binding changes submitted',
      );
      return reply.code(202).send({ processId, changes: changeIds.length, status: 'pending' });
    },
  );
  app.get(
    '/api/v1/processes/:id/binding-changes',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['bindings'],
        summary: "A binding process's changes, each with the certificate read off its lock (staff and the enterprise)",
        params: IdParams,
        response: { 200: BindingTableSchema, ...errors(401, 404) },
      },
    },
    async (request) => {
      const process = await processVisibleTo(app.db, request.user!, request.params.id);
      if (!process || process.type !== 'ca-binding') throw notFound(msg('绑定流程不存在', 'No such binding process'));
      return { items: await bindingChangesOf(app.db, process.id) };
    },
  );
};

export default bindingRoutes;
