/**
 * Processes 2 and 3 end to end on the real Temporal service, PostgreSQL and SoftHSM2. A journey is one
 * describe whose tests are its steps, in order, each starting where the step before left the order:
 * order, materials, online payment by signed notification (a duplicate and a forged one too), a refused document replaced,
 * approval, the SMS with the authorisation code, two UKeys made on blank tokens, and what is on them.
 * And: bank transfer confirmed by finance, a wrong code locking after the limit, a token that is not blank,
 * a station that does not exist or is offline, a UKey model other than the token's, deletion of an unpaid
 * order, a station killed between issuing and writing, and bad order input.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { sql } from 'kysely';
import type { WorkflowBundle } from '@temporalio/worker';
import { createLogger } from '../../platform/logger';
import { createTokenStation, type TokenStation } from '../../workers/token-station';
import { activeApplicant, orderBody, outbox, SCANS } from '../support/enterprise';
import { bundle, eventually, startHarness, type Harness } from '../support/harness';
import { historyTexts } from '../support/history';
import { orderDriver, type Task } from '../support/orders';
import { recordHistory } from '../support/replay';
import { createSoftHsm, type TestSoftHsm } from '../support/softhsm';

let workflowBundle: WorkflowBundle;
let h: Harness;
let hsm: TestSoftHsm;
let connection: NativeConnection;
let station: TokenStation;
const staff: Record<string, string> = {};
/**
 * When set, the station dies right after the certificate is issued and recorded, before writing it: the
 * moment it reads the PIN it is about to set, it stops and the attempt fails.
 */
let crashBeforeWriting: (() => void) | null = null;

async function startStation(): Promise<TokenStation> {
  const secrets = {
    read: async (...args: Parameters<typeof h.services.secrets.read>) => {
      if (crashBeforeWriting) {
        crashBeforeWriting();
        crashBeforeWriting = null;
        throw new Error('the station died');
      }
      return h.services.secrets.read(...args);
    },
    take: (...args: Parameters<typeof h.services.secrets.take>) => h.services.secrets.take(...args),
  };
  const s = await createTokenStation({
    config: h.config,
    db: h.db,
    secrets,
    ca: h.services.ca,
    connection,
    logger: createLogger('silent'),
  });
  void s.run();
  return s;
}

beforeAll(async () => {
  hsm = await createSoftHsm(8);
  workflowBundle = await bundle(path.join(__dirname, '..', '..', 'workflows'));
  h = await startHarness({
    workflowBundle,
    env: {
      STATION_ID: 'test-station',
      PKCS11_MODULE: hsm.modulePath,
      TOKEN_FACTORY_PIN: hsm.factoryPin,
      AUTH_CODE_MAX_FAILURES: '3',
    },
  });
  connection = await NativeConnection.connect({ address: h.config.temporal.address });
  station = await startStation();
  await h.staff('adm_o', ['admin', 'operator']);
  await h.staff('ca_1', ['ca_admin']);
  await h.staff('fin_1', ['finance']);
  for (const u of ['adm_o', 'ca_1', 'fin_1']) staff[u] = await h.login(u);
  drive = orderDriver(h, { admin: staff.adm_o, caAdmin: staff.ca_1 }, 'test-station');
});

afterAll(async () => {
  await station?.stop();
  await connection?.close();
  await h?.close();
  await hsm?.cleanup();
});

let drive: ReturnType<typeof orderDriver>;
type Applicant = Awaited<ReturnType<typeof activeApplicant>>;
type PlacedOrder = Awaited<ReturnType<ReturnType<typeof orderDriver>['placeOrder']>>;

