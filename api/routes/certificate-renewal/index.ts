/**
 * Certificate renewal (续期): the renewal order pre-filled from the certificate and the approved enterprise
 * record (the UKey, the service, the renewal price), and placing it. Payment, materials, the authorisation
 * code and the station are the order's own routes (a renewal order is an order). Applicants only, for
 * their own enterprise's certificates.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import { orderWorkflowId, type OrderWorkflow } from '../../../contracts/certificate-order';
import type { RenewalInput } from '../../../contracts/certificate-renewal';
import { AGREEMENTS } from '../../../domain/certificate-order';
import { changedSinceIssue, renewalGraceEnds, renewalRefusal } from '../../../domain/certificate-renewal';
import type { RegistrationProfile } from '../../../domain/registration';
import { fieldProblem, msg } from '../../../domain/text';
import type { EnterpriseRow, UserRow } from '../../../platform/db/schema';
import { conflict, invalid, notFound } from '../../errors';
import { idempotencyId } from '../../plugins/idempotency';
import { findActiveService } from '../../repos/catalog';
import { approvedEnterprise } from '../../repos/enterprise';
import { findOrder, nextOrderNo, type OrderRegistration } from '../../repos/orders';
import { certificateToRenew, insertRenewalOrder, openRenewals } from '../../repos/renewals';
import { SerialParams } from '../../schemas/certificate-lifecycle';
import { RenewalPlacedSchema, RenewalPrefillSchema } from '../../schemas/certificate-renewal';
import { errors } from '../../schemas/common';
import { ensureProcessStarted, orderStart, startProcess } from '../../start-process';

const NO_SUCH_CERTIFICATE = msg('证书不存在', 'No such certificate');

/** An order ID made from an idempotency key's ID (32 hex digits), in the shape of a UUID. */
const idOfKey = (key: string) =>
  `${key.slice(0, 8)}-${key.slice(8, 12)}-${key.slice(12, 16)}-${key.slice(16, 20)}-${key.slice(20, 32)}`;

/** The registration of a renewal: the approved record's organisation now, the handler of the renewed order. */
function renewalRegistration(
  enterprise: EnterpriseRow,
  profile: RegistrationProfile,
  renewed: OrderRegistration,
): OrderRegistration {
  return {
    organization: {
      name: enterprise.entity_name,
      creditCode: enterprise.credit_code!,
      address: profile.enterprise?.address ?? renewed.organization.address,
      landline: renewed.organization.landline,
    },
    legalRepresentative: { name: profile.legalRepresentative?.name ?? renewed.legalRepresentative.name },
    handler: renewed.handler,
  };
}

const renewalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /**
   * Everything a renewal of `serial` needs, checked: the certificate (the enterprise's own, renewable within
   * the grace period), its service with a renewal price, no renewal already open, and what changed since.
   */
  async function renewal(user: UserRow, serialParam: string) {
    const { enterprise, profile } = await approvedEnterprise(app.db, user);
    const serial = serialParam.toLowerCase();
    const found = await certificateToRenew(app.db, serial, enterprise.id);
    if (!found) throw notFound(NO_SUCH_CERTIFICATE);
    const { cert, order: renewed, ukeyModel } = found;
    const graceDays = app.config.orders.renewalGraceDays;
    const refusal = renewalRefusal({ status: cert.status, notAfter: cert.not_after }, new Date(), graceDays);
    if (refusal) throw invalid([refusal], msg('该证书不能续期，请重新下单', 'This certificate cannot be renewed'));
    const service = await findActiveService(app.db, renewed.service_id);
    if (!service || service.renewal_price_fen === null)
      throw invalid([
        fieldProblem(
          'serviceId',
          'not_renewable',
          '该证书的服务已不提供续期，请重新下单',
          'the certificate’s service is no longer renewed; place a new order',
        ),
      ]);
    const registration = renewalRegistration(enterprise, profile, renewed.registration as unknown as OrderRegistration);
    const then = renewed.registration as unknown as OrderRegistration;
    const changedFields = changedSinceIssue(
      {
        name: then.organization.name,
        creditCode: then.organization.creditCode,
        legalRepresentativeName: then.legalRepresentative.name,
      },
      {
        name: registration.organization.name,
        creditCode: registration.organization.creditCode,
        legalRepresentativeName: registration.legalRepresentative.name,
      },
    );
    const open = (await openRenewals(app.db, [serial])).get(serial) ?? null;
    return { enterprise, cert, renewed, ukeyModel, service, registration, changedFields, open, graceDays };
  }

  app.get(
    '/api/v1/enterprise/certificates/:serial/renewal',
    {
      config: { access: ['applicant'] },
      schema: {
        tags: ['ca'],
        summary: '续期 — the renewal order pre-filled from the certificate and the approved enterprise record',
        params: SerialParams,
        response: { 200: RenewalPrefillSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const r = await renewal(request.user!, request.params.serial);
      return {
        certificate: {
          serial: r.cert.serial_hex,
          tokenSerial: r.cert.token_serial,
          ukeyModel: r.ukeyModel,
          subject: r.cert.subject_dn,
          notAfter: r.cert.not_after.toISOString(),
          status: r.cert.status,
        },
        service: { id: r.service.id, name: r.service.name, termYears: r.service.term_years },
        renewalPriceFen: r.service.renewal_price_fen!,
        graceEndsAt: renewalGraceEnds(r.cert.not_after, r.graceDays).toISOString(),
        reviewNeeded: r.changedFields.length > 0,
        changedFields: r.changedFields,
        registration: r.registration,
        openOrder: r.open ? { id: r.open.id, orderNo: r.open.order_no, status: r.open.status } : null,
      };
    },
  );

  app.post(
    '/api/v1/enterprise/certificates/:serial/renewal',
    {
      config: { access: ['applicant'], idempotent: true },
      schema: {
        tags: ['ca'],
        summary: '续期 — place the renewal order of a certificate (one UKey, the same one; honours Idempotency-Key)',
        params: SerialParams,
        response: { 201: RenewalPlacedSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      // Placed with a key, the order's ID is the key's: a retry after a lost start starts it, placing nothing.
      const key = idempotencyId(request);
      const id = key ? idOfKey(key) : randomUUID();
      const recorded = key ? await findOrder(app.db, id) : undefined;
      if (recorded) {
        const input = recorded.workflow_input as unknown as RenewalInput;
        if (await ensureProcessStarted<OrderWorkflow>(app, orderStart(input)))
          request.log.warn({ orderId: id }, 'renewal workflow started on a retry (its start had been lost)');
        return reply.code(201).send({
          id,
          orderNo: recorded.order_no,
          totalFen: recorded.total_fen,
          status: 'unpaid' as const,
          processId: recorded.process_id,
          reviewNeeded: input.renewal.changedFields.length > 0,
        });
      }
      const r = await renewal(request.user!, request.params.serial);
      if (r.open)
        throw conflict(
          'RENEWAL_EXISTS',
          msg(`该证书已有续期订单 ${r.open.order_no}`, `This certificate already has renewal order ${r.open.order_no}`),
          [fieldProblem('serial', 'renewal_exists', '已有续期订单', 'a renewal order exists')],
        );
      const { tasks, orders } = app.config;
      const input: RenewalInput = {
        orderId: id,
        orderNo: await nextOrderNo(app.db, new Date()),
        enterpriseId: r.enterprise.id,
        quantity: 1,
        totalFen: r.service.renewal_price_fen!,
        validityYears: r.service.term_years,
        subject: { organizationName: r.enterprise.entity_name, creditCode: r.enterprise.credit_code! },
        timings: {
          reviewDueMs: tasks.remindAfterMs,
          escalateAfterMs: tasks.escalateAfterMs - tasks.remindAfterMs,
          escalationRole: tasks.escalationRole,
          paymentWindowMs: orders.paymentWindowMs,
          authCodeTtlMs: orders.authCodeTtlMs,
          reminderDays: orders.reminderDays,
        },
        renewal: {
          certificateSerial: r.cert.serial_hex,
          tokenSerial: r.cert.token_serial,
          ukeyModel: r.ukeyModel,
          changedFields: r.changedFields,
        },
      };
      try {
        await insertRenewalOrder(app.db, {
          input,
          service: r.service,
          renewed: r.renewed,
          registration: r.registration,
          userId: request.user!.id,
          agreements: AGREEMENTS,
        });
      } catch (err) {
        // (another request placed the certificate's renewal a moment before this one)
        if ((err as { constraint?: string }).constraint === 'ca_orders_renews_serial_key')
          throw conflict('RENEWAL_EXISTS', msg('该证书已有续期订单', 'This certificate already has a renewal order'), [
            fieldProblem('serial', 'renewal_exists', '已有续期订单', 'a renewal order exists'),
          ]);
        throw err;
      }
      await startProcess<OrderWorkflow>(app, orderStart(input));
      request.log.info({ orderId: id, orderNo: input.orderNo, serial: r.cert.serial_hex }, 'renewal order placed');
      return reply.code(201).send({
        id,
        orderNo: input.orderNo,
        totalFen: input.totalFen,
        status: 'unpaid' as const,
        processId: orderWorkflowId(id),
        reviewNeeded: r.changedFields.length > 0,
      });
    },
  );
};

export default renewalRoutes;
