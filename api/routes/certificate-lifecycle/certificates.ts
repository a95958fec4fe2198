/**
 * Issued certificates: the list, revocation by the CA administrator (reason code), and a lost or broken
 * UKey reported by its enterprise (revoked at once, binding ended, a re-issue order pre-filled).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyBaseLogger } from 'fastify';
import {
  LIFECYCLE_WORKFLOW,
  lifecycleWorkflowId,
  revokeUpdate,
  type LifecycleInput,
  type LifecycleWorkflow,
  type RevokeInput,
} from '../../../contracts/certificate-lifecycle';
import { renewalGraceEnds, renewalRefusal } from '../../../domain/certificate-renewal';
import { hasRole } from '../../../domain/roles';
import type { CertificateRow } from '../../../platform/db/schema';
import { openRenewals } from '../../repos/renewals';
import { msg } from '../../../domain/text';
import { subjectChecks } from '../../certificate-subject';
import { conflict, notFound } from '../../errors';
import { idempotencyId } from '../../plugins/idempotency';
import { certificateWithOrderInput, findCertificate, listCertificates, reissueSource } from '../../repos/certificates';
import type { OrderRegistration } from '../../repos/orders';
import {
  CertificateListSchema,
  ReportLostBody,
  RevokeBody,
  RevokedSchema,
  SerialParams,
} from '../../schemas/certificate-lifecycle';
import { errors } from '../../schemas/common';

const NO_SUCH_CERTIFICATE = msg('证书不存在', 'No such certificate');

/**
 * Where a certificate stands for renewal (续期): `ordered` (its renewal order), `available` (until
 * `graceEndsAt`), or `closed` with the reason (revoked, superseded, past the grace period: a new order).
 */
function renewalState(
  c: { status: CertificateRow['status']; not_after: Date },
  order: { id: string; order_no: string } | undefined,
  graceDays: number,
) {
  const graceEndsAt = renewalGraceEnds(c.not_after, graceDays).toISOString();
  if (order)
    return { state: 'ordered' as const, orderId: order.id, orderNo: order.order_no, graceEndsAt, reason: null };
  const refusal = renewalRefusal({ status: c.status, notAfter: c.not_after }, new Date(), graceDays);
  return refusal
    ? { state: 'closed' as const, orderId: null, orderNo: null, graceEndsAt, reason: refusal.message }
    : { state: 'available' as const, orderId: null, orderNo: null, graceEndsAt, reason: null };
}

const certificateRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /**
   * Revokes through the certificate's lifecycle workflow (its binding ends in the same step). A live
   * certificate whose lifecycle is not running — its order's workflow has no lifecycle child, or the UKey
   * was answered made a moment before the child started — gets it started first.
   */
  async function revoke(serial: string, revocation: RevokeInput, updateId: string | undefined, log: FastifyBaseLogger) {
    const revokeIn = () =>
      app.temporal.workflow
        .getHandle(lifecycleWorkflowId(serial))
        .executeUpdate(revokeUpdate, { args: [revocation], updateId });
    try {
      return await revokeIn();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    const cert = await certificateWithOrderInput(app.db, serial);
    if (cert.status === 'issued')
      throw conflict('CERTIFICATE_NOT_INSTALLED', msg('证书尚未写入 UKey', 'The certificate is not on its UKey yet'));
    if (cert.status !== 'installed' || cert.not_after.getTime() <= Date.now())
      throw conflict('CERTIFICATE_ENDED', msg('证书已过期或已吊销', 'The certificate has expired or is revoked'));
    const input: LifecycleInput = {
      serialHex: serial,
      enterpriseId: cert.enterprise_id,
      orderId: cert.order_id,
      notAfter: cert.not_after.toISOString(),
      reminderDays: cert.orderInput.timings.reminderDays ?? [30, 7, 1],
    };
    try {
      await app.temporal.workflow.start<LifecycleWorkflow>(LIFECYCLE_WORKFLOW, {
        taskQueue: app.config.temporal.taskQueue,
        workflowId: lifecycleWorkflowId(serial),
        args: [input],
      });
      log.warn({ serial }, 'certificate lifecycle started for a revocation');
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
        response: { 200: CertificateListSchema, ...errors(401) },
      },
    },
    async (request) => {
      const user = request.user!;
      const rows = await listCertificates(
        app.db,
        hasRole(user, 'ca_admin', 'operator', 'admin') ? undefined : (user.enterprise_id ?? ''),
      );
      const checks = await subjectChecks(app.db, rows);
      const renewals = await openRenewals(
        app.db,
        rows.map((c) => c.serial_hex),
      );
      const graceDays = app.config.orders.renewalGraceDays;
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
          ...checks.get(c.serial_hex)!,
          supersededBy: c.superseded_by,
          renewal: renewalState(c, renewals.get(c.serial_hex), graceDays),
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
        response: { 200: RevokedSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const serial = request.params.serial.toLowerCase();
      if (!(await findCertificate(app.db, serial))) throw notFound(NO_SUCH_CERTIFICATE);
      const { reason, note } = request.body;
      const done = await revoke(
        serial,
        { reason, actorId: request.user!.id, note },
        idempotencyId(request),
        request.log,
      );
      request.log.info({ serial, reason }, 'certificate revoked');
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
        response: { 200: RevokedSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const serial = request.params.serial.toLowerCase();
      const cert = await findCertificate(app.db, serial);
      if (!cert || cert.enterprise_id !== request.user!.enterprise_id) throw notFound(NO_SUCH_CERTIFICATE);
      const { kind, note } = request.body;
      const done = await revoke(
        serial,
        {
          reason: kind === 'lost' ? 'keyCompromise' : 'cessationOfOperation',
          actorId: request.user!.id,
          note: note ?? (kind === 'lost' ? 'UKey 遗失' : 'UKey 损坏'),
        },
        idempotencyId(request),
        request.log,
      );
      const order = await reissueSource(app.db, cert.order_id);
      const registration = order.registration as unknown as OrderRegistration;
      return {
        serial,
        status: 'revoked',
        revokedAt: done.revokedAt,
        reissue: {
          serviceId: order.service_id,
          quantity: 1,
          reissueOf: serial,
          organization: { ...registration.organization, nameConfirm: '', creditCodeConfirm: '' },
          legalRepresentative: registration.legalRepresentative,
          handler: registration.handler,
          invoice: order.invoice,
          shipping: order.shipping,
        },
      };
    },
  );
};

export default certificateRoutes;