describe('order paid online, a document refused and replaced, approved, two UKeys made', () => {
  let a: Applicant;
  let o: PlacedOrder;
  let code: string;
  let pin: string;
  let s1: string;
  let s2: string;

  test('placing the order: prefilled from the approved record, numbered and priced, with its application form', async () => {
    a = await activeApplicant(h, staff.adm_o);
    const prefill = (await h.http({ method: 'GET', url: '/api/v1/ca/orders/prefill', token: a.token })).json();
    expect(prefill.organization).toMatchObject({ name: a.entityName, creditCode: a.creditCode });
    o = await drive.placeOrder(a, 2);
    expect(o.orderNo).toMatch(/^\d{17}$/);
    expect(o.totalFen).toBe(120000);

    const pdf = await h.http({ method: 'GET', url: `/api/v1/ca/orders/${o.id}/application-form.pdf`, token: a.token });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const pdfFile = path.join(os.tmpdir(), `form-${o.id}.pdf`);
    fs.writeFileSync(pdfFile, pdf.rawPayload);
    expect(execFileSync('pdftotext', [pdfFile, '-']).toString().replace(/\s/g, '')).toContain(a.entityName);
  });

  test('paying online: a forged notice is refused, the signed one applied once and its repeat logged', async () => {
    await drive.submitMaterials(a, o.id);
    const { paymentId, notice } = await drive.payOnline(a, o.id);
    const forged = await drive.notify({ ...notice, total_amount: '0.01' });
    expect(forged.statusCode).toBe(400);
    expect(forged.body).toBe('fail');
    expect((await drive.order(a, o.id)).status).toBe('unpaid');
    expect((await drive.notify(notice)).body).toBe('success');
    expect((await drive.notify(notice)).body).toBe('success');
    const log = await h.db
      .selectFrom('payment_notifications')
      .select('outcome')
      .where('out_trade_no', '=', paymentId)
      .orderBy('id')
      .execute();
    expect(log.map((l) => l.outcome)).toEqual([expect.stringMatching(/^invalid/), 'applied', 'duplicate']);
  });

  test('review: a refused document is named to the handler by its name, replaced and reviewed again', async () => {
    // Paid and materials in: the CA administrator reviews; one document is refused, then replaced.
    const review = await drive.taskFor(o.processId, 'order.review', staff.ca_1);
    const badReasons = await drive.decide(staff.ca_1, review.id, {
      outcome: 'reject',
      comment: '经办人身份证不清晰',
      fields: { documentReasons: { passport: '无', handler_id: ' ' } },
    });
    expect(badReasons.statusCode).toBe(400);
    expect(badReasons.json().error.fields.map((f: { field: string; code: string }) => [f.field, f.code])).toEqual([
      ['fields.documentReasons.passport', 'not_allowed'],
      ['fields.documentReasons.handler_id', 'invalid'],
    ]);
    const refused = await drive.decide(staff.ca_1, review.id, {
      outcome: 'reject',
      comment: '经办人身份证不清晰',
      fields: { documentReasons: { handler_id: '身份证扫描件模糊，请重新上传' } },
    });
    expect(refused.statusCode).toBe(200);
    const rejected = await drive.waitStatus(a, o.id, 'rejected');
    expect(rejected.reason).toBe('经办人身份证不清晰');
    // The applicant's order shows which document was refused and why.
    expect(rejected.rejectedDocuments).toEqual({ handler_id: '身份证扫描件模糊，请重新上传' });
    // The handler is told which document, by its name rather than its code.
    for (const to of [rejected.registration.handler.mobile, rejected.registration.handler.email]) {
      const told = await eventually(
        async () => (await outbox(h, staff.adm_o, to)).find((m) => m.body.includes('未通过审核')),
        'the refusal message',
      );
      expect(told.body).toContain('经办人身份证：身份证扫描件模糊，请重新上传');
      expect(told.body).not.toContain('handler_id');
    }
    await drive.upload(a, o.id, 'handler_id', SCANS.jpeg);
    expect(
      (await h.http({ method: 'POST', url: `/api/v1/ca/orders/${o.id}/materials/submit`, token: a.token })).statusCode,
    ).toBe(200);
    expect((await drive.waitStatus(a, o.id, 'in_review')).rejectedDocuments).toEqual({});
  });

  test('approval: the SMS carries the authorisation code and PIN, which the database never holds in clear', async () => {
    const approval = await drive.approveAndReadSms(a, o);
    ({ code, pin } = approval);
    const { sms } = approval;
    expect(sms).toContain(`尊敬的陈沁，您申请购买的证书已经完成审核`);
    expect(sms).toContain('4000878198');
    // The link opens the portal's 待制作证书 page, not an API path.
    expect(sms).toMatch(/登录制证页面 https?:\/\/[^/\s]+\/console\/portal\/station，/);

    // The code never reached the database in clear.
    const row = await h.db.selectFrom('ca_orders').selectAll().where('id', '=', o.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(code);
    expect(JSON.stringify(row)).not.toContain(pin);
  });

  test('production: stations and blank tokens are listed; an unknown or offline station and another model are refused, nothing counted', async () => {
    // The station shows blank tokens; two become UKeys.
    const stations = (await h.http({ method: 'GET', url: '/api/v1/stations', token: a.token })).json().items;
    expect(stations.map((s: { id: string }) => s.id)).toContain('test-station');
    const present = (
      await h.http({ method: 'GET', url: '/api/v1/stations/test-station/tokens', token: a.token })
    ).json().items;
    expect(present.filter((t: { blank: boolean }) => t.blank).length).toBeGreaterThanOrEqual(2);
    const production = (await h.http({ method: 'GET', url: '/api/v1/ca/production', token: a.token })).json().items;
    expect(production).toEqual([
      expect.objectContaining({
        orderNo: o.orderNo,
        quantity: 2,
        remaining: 2,
        serviceType: '新领',
        company: a.entityName,
      }),
    ]);

    [s1, s2] = [hsm.serials[0], hsm.serials[1]];
    // A station that does not exist, one that is not online, and a model other than the token's are refused; nothing is counted.
    const unknownStation = await drive.make(a, o.id, s1, code, { stationId: 'no-such-station' });
    expect(unknownStation.statusCode).toBe(400);
    expect(unknownStation.json().error.fields).toEqual([
      {
        field: 'stationId',
        code: 'unknown',
        message: { zh: '制证工作站不存在', en: 'there is no such token station' },
      },
    ]);
    const hourAgo = new Date(Date.now() - 3_600_000);
    await h.db
      .insertInto('stations')
      .values({
        id: 'asleep',
        name: 'asleep',
        module_path: hsm.modulePath,
        task_queue: 'station-asleep',
        started_at: hourAgo,
        last_seen_at: hourAgo,
      })
      .execute();
    const offline = await drive.make(a, o.id, s1, code, { stationId: 'asleep' });
    expect(offline.statusCode).toBe(400);
    expect(offline.json().error.fields).toEqual([
      {
        field: 'stationId',
        code: 'offline',
        message: { zh: '制证工作站不在线', en: 'the token station is not online' },
      },
    ]);
    await h.db.deleteFrom('stations').where('id', '=', 'asleep').execute();
    const reported = present.find((t: { serial: string }) => t.serial === s1).model;
    expect(reported).toBe('SoftHSM v2');
    const otherModel = await drive.make(a, o.id, s1, code, { ukeyModel: '龙脉 GM3000' });
    expect(otherModel.statusCode).toBe(422);
    expect(otherModel.json().error.fields).toEqual([
      {
        field: 'ukeyModel',
        code: 'mismatch',
        message: { zh: expect.stringContaining(reported), en: expect.stringContaining(reported) },
      },
    ]);
    // (refused by the station before any login: the attempt is listed as failed, the token untouched, nothing counted)
    expect(await drive.order(a, o.id)).toMatchObject({
      remaining: 2,
      tokens: [expect.objectContaining({ tokenSerial: s1, status: 'failed' })],
    });
  });

  test('production: two UKeys made (the model as the token reports it), the order completed', async () => {
    // Left out, the model is the one the token reports.
    const first = await drive.make(a, o.id, s1, code, { ukeyModel: undefined });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ status: 'done', tokenSerial: s1, remaining: 1 });
    const second = await drive.make(a, o.id, s2, code.toLowerCase(), { ukeyModel: ' softhsm  V2 ' });
    expect(second.json()).toMatchObject({ status: 'done', remaining: 0 });
    const done = await drive.waitStatus(a, o.id, 'completed');
    expect(done.remaining).toBe(0);
    expect(done.tokens.map((t: { step: string; ukeyModel: string }) => [t.step, t.ukeyModel])).toEqual([
      ['failed', '龙脉 GM3000'],
      ['done', 'SoftHSM v2'],
      ['done', 'softhsm  V2'],
    ]);
    expect((await h.http({ method: 'GET', url: '/api/v1/ca/production', token: a.token })).json().items).toEqual([]);
  });

  test('on each token: a key that cannot be exported, and a certificate the published root verifies', async () => {
    // Each token: a private key that cannot be exported, and a certificate the published root verifies.
    const root = (await h.http({ method: 'GET', url: '/api/v1/ca/root.pem' })).body;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ukey-'));
    fs.writeFileSync(path.join(dir, 'root.pem'), root);
    for (const serial of [s1, s2]) {
      const { der, protection } = await station.module.withSession(serial, pin, async (s) => {
        const [cert] = s.certificates();
        return { der: cert.der, protection: s.privateKeyProtection(cert.id) };
      });
      expect(protection).toEqual({ sensitive: true, extractable: false, neverExtractable: true, valueReadable: false });
      const certFile = path.join(dir, `${serial}.der`);
      fs.writeFileSync(certFile, der);
      const pem = execFileSync('openssl', ['x509', '-inform', 'DER', '-in', certFile]).toString();
      fs.writeFileSync(`${certFile}.pem`, pem);
      expect(
        execFileSync('openssl', ['verify', '-CAfile', path.join(dir, 'root.pem'), `${certFile}.pem`]).toString(),
      ).toContain(': OK');
      expect(
        execFileSync('openssl', [
          'x509',
          '-noout',
          '-subject',
          '-nameopt',
          'utf8',
          '-in',
          `${certFile}.pem`,
        ]).toString(),
      ).toContain(a.creditCode);
    }
    const certs = await h.db
      .selectFrom('certificates')
      .select(['status', 'token_serial'])
      .where('order_id', '=', o.id)
      .execute();
    expect(certs.map((c) => c.status)).toEqual(['installed', 'installed']);
    await drive.deliver(a, o);
    expect(await h.client.workflow.getHandle(o.processId).result()).toBe('completed');
  });

  test('the history holds neither the code nor the PIN, even with every payload opened', async () => {
    // Neither the code nor the PIN is in the history, even with every payload opened.
    const history = await historyTexts(h, o.processId, staff.adm_o);
    // (as whole words: a 6-digit run could occur by chance inside longer random identifiers)
    const word = (v: string) => new RegExp(`(?<![0-9A-Za-z])${v}(?![0-9A-Za-z])`);
    for (const text of [history.raw, ...history.opened]) {
      expect(text).not.toMatch(word(code));
      expect(text).not.toMatch(word(pin));
    }
    await recordHistory(h.client, o.processId, 'certificate-order/online-rejected-approved-completed');
  });
});

