/**
 * Certificate renewal (续期) end to end on the real Temporal service, PostgreSQL and SoftHSM2: a UKey made
 * and bound is renewed from the certificate list — the order pre-filled, paid online, its review skipped
 * (the enterprise record unchanged), the same UKey renewed at the station: one certificate on it, the new
 * one; the old one superseded and on the CRL; the binding followed without approval; the timeline says so.
 * And: a certificate expired past the grace period is refused naming the field; a changed enterprise
 * record (here its legal representative) brings the review back; and a renewal killed at each risky step and run again leaves exactly one
 * usable certificate on the token.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { lifecycleWorkflowId } from '../../contracts/certificate-lifecycle';
import { renewOnToken, type RenewalStep } from '../../activities/ukey-renewal';
import { pemToDer } from '../../integrations/ca/x509';
import { createLogger } from '../../platform/logger';
import { createTokenStation, type TokenStation } from '../../workers/token-station';
import { activeApplicant, outbox, type Applicant } from '../support/enterprise';
import { bundle, eventually, startHarness, type Harness } from '../support/harness';
import { orderDriver } from '../support/orders';
import { recordHistory } from '../support/replay';
import { createSoftHsm, type TestSoftHsm } from '../support/softhsm';

const STATION = 'renew-station';
let h: Harness;
let hsm: TestSoftHsm;
let connection: NativeConnection;
let station: TokenStation;
let drive: ReturnType<typeof orderDriver>;
const staff: Record<string, string> = {};
let a: Applicant & { creditCode: string };
/** The order's initial PIN, set on its UKeys. */
let pin: string;
/** Serials of the certificates the first order made, by token. */
const made = new Map<string, string>();

beforeAll(async () => {
  hsm = await createSoftHsm(10);
  const workflowBundle = await bundle(path.join(__dirname, '..', '..', 'workflows'));
  h = await startHarness({
    workflowBundle,
    env: {
      STATION_ID: STATION,
      PKCS11_MODULE: hsm.modulePath,
      TOKEN_FACTORY_PIN: hsm.factoryPin,
      RENEWAL_GRACE_DAYS: '30',
    },
  });
  connection = await NativeConnection.connect({ address: h.config.temporal.address });
  station = await createTokenStation({
    config: h.config,
    db: h.db,
    secrets: h.services.secrets,
    ca: h.services.ca,
    connection,
    logger: createLogger('silent'),
  });
  void station.run();
  await h.staff('adm_r', ['admin', 'operator']);
  await h.staff('ca_r', ['ca_admin']);
  await h.staff('bind_r', ['binding_admin']);
  for (const u of ['adm_r', 'ca_r', 'bind_r']) staff[u] = await h.login(u);
  drive = orderDriver(h, { admin: staff.adm_r, caAdmin: staff.ca_r }, STATION);
  a = await activeApplicant(h, staff.adm_r);
  const tokens = hsm.serials.slice(0, 9);
  const first = await drive.madeUKeys(a, tokens);
  pin = first.pin;
  const rows = await h.db
    .selectFrom('certificates')
    .select(['serial_hex', 'token_serial'])
    .where('order_id', '=', first.order.id)
    .execute();
  for (const r of rows) made.set(r.token_serial, r.serial_hex);
}, 180_000);

afterAll(async () => {
  await station?.stop();
  await connection?.close();
  await h?.close();
  await hsm?.cleanup();
});

const certificates = async () =>
  (await h.http({ method: 'GET', url: '/api/v1/ca/certificates', token: a.token })).json().items as {
    serial: string;
    tokenSerial: string;
    status: string;
    supersededBy: string | null;
    renewal: { state: string; orderId: string | null; reason: { zh: string; en: string } | null };
  }[];
const prefill = (serial: string) =>
  h.http({ method: 'GET', url: `/api/v1/enterprise/certificates/${serial}/renewal`, token: a.token });
const placeRenewal = (serial: string, key?: string) =>
  h.http({
    method: 'POST',
    url: `/api/v1/enterprise/certificates/${serial}/renewal`,
    token: a.token,
    headers: key ? { 'idempotency-key': key } : {},
    payload: {},
  });

