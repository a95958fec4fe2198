/**
 * Process 4 (guide part 四): the enterprise's CA-binding table (企业信息 → 基础信息 → 变更 → CA 绑定信息):
 * read the lock (获取锁信息), add it, delete an unsubmitted row, ask to remove a binding, submit for approval.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import { sql } from 'kysely';
import { BINDING_WORKFLOW, bindingWorkflowId, type BindingInput, type BindingWorkflow } from '../../contracts/binding';
import type { TokenReading } from '../../contracts/station';
import { msg } from '../../domain/text';
import type { BindingRow, UserRow } from '../../platform/db/schema';
import { checkCertificate, type CheckedCertificate } from '../certificates';
import { ApiError, conflict, forbidden, notFound } from '../errors';
import { idempotencyId } from '../plugins/idempotency';
import { noBodyIsEmpty } from '../route-options';
import { LockBody } from '../schemas/binding';
import { errors, IdParams, NoContent, NoFields } from '../schemas/common';
import { startProcess } from '../start-process';
import { callStation } from '../stations';

const USAGE = {
  normal: ['正常', 'in force'],
  expiring: ['即将到期', 'expiring soon'],
  expired: ['已过期', 'expired'],
  revoked: ['已吊销', 'revoked'],
  ended: ['已解除', 'unbound'],
  not_in_force: ['未生效', 'not in force'],
} as const;
const REVIEW = {
  unsubmitted: ['未提交', 'not submitted'],
  pending: ['未审核', 'awaiting review'],
  approved: ['已通过', 'approved'],
  rejected: ['未通过', 'rejected'],
} as const;
const CHANGE = { add: ['新增', 'add'], remove: ['删除', 'remove'] } as const;
const label = ([zh, en]: readonly [string, string]) => ({ zh, en });

const bindingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const applicant = { access: ['applicant'] as const };

  /** The signed-in applicant's active enterprise. */
  async function enterpriseOf(user: UserRow) {
    if (user.kind !== 'applicant' || !user.enterprise_id)
      throw forbidden(msg('仅企业账号可以操作', 'Only an enterprise account may do this'));
    const e = await app.db
      .selectFrom('enterprises')
      .select(['id', 'status', 'credit_code'])
      .where('id', '=', user.enterprise_id)
      .executeTakeFirstOrThrow();
    if (e.status !== 'active')
      throw conflict(
        'ENTERPRISE_NOT_ACTIVE',
        msg('企业注册尚未审核通过', 'The enterprise registration is not approved yet'),
      );
    return e;
  }

  /** Reads the lock at the station and checks its certificate belongs to this enterprise. */
  async function readLock(
    user: UserRow,
    body: Static<typeof LockBody>,
  ): Promise<CheckedCertificate & { tokenSerial: string }> {
    const enterprise = await enterpriseOf(user);
    const reading = await callStation<TokenReading>(app, body.stationId, {
      op: 'readToken',
      tokenSerial: body.tokenSerial,
    });
    if (reading.certificates.length === 0)
      throw conflict('NO_CERTIFICATE', msg('该 UKey 中没有证书', 'The UKey holds no certificate'));
    const checked = await checkCertificate(app, Buffer.from(reading.certificates[0], 'base64'), enterprise.credit_code);
    if ('refused' in checked) throw new ApiError(422, checked.refused.code, checked.refused.message);
    return { ...checked, tokenSerial: reading.serial };
  }

  /** The row's 序号: its place in the enterprise's binding table (ordered as the table lists it). */
  async function placeOf(b: BindingRow): Promise<number> {
    const { n } = await app.db
      .selectFrom('ca_bindings')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('enterprise_id', '=', b.enterprise_id)
      // (compared in the database: its timestamps are finer than a JavaScript Date)
      .where(sql<boolean>`(created_at, id) <= (select created_at, id from ca_bindings where id = ${b.id})`)
      .executeTakeFirstOrThrow();
    return n;
  }

  async function rowView(b: BindingRow, no: number) {
    const cert = await app.db
      .selectFrom('certificates')
      .select(['lifecycle'])
      .where('serial_hex', '=', b.certificate_serial)
      .executeTakeFirstOrThrow();
    const usage: keyof typeof USAGE =
      b.change === 'remove'
        ? 'not_in_force'
        : b.active
          ? cert.lifecycle === 'valid'
            ? 'normal'
            : cert.lifecycle
          : b.ended_at
            ? cert.lifecycle === 'revoked' || cert.lifecycle === 'expired'
              ? cert.lifecycle
              : 'ended'
            : 'not_in_force';
    return {
      no,
      id: b.id,
      lockNo: b.token_serial,
      subject: b.subject_dn,
      certificateSerial: b.certificate_serial,
      expiresAt: b.not_after.toISOString(),
      usage: { code: usage, label: label(USAGE[usage]) },
      change: { code: b.change, label: label(CHANGE[b.change]) },
      review: { code: b.review_status, label: label(REVIEW[b.review_status]) },
      active: b.active,
      reason: b.reason,
      processId: b.process_id,
      createdAt: b.created_at.toISOString(),
    };
  }

  app.post(
    '/api/v1/enterprise/ca-bindings/read-lock',
    {
      config: applicant,
      schema: {
        tags: ['bindings'],
        summary: '获取锁信息 — read the inserted UKey: serial and its certificate, checked',
        body: LockBody,
        response: errors(400, 401, 403, 404, 409, 422),
      },
    },
    async (request) => {
      const lock = await readLock(request.user!, request.body);
      const bound = await app.db
        .selectFrom('ca_bindings')
        .select('id')
        .where('certificate_serial', '=', lock.summary.serialHex)
        .where('active', '=', true)
        .executeTakeFirst();
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
        alreadyBound: !!bound,
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
        response: errors(400, 401, 403, 404, 409, 422),
      },
    },
    async (request, reply) => {
      const lock = await readLock(request.user!, request.body);
      const bound = await app.db
        .selectFrom('ca_bindings')
        .select('id')
        .where('certificate_serial', '=', lock.summary.serialHex)
        .where('active', '=', true)
        .executeTakeFirst();
      if (bound) throw conflict('ALREADY_BOUND', msg('该 UKey 已绑定', 'This UKey is already bound'));
      try {
        const row = await app.db
          .insertInto('ca_bindings')
          .values({
            id: randomUUID(),
            enterprise_id: lock.enterpriseId,
            token_serial: lock.tokenSerial,
            certificate_serial: lock.summary.serialHex,
            subject_dn: lock.summary.subjectDn,
            not_after: lock.summary.notAfter,
            change: 'add',
            review_status: 'unsubmitted',
            created_by: request.user!.id,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return reply.code(201).send(await rowView(row, await placeOf(row)));
      } catch (err) {
        if ((err as { code?: string }).code === '23505')
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
        response: errors(401, 403),
      },
    },
    async (request) => {
      const user = request.user!;
      const rows = await app.db
        .selectFrom('ca_bindings')
        .selectAll()
        .where('enterprise_id', '=', user.enterprise_id ?? '')
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return { items: await Promise.all(rows.map((r, i) => rowView(r, i + 1))) };
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
      const row = await app.db
        .selectFrom('ca_bindings')
        .selectAll()
        .where('id', '=', request.params.id)
        .where('enterprise_id', '=', request.user!.enterprise_id ?? '')
        .executeTakeFirst();
      if (!row) throw notFound(msg('记录不存在', 'No such row'));
      if (row.review_status !== 'unsubmitted')
        throw conflict(
          'ALREADY_SUBMITTED',
          msg(
            '已提交的记录不能删除；解除绑定请提交删除申请',
            'A submitted row cannot be deleted; ask for the binding’s removal instead',
          ),
        );
      await app.db.deleteFrom('ca_bindings').where('id', '=', row.id).execute();
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
        response: errors(400, 401, 403, 404, 409),
      },
    },
    async (request, reply) => {
      const row = await app.db
        .selectFrom('ca_bindings')
        .selectAll()
        .where('id', '=', request.params.id)
        .where('enterprise_id', '=', request.user!.enterprise_id ?? '')
        .executeTakeFirst();
      if (!row || row.change !== 'add') throw notFound(msg('绑定不存在', 'No such binding'));
      if (!row.active) throw conflict('NOT_BOUND', msg('该绑定未生效', 'The binding is not in force'));
      try {
        const removal = await app.db
          .insertInto('ca_bindings')
          .values({
            ...row,
            id: randomUUID(),
            change: 'remove',
            review_status: 'unsubmitted',
            active: false,
            removes_id: row.id,
            reason: null,
            process_id: null,
            created_by: request.user!.id,
            created_at: new Date(),
            decided_at: null,
            ended_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return reply.code(201).send(await rowView(removal, await placeOf(removal)));
      } catch (err) {
        if ((err as { code?: string }).code === '23505')
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
        response: errors(400, 401, 403, 409),
      },
    },
    async (request, reply) => {
      const enterprise = await enterpriseOf(request.user!);
      // Submissions of one enterprise are numbered one after another (the enterprise row serialises them).
      const { processId, rows } = await app.db.transaction().execute(async (trx) => {
        await trx
          .selectFrom('enterprises')
          .select('id')
          .where('id', '=', enterprise.id)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const { n } = await trx
          .selectFrom('ca_bindings')
          .select(sql<number>`count(distinct process_id)::int`.as('n'))
          .where('enterprise_id', '=', enterprise.id)
          .executeTakeFirstOrThrow();
        const id = bindingWorkflowId(enterprise.id, n + 1);
        const changed = await trx
          .updateTable('ca_bindings')
          .set({ review_status: 'pending', process_id: id })
          .where('enterprise_id', '=', enterprise.id)
          .where('review_status', '=', 'unsubmitted')
          .returning('id')
          .execute();
        return { processId: id, rows: changed };
      });
      if (rows.length === 0)
        throw conflict('NOTHING_TO_SUBMIT', msg('没有待提交的变更', 'There is no change to submit'));
      const { tasks } = app.config;
      const input: BindingInput = {
        enterpriseId: enterprise.id,
        changeIds: rows.map((r) => r.id),
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
        await app.db
          .updateTable('ca_bindings')
          .set({ review_status: 'unsubmitted', process_id: null })
          .where('process_id', '=', processId)
          .execute();
        throw err;
      }
      request.log.info(
        { processId, changes: rows.length, idempotency: idempotencyId(request) ?? null },
        'binding changes submitted',
      );
      return reply.code(202).send({ processId, changes: rows.length, status: 'pending' });
    },
  );
};

export default bindingRoutes;