describe('bank transfer checked by finance, a wrong authorisation code locked and re-issued, a used token refused', () => {
  let a: Applicant;
  let o: PlacedOrder;
  let slip: { id: string };
  let firstCheck: Task;
  let code: string;
  let newCode: string;

  test('a transfer of another amount than the one due is refused at once', async () => {
    a = await activeApplicant(h, staff.adm_o);
    o = await drive.placeOrder(a, 1);
    slip = await drive.upload(a, o.id, 'remittance_slip', SCANS.jpeg);
    const wrongAmount = await h.http({
      method: 'POST',
      url: `/api/v1/ca/orders/${o.id}/payments/bank-transfer`,
      token: a.token,
      payload: { slipAttachmentId: slip.id, amountFen: 100 },
    });
    expect(wrongAmount.statusCode).toBe(400);
    expect(wrongAmount.json().error.fields[0]).toMatchObject({ field: 'amountFen', code: 'amount_mismatch' });
  });

  test('finance refuses a transfer it cannot find: the order awaits payment again', async () => {
    // A transfer finance cannot find is refused: the order is back to awaiting payment and may report again.
    const firstReport = await h.http({
      method: 'POST',
      url: `/api/v1/ca/orders/${o.id}/payments/bank-transfer`,
      token: a.token,
      payload: { slipAttachmentId: slip.id, amountFen: o.totalFen },
    });
    expect(firstReport.statusCode).toBe(202);
    firstCheck = await drive.taskFor(o.processId, 'order.bank_transfer', staff.fin_1);
    await eventually(async () => (await drive.order(a, o.id)).step === '财务确认汇款', 'the finance step');
    expect((await drive.order(a, o.id)).status).toBe('unpaid');
    const notAnAmount = await drive.decide(staff.fin_1, firstCheck.id, {
      outcome: 'confirm',
      fields: { receivedFen: 'abc' },
    });
    expect(notAnAmount.statusCode).toBe(400);
    expect(notAnAmount.json().error.fields).toEqual([
      expect.objectContaining({ field: 'fields.receivedFen', code: 'invalid' }),
    ]);
    expect(
      (await drive.decide(staff.fin_1, firstCheck.id, { outcome: 'reject', comment: '未查到该笔汇款' })).statusCode,
    ).toBe(200);
    await eventually(async () => {
      const order = await drive.order(a, o.id);
      return order.payments[0]?.status === 'refused' && order.step === '待支付' ? order : undefined;
    }, 'the refused transfer');
  });

  test('finance confirms a second report against the amount received; the order is paid', async () => {
    const reported = await h.http({
      method: 'POST',
      url: `/api/v1/ca/orders/${o.id}/payments/bank-transfer`,
      token: a.token,
      payload: { slipAttachmentId: slip.id, amountFen: o.totalFen },
    });
    expect(reported.statusCode).toBe(202);
    const check = await eventually(async () => {
      const t = await drive.taskFor(o.processId, 'order.bank_transfer', staff.fin_1);
      return t.id !== firstCheck.id ? t : undefined;
    }, 'the second transfer check');
    expect(
      (await h.http({ method: 'GET', url: `/api/v1/attachments/${slip.id}/content`, token: staff.fin_1 })).statusCode,
    ).toBe(200);
    expect((await drive.decide(staff.fin_1, check.id, { outcome: 'confirm' })).statusCode).toBe(400);
    expect(
      (await drive.decide(staff.fin_1, check.id, { outcome: 'confirm', fields: { receivedFen: String(o.totalFen) } }))
        .statusCode,
    ).toBe(200);
    await drive.waitStatus(a, o.id, 'paid');
    expect((await drive.order(a, o.id)).payments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: 'bank_transfer', status: 'refused' }),
        expect.objectContaining({ method: 'bank_transfer', status: 'paid' }),
      ]),
    );
  });

  test('approved: a wrong authorisation code counts down and locks after the limit', async () => {
    await drive.submitMaterials(a, o.id);
    ({ code } = await drive.approveAndReadSms(a, o));
    const wrong = code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';
    const first = await drive.make(a, o.id, hsm.serials[2], wrong);
    expect(first.statusCode).toBe(400);
    expect(first.json().error.fields[0]).toMatchObject({
      field: 'authCode',
      code: 'wrong',
      message: { zh: '授权码不正确，还可尝试 2 次', en: 'wrong authorisation code; 2 attempts left' },
    });
    const second = await drive.make(a, o.id, hsm.serials[2], wrong);
    expect(second.statusCode).toBe(400);
    expect(second.json().error.fields[0]).toMatchObject({
      field: 'authCode',
      code: 'wrong',
      message: { zh: '授权码不正确，还可尝试 1 次', en: 'wrong authorisation code; 1 attempt left' },
    });
    const third = await drive.make(a, o.id, hsm.serials[2], wrong);
    expect(third.statusCode).toBe(409);
    expect(third.json().error.code).toBe('AUTH_CODE_LOCKED');
    expect((await drive.make(a, o.id, hsm.serials[2], code)).json().error.code).toBe('AUTH_CODE_LOCKED');
  });

  test('the CA administrator re-issues the code: a new one by SMS, the lock lifted', async () => {
    // The CA administrator re-issues: a new code by SMS, the lock lifted.
    const reissued = await h.http({
      method: 'POST',
      url: `/api/v1/ca/orders/${o.id}/auth-code/reissue`,
      token: staff.ca_1,
    });
    expect(reissued.statusCode).toBe(200);
    const handlerMobile = (await drive.order(a, o.id)).registration.handler.mobile;
    const codes = (await outbox(h, staff.adm_o, handlerMobile))
      .map((m) => /制证授权码：([A-Z0-9]{6})/.exec(m.body)?.[1])
      .filter(Boolean);
    newCode = codes[0]!;
    expect(newCode).not.toBe(code);
  });

  test('a token that already holds a certificate is refused and nothing counted; a blank one completes the order', async () => {
    // A token that already holds a certificate is refused and nothing is counted.
    const used = await drive.make(a, o.id, hsm.serials[0], newCode);
    expect(used.statusCode).toBe(409);
    expect(used.json().error.code).toBe('TOKEN_NOT_BLANK');
    expect((await drive.order(a, o.id)).remaining).toBe(1);
    const ok = await drive.make(a, o.id, hsm.serials[2], newCode);
    expect(ok.json()).toMatchObject({ status: 'done', remaining: 0 });
    await drive.deliver(a, o);
    expect(await h.client.workflow.getHandle(o.processId).result()).toBe('completed');
    await recordHistory(h.client, o.processId, 'certificate-order/bank-transfer-completed');

    // The applicant reads the order's record and timeline as business events by department, naming no staff;
    // finance, who decided on it, reads it whole.
    await eventually(
      async () =>
        (await h.db.selectFrom('processes').select('closed_at').where('id', '=', o.processId).executeTakeFirst())
          ?.closed_at,
      'the closed process',
    );
    const staffIds = await Promise.all(
      [staff.fin_1, staff.ca_1].map(
        async (token) => (await h.http({ method: 'GET', url: '/api/v1/auth/me', token })).json().id as string,
      ),
    );
    const record = await h.http({ method: 'GET', url: `/api/v1/processes/${o.processId}`, token: a.token });
    const timeline = await h.http({ method: 'GET', url: `/api/v1/processes/${o.processId}/history`, token: a.token });
    for (const res of [record, timeline]) {
      expect(res.statusCode).toBe(200);
      for (const id of staffIds) expect(res.body).not.toContain(id);
      expect(res.body).not.toMatch(/"(assigneeId|loginName)":"/);
    }
    const actors = record.json().decisions.map((d: { decision: { actor: unknown } }) => d.decision.actor);
    expect(actors.length).toBeGreaterThanOrEqual(2);
    expect(actors.every((actor: unknown) => actor === null)).toBe(true);
    const labels = timeline.json().items.map((e: { label: { zh: string; en: string } }) => e.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        { zh: '下单', en: 'Order placed' },
        { zh: '汇款已确认', en: 'Bank transfer confirmed' },
        { zh: '材料审核通过', en: 'Materials approved' },
        { zh: '制证授权码已发送', en: 'Authorisation code sent' },
        { zh: '办结', en: 'Completed' },
      ]),
    );
    expect(timeline.body).not.toMatch(/ done"|recordOrderStatus|saveProcess/);
    const asFinance = await h.http({ method: 'GET', url: `/api/v1/processes/${o.processId}`, token: staff.fin_1 });
    expect(asFinance.statusCode).toBe(200);
    expect(asFinance.body).toContain(staffIds[0]);

    // The process has ended: every state-changing call answers 409 PROCESS_CLOSED, not "no such process".
    for (const [url, token] of [
      [`/api/v1/ca/orders/${o.id}/materials/submit`, a.token],
      [`/api/v1/ca/orders/${o.id}/auth-code/reissue`, staff.ca_1],
      [`/api/v1/processes/${o.processId}/comments`, staff.ca_1],
    ] as const) {
      const late = await h.http({
        method: 'POST',
        url,
        token,
        payload: url.endsWith('comments') ? { text: '迟到' } : {},
      });
      expect({ url, status: late.statusCode, code: late.json().error?.code }).toEqual({
        url,
        status: 409,
        code: 'PROCESS_CLOSED',
      });
    }
  });
});