/** The certificates on a token that are usable: installed in the records, with their private key beside them. */
async function usableCertificates(tokenSerial: string, tokenPin: string): Promise<string[]> {
  const onToken = await station.module.withSession(tokenSerial, tokenPin, async (s) => {
    const privateKeys = s.keys().filter((k) => k.class === 'private');
    return s.certificates().filter((c) => privateKeys.some((k) => k.id.equals(c.id)));
  });
  const usable: string[] = [];
  for (const c of onToken) {
    const row = await h.db
      .selectFrom('certificates')
      .select(['serial_hex', 'status', 'pem'])
      .where('token_serial', '=', tokenSerial)
      .execute();
    const match = row.find((r) => pemToDer(r.pem).equals(c.der));
    if (match?.status === 'installed') usable.push(match.serial_hex);
  }
  return usable;
}

/** The objects on a token: certificates and key pairs (by CKA_ID). */
const objectsOn = (tokenSerial: string, tokenPin: string) =>
  station.module.withSession(tokenSerial, tokenPin, async (s) => ({
    certificates: s.certificates().length,
    keyIds: new Set(s.keys().map((k) => k.id.toString('hex'))).size,
  }));

/** Pays the renewal online and reads the authorisation code and initial PIN from the SMS once it is approved. */
async function payAndReadCode(orderId: string): Promise<{ code: string; pin: string }> {
  const handlerMobile = (await drive.order(a, orderId)).registration.handler.mobile;
  const codes = async () => (await outbox(h, staff.adm_r, handlerMobile)).filter((m) => m.body.includes('制证授权码'));
  const before = new Set((await codes()).map((m) => m.body));
  await drive.notify((await drive.payOnline(a, orderId)).notice);
  await drive.waitStatus(a, orderId, 'approved');
  const sms = await eventually(
    async () => (await codes()).find((m) => !before.has(m.body)),
    'the renewal’s authorisation SMS',
  );
  const [, code, newPin] = /制证授权码：([A-Z0-9]{6})，ukey 初始 pin 码：(\d{6})/.exec(sms.body)!;
  return { code, pin: newPin };
}

