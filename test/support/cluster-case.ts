/**
 * One case through a running product's HTTP API, as the cluster suite and `bench:cases` drive it: an
 * enterprise registered and approved by two reviewers and the phone review, then an order paid in the
 * simulator, approved, and its UKeys made. Writes go to the first API instance, reads to the second.
 */
import { randomUUID } from 'node:crypto';
import { outbox, prepareRegistration, registerApplicant, type Applicant } from './enterprise';
import { eventually, PASSWORD, type Harness } from './harness';
import { orderDriver } from './orders';
import { remoteHarness, send, signIn } from './remote';

/** Staff a case needs, by login name: `admin`, `rev_one`, `rev_two`, `rev_three`, `ca_one`. */
export type CaseStaff = Record<string, string>;

/** Signs in the first admin and creates (or signs in) the reviewers and the CA administrator. */
export async function caseStaff(api: string, adminPassword: string): Promise<CaseStaff> {
  const staff: CaseStaff = { admin: await signIn(api, 'admin', adminPassword) };
  for (const [loginName, role] of [
    ['rev_one', 'registration_reviewer'],
    ['rev_two', 'registration_reviewer'],
    ['rev_three', 'registration_reviewer'],
    ['ca_one', 'ca_admin'],
  ]) {
    const res = await send(api, {
      method: 'POST',
      url: '/api/v1/admin/users',
      token: staff.admin,
      payload: { loginName, password: PASSWORD, displayName: loginName, roles: [role] },
    });
    if (res.statusCode !== 201 && res.statusCode !== 409)
      throw new Error(`staff ${loginName}: ${res.statusCode} ${res.body}`);
    staff[loginName] = await signIn(api, loginName, PASSWORD);
  }
  return staff;
}

/** The phone review's call record. */
export const PHONE_RECORD = {
  callerName: '戴进波',
  callerNumber: '13967979861',
  calledAt: '2026-11-25T02:15:00Z',
  notes: '核实为企业本人申请',
};

type Task = { id: string; step: string; kind: string };

/**
 * The case's steps, bound to the API instances (`apis[0]` writes, `apis[1]` reads), its staff and station;
 * waits read again every `pollMs`.
 */
export function caseDriver(apis: string[], staff: CaseStaff, stationId: string, pollMs = 50) {
  const h: Harness = remoteHarness(apis[0], apis[1] ?? apis[0]);
  const orders = orderDriver(h, { admin: staff.admin, caAdmin: staff.ca_one }, stationId, pollMs);

  /** Sends until an answer other than a connection error, 202 in progress, 409 REQUEST_IN_PROGRESS or 5xx (a client's retries). */
  const retried = (base: () => string, opts: Parameters<typeof send>[1]) =>
    eventually(
      async () => {
        try {
          const res = await send(base(), opts);
          if (
            res.statusCode >= 500 ||
            (res.statusCode === 409 && res.body.includes('REQUEST_IN_PROGRESS')) ||
            (res.statusCode === 202 && res.body.includes('"in_progress"'))
          )
            return undefined;
          return res;
        } catch {
          return undefined; // the instance is down or restarting
        }
      },
      `${opts.method} ${opts.url}`,
      120_000,
      pollMs,
    );

  const taskAt = (processId: string, step: string, token: string): Promise<Task> =>
    eventually(
      async () =>
        (
          (await h.http({ method: 'GET', url: `/api/v1/tasks?processId=${processId}`, token })).json().items as Task[]
        ).find((t) => t.step === step),
      `task at ${step}`,
      120_000,
      pollMs,
    );

  const decide = (taskId: string, token: string, body: Record<string, unknown>, key = randomUUID()) =>
    retried(() => apis[0], {
      method: 'POST',
      url: `/api/v1/tasks/${taskId}/complete`,
      token,
      payload: body,
      headers: { 'idempotency-key': key },
    });

  const enterpriseActive = (a: Applicant) =>
    eventually(
      async () =>
        (await h.http({ method: 'GET', url: '/api/v1/enterprise/profile', token: a.token })).json().enterpriseStatus ===
        'active',
      'the enterprise active',
      120_000,
      pollMs,
    );

  /** A registered applicant whose registration is submitted; answers it with the process ID and credit code. */
  async function submittedRegistration() {
    const a = await registerApplicant(h, staff.admin);
    const profile = await prepareRegistration(h, a);
    const submitted = await h.http({ method: 'POST', url: '/api/v1/enterprise/registration/submit', token: a.token });
    if (submitted.statusCode !== 202) throw new Error(`submit: ${submitted.statusCode} ${submitted.body}`);
    return { a, processId: submitted.json().processId as string, creditCode: profile.enterprise!.creditCode! };
  }

  /**
   * Both reviews (the second only, when `firstDecided`) and the phone review approve the registration;
   * resolves once the enterprise is active.
   */
  async function approveRegistration(a: Applicant, processId: string, firstDecided = false) {
    if (!firstDecided) {
      const first = await taskAt(processId, '企业审核人1审核', staff.rev_one);
      await decided(decide(first.id, staff.rev_one, { outcome: 'approve', comment: '同意' }));
    }
    const second = await taskAt(processId, '企业审核人2审核', staff.rev_two);
    await decided(decide(second.id, staff.rev_two, { outcome: 'approve' }));
    const phone = await taskAt(processId, '电话审核', staff.rev_three);
    await decided(decide(phone.id, staff.rev_three, { outcome: 'approve', fields: PHONE_RECORD }));
    await enterpriseActive(a);
  }

  /** Pays an order in the payment simulator (which posts its signed notification to the API). */
  async function payInSimulator(a: Applicant, orderId: string) {
    const pay = await h.http({ method: 'POST', url: `/api/v1/ca/orders/${orderId}/payments`, token: a.token });
    if (pay.statusCode !== 201) throw new Error(`pay: ${pay.statusCode} ${pay.body}`);
    const paid = await h.http({ method: 'POST', url: `/api/v1/payments/simulator/${pay.json().paymentId}/pay` });
    if (!paid.json().notified) throw new Error(`simulator: ${paid.body}`);
  }

  /** An order for `quantity` UKeys placed, its materials submitted and paid. */
  async function paidOrder(a: Applicant & { creditCode: string }, quantity: number) {
    const order = await orders.placeOrder(a, quantity);
    await orders.submitMaterials(a, order.id);
    await payInSimulator(a, order.id);
    return order;
  }

  /** Makes one UKey per serial with the authorisation code; resolves once the order is completed. */
  async function makeUKeys(a: Applicant, orderId: string, code: string, serials: string[]) {
    for (const serial of serials) {
      const made = await orders.make(a, orderId, serial, code);
      if (made.statusCode !== 201) throw new Error(`make ${serial}: ${made.statusCode} ${made.body}`);
    }
    await orders.waitStatus(a, orderId, 'completed');
  }

  const certificates = async (a: Applicant) =>
    (await h.http({ method: 'GET', url: '/api/v1/ca/certificates', token: a.token })).json().items as unknown[];

  const authCodeSms = async (mobile: string) =>
    (await outbox(h, staff.admin, mobile)).filter((m) => m.body.includes('制证授权码'));

  return {
    h,
    orders,
    retried,
    taskAt,
    decide,
    submittedRegistration,
    approveRegistration,
    paidOrder,
    makeUKeys,
    certificates,
    authCodeSms,
  };
}

async function decided(answer: Promise<{ statusCode: number; body: string }>): Promise<void> {
  const res = await answer;
  if (res.statusCode !== 200) throw new Error(`decision: ${res.statusCode} ${res.body}`);
}