test('a station that dies between issuing and writing leaves the count and certificates right after it restarts', async () => {
  const a = await activeApplicant(h, staff.adm_o);
  const o = await drive.placeOrder(a, 1);
  await drive.submitMaterials(a, o.id);
  const { notice } = await drive.payOnline(a, o.id);
  await drive.notify(notice);
  const { code, pin } = await drive.approveAndReadSms(a, o);

  const stopping: Promise<void>[] = [];
  crashBeforeWriting = () => stopping.push(station.stop());
  const pending = drive.make(a, o.id, hsm.serials[3], code);
  await eventually(async () => stopping.length === 1, 'the station stopping');
  await Promise.all(stopping);
  const waiting = await eventually(
    async () => (await drive.order(a, o.id)).tokens.find((t: { step: string }) => t.step === 'writing_certificate'),
    'the item waiting to be written',
  );
  expect(waiting.status).toBe('in_progress');
  expect(await h.db.selectFrom('certificates').select('status').where('order_id', '=', o.id).execute()).toEqual([
    { status: 'issued' },
  ]);

  station = await startStation();
  const res = await pending;
  expect([201, 202]).toContain(res.statusCode);
  const done = await drive.waitStatus(a, o.id, 'completed');
  expect(done.remaining).toBe(0);
  expect(done.tokens).toEqual([expect.objectContaining({ tokenSerial: hsm.serials[3], step: 'done' })]);
  expect(await h.db.selectFrom('certificates').select('status').where('order_id', '=', o.id).execute()).toEqual([
    { status: 'installed' },
  ]);
  const onToken = await station.module.withSession(hsm.serials[3], pin, async (s) => s.certificates().length);
  expect(onToken).toBe(1);
});