describe('a bound UKey renewed from the certificate list', () => {
  let serial: string;
  let oldCert: string;
  let orderId: string;
  let processId: string;
  let renewedPin: string;
  let newCert: string;

  test('the certificate is bound as a CA lock, and the list offers its renewal', async () => {
    serial = hsm.serials[0];
    oldCert = made.get(serial)!;
    const added = await h.http({
      method: 'POST',
      url: '/api/v1/enterprise/ca-bindings',
      token: a.token,
      payload: { stationId: STATION, tokenSerial: serial },
    });
    expect(added.statusCode).toBe(201);
    const submitted = await h.http({ method: 'POST', url: '/api/v1/enterprise/ca-bindings/submit', token: a.token });
    const task = await drive.taskFor(submitted.json().processId, 'binding.review', staff.bind_r);
    const phone = {
      callerName: '陈沁',
      callerNumber: '0571-86090941',
      calledAt: '2026-11-25T03:00:00Z',
      notes: '绑定',
    };
    expect((await drive.decide(staff.bind_r, task.id, { outcome: 'approve', fields: phone })).statusCode).toBe(200);
    await eventually(
      async () =>
        (await h.db
          .selectFrom('ca_bindings')
          .select('id')
          .where('certificate_serial', '=', oldCert)
          .where('active', '=', true)
          .executeTakeFirst()) ?? undefined,
      'the binding in force',
    );
    expect((await certificates()).find((c) => c.serial === oldCert)?.renewal.state).toBe('available');
  });

  test('the renewal order is pre-filled from the certificate and the approved record; placed once per key', async () => {
    const filled = await prefill(oldCert);
    expect(filled.statusCode).toBe(200);
    expect(filled.json()).toMatchObject({
      certificate: { serial: oldCert, tokenSerial: serial, ukeyModel: 'SoftHSM v2' },
      service: { id: 'org-primary' },
      renewalPriceFen: 48000,
      reviewNeeded: false,
      changedFields: [],
      registration: { organization: { name: a.entityName, creditCode: a.creditCode } },
      openOrder: null,
    });
    const key = randomUUID();
    const placed = await placeRenewal(oldCert, key);
    expect(placed.statusCode).toBe(201);
    expect(placed.json()).toMatchObject({ totalFen: 48000, status: 'unpaid', reviewNeeded: false });
    ({ id: orderId, processId } = placed.json());
    const retried = await placeRenewal(oldCert, key);
    expect(retried.json().id).toBe(orderId);
    // A second renewal of the same certificate is refused, naming the field; nothing is placed.
    const second = await placeRenewal(oldCert);
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({
      code: 'RENEWAL_EXISTS',
      message: { zh: expect.stringContaining('续期订单'), en: expect.stringContaining('renewal order') },
      fields: [{ field: 'serial', code: 'renewal_exists' }],
    });
    expect(
      (await h.db.selectFrom('ca_orders').select('id').where('renews_serial', '=', oldCert).execute()).length,
    ).toBe(1);
    expect((await certificates()).find((c) => c.serial === oldCert)?.renewal).toMatchObject({
      state: 'ordered',
      orderId,
    });
  });

  test('paid online as a new order, the review skipped, approved with a new authorisation code', async () => {
    const code = await payAndReadCode(orderId);
    renewedPin = code.pin;
    const detail = await drive.order(a, orderId);
    expect(detail).toMatchObject({
      status: 'approved',
      quantity: 1,
      totalFen: 48000,
      renewal: { certificateSerial: oldCert, tokenSerial: serial, changedFields: [] },
    });
    expect(detail.renewal.reviewSkippedAt).toEqual(expect.any(String));
    expect(detail.payments.filter((p: { status: string }) => p.status === 'paid')).toHaveLength(1);
    // The old certificate is still the UKey's usable one.
    expect(await usableCertificates(serial, pin)).toEqual([oldCert]);

    // Another UKey is not this renewal's: refused, nothing made.
    const elsewhere = await drive.make(a, orderId, hsm.serials[9], code.code);
    expect(elsewhere.statusCode).toBe(422);
    expect(elsewhere.json().error.message.zh).toContain(`续期只能在原 UKey（锁号 ${serial}）上办理`);

    const renewed = await drive.make(a, orderId, serial, code.code);
    expect(renewed.statusCode).toBe(201);
    expect(renewed.json()).toMatchObject({ status: 'done', tokenSerial: serial, remaining: 0 });
    newCert = renewed.json().certificateSerial;
    expect(newCert).not.toBe(oldCert);
  });

  test('the same UKey holds only the new certificate; the old one is superseded and on the CRL', async () => {
    expect(await usableCertificates(serial, renewedPin)).toEqual([newCert]);
    expect(await objectsOn(serial, renewedPin)).toEqual({ certificates: 1, keyIds: 1 });
    const rows = await h.db
      .selectFrom('certificates')
      .select(['serial_hex', 'status', 'revocation_reason', 'superseded_by', 'token_serial'])
      .where('serial_hex', 'in', [oldCert, newCert])
      .execute();
    expect(rows.find((r) => r.serial_hex === oldCert)).toMatchObject({
      status: 'revoked',
      revocation_reason: 'superseded',
      superseded_by: newCert,
    });
    expect(rows.find((r) => r.serial_hex === newCert)).toMatchObject({ status: 'installed', token_serial: serial });

    const crl = await h.http({ method: 'GET', url: '/api/v1/ca/crl' });
    const crlFile = path.join(os.tmpdir(), `crl-renewal-${randomBytes(4).toString('hex')}.der`);
    fs.writeFileSync(crlFile, crl.rawPayload);
    const text = execFileSync('openssl', ['crl', '-inform', 'DER', '-in', crlFile, '-noout', '-text']).toString();
    fs.rmSync(crlFile);
    expect(text.replace(/:/g, '').toLowerCase()).toContain(oldCert);
    expect(text).toContain('Superseded');
    expect(text.replace(/:/g, '').toLowerCase()).not.toContain(newCert);

    // The old certificate's lifetime ends as revoked; the new one's runs.
    const old = h.client.workflow.getHandle(lifecycleWorkflowId(oldCert));
    expect(await old.result()).toBe('revoked');
    const running = await eventually(
      () =>
        h.client.workflow
          .getHandle(lifecycleWorkflowId(newCert))
          .describe()
          .then((d) => d.status.name)
          .catch(() => undefined),
      'the new certificate’s lifetime',
    );
    expect(running).toBe('RUNNING');
    const list = await certificates();
    expect(list.find((c) => c.serial === oldCert)).toMatchObject({ status: 'revoked', supersededBy: newCert });
    expect(list.find((c) => c.serial === newCert)?.renewal.state).toBe('available');
  });

  test('the binding followed the UKey to the new certificate without a new approval; the timeline says so', async () => {
    const bindings = await h.db
      .selectFrom('ca_bindings')
      .selectAll()
      .where('certificate_serial', 'in', [oldCert, newCert])
      .execute();
    const followed = bindings.find((b) => b.certificate_serial === newCert)!;
    expect(followed).toMatchObject({ active: true, review_status: 'approved', token_serial: serial });
    expect(bindings.find((b) => b.id === followed.followed_from)).toMatchObject({
      certificate_serial: oldCert,
      active: false,
    });
    // No binding review was opened for it.
    expect((await h.db.selectFrom('tasks').select('id').where('kind', '=', 'binding.review').execute()).length).toBe(1);

    await drive.waitStatus(a, orderId, 'completed');
    const timeline = (
      await h.http({ method: 'GET', url: `/api/v1/processes/${processId}/history`, token: a.token })
    ).json();
    const kinds = (timeline.items ?? timeline.entries ?? timeline).map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['review_skipped', 'ukey_renewed', 'binding_followed']));
    expect(JSON.stringify(timeline)).toContain('企业信息自证书签发以来未变更，免于材料审核');
    expect(JSON.stringify(timeline)).toContain('CA 锁绑定已随 UKey 转至新证书，无需重新审批');

    await recordHistory(h.client, processId, 'certificate-renewal/paid-online-review-skipped-binding-followed');
    await recordHistory(h.client, lifecycleWorkflowId(oldCert), 'certificate-lifecycle/superseded');
  });
});

