/**
 * Issued certificates: the list, revocation by the CA administrator (reason code), a lost or broken UKey
 * reported by its enterprise (revoked at once, binding ended, a re-issue order pre-filled), and the CRL.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyRequest } from 'fastify';
import {
  LIFECYCLE_WORKFLOW,
  lifecycleWorkflowId,
  revokeUpdate,
  type LifecycleInput,
  type LifecycleWorkflow,
  type RevokeInput,
} from '../../contracts/certificate-lifecycle';
import type { OrderInput } from '../../contracts/certificate-order';
import { msg } from '../../domain/text';
import { conflict, notFound } from '../errors';
import { hasRole } from '../plugins/auth';
import { idempotencyId } from '../plugins/idempotency';
import { ReportLostBody, RevokeBody, SerialParams } from '../schemas/certificate-lifecycle';
import { errors } from '../schemas/common';

const certificateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /**
   * Revokes through the certificate's lifecycle workflow (its binding ends in the same step). A live
   * certificate whose lifecycle is not running — made before lifecycles existed, or answered made a
   * moment before its lifecycle started — gets it started first.
   */
  async function revoke(request: FastifyRequest, serial: string, r: RevokeInput) {
    const revokeIn = () =>
      app.temporal.workflow
        .getHandle(lifecycleWorkflowId(serial))
        .executeUpdate(revokeUpdate, { args: [r], updateId: idempotencyId(request) });
    try {
      return await revokeIn();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    const cert = await app.db
      .selectFrom('certificates')
      .innerJoin('ca_orders', 'ca_orders.id', 'certificates.order_id')
      .select([
        'certificates.enterprise_id',
        'certificates.order_id',
        'certificates.not_after',
        'certificates.status',
        'ca_orders.workflow_input',
      ])
      .where('certificates.serial_hex', '=', serial)
      .executeTakeFirstOrThrow();
    if (cert.status === 'issued')
      throw conflict('CERTIFICATE_NOT_INSTALLED', msg('证书尚未写入 UKey', 'The certificate is not on its UKey yet'));
    if (cert.status !== 'installed' || cert.not_after.getTime() <= Date.now())
      throw conflict('CERTIFICATE_ENDED', msg('证书已过期或已吊销', 'The certificate has expired or is revoked'));
    const order = cert.workflow_input as unknown as OrderInput;
    const input: LifecycleInput = {
      serialHex: serial,
      enterpriseId: cert.enterprise_id,
      orderId: cert.order_id,
      notAfter: cert.not_after.toISOString(),
      reminderDays: order.timings.reminderDays ?? [30, 7, 1],
    };
    try {
      await app.temporal.workflow.start<LifecycleWorkflow>(LIFECYCLE_WORKFLOW, {
        taskQueue: app.config.temporal.taskQueue,
        workflowId: lifecycleWorkflowId(serial),
        args: [input],
      });
      request.log.warn({ serial }, 'certificate lifecycle started for a revocation');
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    return revokeIn();
  }

  app.get(
    '/api/v1/ca/certificates',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['ca'],
        summary: 'Issued certificates (an enterprise sees its own; ca_admin and operators all)',
        response: errors(401),
      },
    },
    async (request) => {
      const user = request.user!;
      let q = app.db
        .selectFrom('certificates')
        .select([
          'serial_hex',
          'order_id',
          'enterprise_id',
          'token_serial',
          'subject_dn',
          'not_before',
          'not_after',
          'status',
          'lifecycle',
          'revoked_at',
          'revocation_reason',
        ]);
      if (!hasRole(user, 'ca_admin', 'operator', 'admin')) q = q.where('enterprise_id', '=', user.enterprise_id ?? '');
      const rows = await q.orderBy('created_at', 'desc').limit(200).execute();
      return {
        items: rows.map((c) => ({
          serial: c.serial_hex,
          orderId: c.order_id,
          enterpriseId: c.enterprise_id,
          tokenSerial: c.token_serial,
          subject: c.subject_dn,
          notBefore: c.not_before.toISOString(),
          notAfter: c.not_after.toISOString(),
          status: c.status,
          lifecycle: c.lifecycle,
          revokedAt: c.revoked_at?.toISOString() ?? null,
          revocationReason: c.revocation_reason,
        })),
      };
    },
  );

  app.post(
    '/api/v1/ca/certificates/:serial/revoke',
    {
      config: { access: ['ca_admin'], idempotent: true },
      schema: {
        tags: ['ca'],
        summary: 'Revoke a certificate (reason code); its binding ends at once',
        params: SerialParams,
        body: RevokeBody,
        response: errors(400, 401, 403, 404, 409),
      },
    },
    async (request) => {
      const serial = request.params.serial.toLowerCase();
      const cert = await app.db
        .selectFrom('certificates')
        .select('status')
        .where('serial_hex', '=', serial)
        .executeTakeFirst();
      if (!cert) throw notFound(msg('证书不存在', 'No such certificate'));
      const done = await revoke(request, serial, {
        reason: request.body.reason,
        actorId: request.user!.id,
        note: request.body.note,
      });
      request.log.info({ serial, reason: request.body.reason }, 'certificate revoked');
      return { serial, status: 'revoked', revokedAt: done.revokedAt };
    },
  );

  app.post(
    '/api/v1/enterprise/certificates/:serial/report-lost',
    {
      config: { access: ['applicant'], idempotent: true },
      schema: {
        tags: ['ca'],
        summary:
          'Report a lost or broken UKey: the certificate is revoked, the binding ends, a re-issue order is pre-filled',
        params: SerialParams,
        body: ReportLostBody,
        response: errors(400, 401, 403, 404, 409),
      },
    },
    async (request) => {
      const serial = request.params.serial.toLowerCase();
      const cert = await app.db
        .selectFrom('certificates')
        .select(['order_id', 'enterprise_id'])
        .where('serial_hex', '=', serial)
        .executeTakeFirst();
      if (!cert || cert.enterprise_id !== request.user!.enterprise_id)
        throw notFound(msg('证书不存在', 'No such certificate'));
      const reason = request.body.kind === 'lost' ? 'keyCompromise' : 'cessationOfOperation';
      const done = await revoke(request, serial, {
        reason,
        actorId: request.user!.id,
        note: request.body.note ?? (request.body.kind === 'lost' ? 'UKey 遗失' : 'UKey 损坏'),
      });
      const order = await app.db
        .selectFrom('ca_orders')
        .select(['service_id', 'registration', 'invoice', 'shipping'])
        .where('id', '=', cert.order_id)
        .executeTakeFirstOrThrow();
      const reg = order.registration as {
        organization: { name: string; creditCode: string; address: string; landline: string };
        legalRepresentative: { name: string };
        handler: Record<string, string>;
      };
      return {
        serial,
        status: 'revoked',
        revokedAt: done.revokedAt,
        reissue: {
          serviceId: order.service_id,
          quantity: 1,
          organization: { ...reg.organization, nameConfirm: '', creditCodeConfirm: '' },
          legalRepresentative: reg.legalRepresentative,
          handler: reg.handler,
          invoice: order.invoice,
          shipping: order.shipping,
        },
      };
    },
  );

  app.get(
    '/api/v1/ca/crl',
    {
      config: { access: 'public' },
      schema: { tags: ['ca'], summary: 'The certificate revocation list of the built-in CA (DER)' },
    },
    async (_request, reply) => {
      const revoked = await app.db
        .selectFrom('certificates')
        .select(['serial_hex', 'revoked_at', 'revocation_reason'])
        .where('status', '=', 'revoked')
        .execute();
      const now = new Date();
      const crl = await app.ca.crl(
        revoked.map((c) => ({
          serialHex: c.serial_hex,
          revokedAt: c.revoked_at!,
          reason: (c.revocation_reason ?? 'unspecified') as RevokeInput['reason'],
        })),
        { thisUpdate: now, nextUpdate: new Date(now.getTime() + 86_400_000) },
      );
      return reply.type('application/pkix-crl').header('cache-control', 'public, max-age=60').send(crl);
    },
  );
};

export default certificateRoutes;