test('an unpaid order is deleted (its process cancelled); a paid one cannot be', async () => {
  const a = await activeApplicant(h, staff.adm_o);
  const o = await drive.placeOrder(a, 1);
  expect((await h.http({ method: 'DELETE', url: `/api/v1/ca/orders/${o.id}`, token: a.token })).statusCode).toBe(204);
  expect(await h.client.workflow.getHandle(o.processId).result()).toBe('cancelled');
  expect((await h.http({ method: 'GET', url: `/api/v1/ca/orders/${o.id}`, token: a.token })).statusCode).toBe(404);
  const list = (await h.http({ method: 'GET', url: '/api/v1/ca/orders', token: a.token })).json().items;
  expect(list.map((x: { id: string }) => x.id)).not.toContain(o.id);
  await recordHistory(h.client, o.processId, 'certificate-order/deleted-unpaid');

  const paid = await drive.placeOrder(a, 1);
  const { notice } = await drive.payOnline(a, paid.id);
  await drive.notify(notice);
  await drive.waitStatus(a, paid.id, 'paid');
  const refused = await h.http({ method: 'DELETE', url: `/api/v1/ca/orders/${paid.id}`, token: a.token });
  expect(refused.statusCode).toBe(409);
  expect(refused.json().error.code).toBe('OrderWrongState');
});