describe('renewal windows and the review', () => {
  test('an expired certificate renews within the grace period; after it the API refuses naming the field', async () => {
    const [within, past] = [made.get(hsm.serials[1])!, made.get(hsm.serials[2])!];
    const day = 86_400_000;
    await h.db
      .updateTable('certificates')
      .set({ status: 'expired', lifecycle: 'expired', not_after: new Date(Date.now() - 5 * day) })
      .where('serial_hex', '=', within)
      .execute();
    await h.db
      .updateTable('certificates')
      .set({ status: 'expired', lifecycle: 'expired', not_after: new Date(Date.now() - 31 * day) })
      .where('serial_hex', '=', past)
      .execute();
    expect((await prefill(within)).statusCode).toBe(200);

    const refused = await prefill(past);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({
      message: { zh: expect.stringContaining('不能续期'), en: expect.stringContaining('cannot be renewed') },
      fields: [
        {
          field: 'serial',
          code: 'grace_period_over',
          message: { zh: expect.stringContaining('重新下单'), en: expect.stringContaining('new order') },
        },
      ],
    });
    const placed = await placeRenewal(past);
    expect(placed.statusCode).toBe(400);
    expect(placed.json().error.fields[0]).toMatchObject({ field: 'serial', code: 'grace_period_over' });
    expect((await h.db.selectFrom('ca_orders').select('id').where('renews_serial', '=', past).execute()).length).toBe(
      0,
    );
    expect((await certificates()).find((c) => c.serial === past)?.renewal).toMatchObject({
      state: 'closed',
      reason: { zh: expect.stringContaining('重新下单') },
    });
    // Another enterprise's certificate does not exist for this one.
    const other = await h.http({
      method: 'GET',
      url: `/api/v1/enterprise/certificates/${'ab'.repeat(8)}/renewal`,
      token: a.token,
    });
    expect(other.statusCode).toBe(404);
  });

  test('an enterprise record changed since issue brings the materials review back', async () => {
    const cert = made.get(hsm.serials[3])!;
    const enterprise = await h.db
      .selectFrom('enterprises')
      .select('approved_profile')
      .where('id', '=', a.enterpriseId)
      .executeTakeFirstOrThrow();
    const approved = enterprise.approved_profile as { profile: { legalRepresentative: Record<string, unknown> } };
    const changed = {
      ...approved,
      profile: { ...approved.profile, legalRepresentative: { ...approved.profile.legalRepresentative, name: '周新' } },
    };
    await h.db
      .updateTable('enterprises')
      .set({ approved_profile: JSON.stringify(changed) })
      .where('id', '=', a.enterpriseId)
      .execute();
    try {
      const filled = await prefill(cert);
      expect(filled.json()).toMatchObject({ reviewNeeded: true, changedFields: ['legalRepresentative.name'] });
      const placed = await placeRenewal(cert);
      expect(placed.json()).toMatchObject({ reviewNeeded: true });
      await drive.submitMaterials(a, placed.json().id);
      await drive.notify((await drive.payOnline(a, placed.json().id)).notice);
      await drive.taskFor(placed.json().processId, 'order.review', staff.ca_r);
      expect((await drive.order(a, placed.json().id)).renewal.reviewSkippedAt).toBeNull();
    } finally {
      await h.db
        .updateTable('enterprises')
        .set({ approved_profile: JSON.stringify(approved) })
        .where('id', '=', a.enterpriseId)
        .execute();
    }
  });
});

describe('a renewal killed at each risky step and run again', () => {
  const steps: RenewalStep[] = [
    'issuing_certificate',
    'writing_certificate',
    'verifying',
    'superseding',
    'removing_old',
  ];
  const what: Record<string, string> = {
    issuing_certificate: 'after key generation',
    writing_certificate: 'after the certificate is issued',
    verifying: 'after it is written',
    superseding: 'after it is verified, before the old one is superseded',
    removing_old: 'after the switch, before the old key pair is removed',
  };

  test.each(steps.map((step, i) => [what[step], step, crashToken(i)] as const))(
    'killed %s: exactly one usable certificate, then renewed once',
    async (_what, crashAt, tokenIndex) => {
      const serial = hsm.serials[tokenIndex];
      const oldCert = made.get(serial)!;
      const placed = await placeRenewal(oldCert);
      expect(placed.statusCode).toBe(201);
      const orderId = placed.json().id;
      // The station's work for the renewal, as the workflow hands it over (same item and key on every attempt).
      const renewalPin = '246810';
      const m = {
        orderId,
        itemId: randomUUID(),
        enterpriseId: a.enterpriseId,
        stationId: STATION,
        tokenSerial: serial,
        ukeyModel: 'SoftHSM v2',
        keyId: randomBytes(16).toString('hex'),
        subject: { organizationName: a.entityName, creditCode: a.creditCode },
        validityYears: 1,
        initialPin: await h.services.secrets.put(renewalPin, `order-pin:${orderId}`, 3_600_000),
        renewsSerial: oldCert,
      };
      const deps = {
        module: station.module,
        secrets: h.services.secrets,
        soPin: h.config.station.soPin,
        db: h.db,
        ca: h.services.ca,
      };
      const crash = new Error(`killed before ${crashAt}`);
      await expect(
        station.locks.run(serial, () =>
          renewOnToken(deps, m, async (step) => {
            if (step === crashAt) throw crash;
          }),
        ),
      ).rejects.toBe(crash);
      // The process is gone: the module starts afresh, as a restarted station's does.
      await station.locks.run(serial, async () => station.module.reload());

      const afterCrash = await station.locks.run(serial, () => usableCertificates(serial, renewalPin));
      expect(afterCrash).toHaveLength(1);
      const switched = steps.indexOf(crashAt) > steps.indexOf('superseding');
      if (!switched) expect(afterCrash).toEqual([oldCert]);

      // Run again (the activity's retry, with the same input): it resumes and finishes.
      const done = await station.locks.run(serial, () => renewOnToken(deps, m, async () => {}));
      expect(done.serialHex).not.toBe(oldCert);
      expect(await station.locks.run(serial, () => usableCertificates(serial, renewalPin))).toEqual([done.serialHex]);
      expect(await station.locks.run(serial, () => objectsOn(serial, renewalPin))).toEqual({
        certificates: 1,
        keyIds: 1,
      });
      // One certificate issued for the item, the old one superseded by it.
      const issued = await h.db
        .selectFrom('certificates')
        .select('serial_hex')
        .where('item_id', '=', m.itemId)
        .execute();
      expect(issued.map((c) => c.serial_hex)).toEqual([done.serialHex]);
      expect(
        await h.db
          .selectFrom('certificates')
          .select(['status', 'revocation_reason', 'superseded_by'])
          .where('serial_hex', '=', oldCert)
          .executeTakeFirstOrThrow(),
      ).toEqual({ status: 'revoked', revocation_reason: 'superseded', superseded_by: done.serialHex });
      // And once more: nothing changes.
      const again = await station.locks.run(serial, () => renewOnToken(deps, m, async () => {}));
      expect(again.serialHex).toBe(done.serialHex);
    },
  );
});

/** The token the i-th crash case renews (4 to 8 of the first order; 0 to 3 serve the other cases). */
function crashToken(i: number): number {
  return 4 + i;
}