test('bad order input is named field by field, and nothing is stored', async () => {
  const a = await activeApplicant(h, staff.adm_o);
  const good = orderBody(a, 1);
  const count = async () =>
    (await h.db.selectFrom('ca_orders').select('id').where('enterprise_id', '=', a.enterpriseId).execute()).length;
  const cases: [Record<string, unknown>, string, string][] = [
    [{ ...good, quantity: 0 }, 'quantity', 'minimum'],
    [{ ...good, serviceId: 'gold' }, 'serviceId', 'unknown'],
    [
      { ...good, organization: { ...good.organization, nameConfirm: '别的公司' } },
      'organization.nameConfirm',
      'mismatch',
    ],
    [
      { ...good, organization: { ...good.organization, creditCodeConfirm: '913307037757272995' } },
      'organization.creditCodeConfirm',
      'mismatch',
    ],
    [
      { ...good, organization: { ...good.organization, name: '另一家公司', nameConfirm: '另一家公司' } },
      'organization.name',
      'not_approved_record',
    ],
    [
      {
        ...good,
        organization: {
          ...good.organization,
          creditCode: '913307037757272995',
          creditCodeConfirm: '913307037757272995',
        },
      },
      'organization.creditCode',
      'not_approved_record',
    ],
    [{ ...good, legalRepresentative: { name: '张三' } }, 'legalRepresentative.name', 'not_approved_record'],
    [{ ...good, organization: { ...good.organization, landline: '88234700' } }, 'organization.landline', 'pattern'],
    [{ ...good, handler: { ...good.handler, idNumber: '330702196912060619' } }, 'handler.idNumber', 'id_check'],
    [{ ...good, handler: { ...good.handler, mobile: '2390909123' } }, 'handler.mobile', 'pattern'],
    [{ ...good, invoice: { ...good.invoice, taxpayerId: '913308081234567812' } }, 'invoice.taxpayerId', 'credit_code'],
    [{ ...good, invoice: { ...good.invoice, type: 'fancy' } }, 'invoice.type', 'enum'],
    [{ ...good, shipping: { ...good.shipping, courier: 'ems' } }, 'shipping.courier', 'enum'],
    [{ ...good, agreementsAccepted: false }, 'agreementsAccepted', 'required'],
  ];
  for (const [body, field, code] of cases) {
    const res = await h.http({ method: 'POST', url: '/api/v1/ca/orders', token: a.token, payload: body });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field, code, message: { zh: expect.any(String), en: expect.any(String) } }),
      ]),
    );
  }
  expect(await count()).toBe(0);

  // The legal representative is compared with the approved record as a name: spacing does not matter;
  // an approved record that names none checks nothing.
  expect(a.profile.legalRepresentative?.name).toBe('刘廷生');
  const spaced = await h.http({
    method: 'POST',
    url: '/api/v1/ca/orders',
    token: a.token,
    payload: { ...good, legalRepresentative: { name: ' 刘廷生\u3000' } },
  });
  expect(spaced.statusCode).toBe(201);
  const unnamed = await activeApplicant(h, staff.adm_o);
  await h.db
    .updateTable('enterprises')
    .set({ approved_profile: sql`approved_profile #- '{profile,legalRepresentative,name}'` })
    .where('id', '=', unnamed.enterpriseId)
    .execute();
  const anyName = await h.http({
    method: 'POST',
    url: '/api/v1/ca/orders',
    token: unnamed.token,
    payload: { ...orderBody(unnamed, 1), legalRepresentative: { name: '张三' } },
  });
  expect(anyName.statusCode).toBe(201);

  // An enterprise whose registration is not approved cannot order.
  const pending = await activeApplicant(h, staff.adm_o);
  await h.db.updateTable('enterprises').set({ status: 'pending' }).where('id', '=', pending.enterpriseId).execute();
  const early = await h.http({
    method: 'POST',
    url: '/api/v1/ca/orders',
    token: pending.token,
    payload: orderBody(pending, 1),
  });
  expect(early.statusCode).toBe(409);
  expect(early.json().error.code).toBe('ENTERPRISE_NOT_ACTIVE');
});
