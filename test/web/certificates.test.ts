/**
 * R8 in Chromium against the real stack (PostgreSQL, Temporal, SoftHSM2 at a token station): a UKey is
 * made by the order process; the CA administrator finds its certificate by searching, revokes it — first
 * without a reason (the API's refusal on the field, nothing revoked), then with one — and sees it revoked
 * and on the CRL. An operator reads the list without the revoke action. axe and a screenshot on every
 * screen, in Chinese and in English.
 */
import { activeApplicant } from '../support/enterprise';
import type { TestSoftHsm } from '../support/softhsm';
import { Screens, type ConsoleStack, type Lang } from '../support/console';
import { startStationConsole, type StationConsole } from '../support/station-console';

const STATION = 'cert-station';
let env: StationConsole;
let stack: ConsoleStack;
let hsm: TestSoftHsm;
let drive: StationConsole['drive'];
let adminToken: string;

beforeAll(async () => {
  env = await startStationConsole({ stationId: STATION, tokens: 2, staff: 'cert' });
  ({ stack, hsm, adminToken, drive } = env);
});

afterAll(async () => {
  await env?.close();
});

const WORDS = {
  zh: {
    title: '证书管理',
    search: '搜索',
    inUse: '有效',
    revoked: '已吊销',
    revoke: '吊销',
    confirm: '确认吊销',
    reason: '密钥泄露',
    crl: '下载证书吊销列表（CRL）',
    done: '证书已吊销',
  },
  en: {
    title: 'Certificates',
    search: 'Search',
    inUse: 'In use',
    revoked: 'Revoked',
    revoke: 'Revoke',
    confirm: 'Revoke',
    reason: 'Key compromised',
    crl: 'Download the revocation list (CRL)',
    done: 'The certificate is revoked',
  },
} satisfies Record<Lang, Record<string, string>>;

describe.each(['zh', 'en'] as const)('in %s', (lang) => {
  const words = WORDS[lang];

  test('the CA administrator finds a certificate, is refused without a reason, revokes it with one; it is on the CRL', async () => {
    const { h } = stack;
    const shots = new Screens('certificates', lang);
    const applicant = await activeApplicant(h, adminToken);
    const tokenSerial = hsm.serials[lang === 'zh' ? 0 : 1];
    await drive.madeUKeys(applicant, [tokenSerial]);
    const listed = await h.http({ method: 'GET', url: '/api/v1/ca/certificates', token: adminToken });
    const cert = listed.json().items.find((c: { tokenSerial: unknown }) => c.tokenSerial === tokenSerial);
    expect(cert).toMatchObject({ status: 'installed' });

    // The list, narrowed by the UKey's serial to the one certificate.
    const page = await stack.signedInPage('cert_ca', lang);
    await page.goto('/console/inbox');
    await page.getByRole('link', { name: words.title, exact: true }).click();
    await page.getByRole('heading', { name: words.title, exact: true }).waitFor();
    await page.locator('tbody tr').filter({ hasText: cert.serial }).waitFor();
    await page.getByLabel(words.search, { exact: true }).fill(tokenSerial);
    await page.waitForFunction(`document.querySelectorAll('tbody tr.ant-table-row').length === 1`);
    const row = page.locator('tbody tr.ant-table-row');
    expect(await row.textContent()).toContain(words.inUse);
    expect(await page.getByRole('link', { name: words.crl }).getAttribute('href')).toBe('/api/v1/ca/crl');
    await shots.check(page, 'certificates');

    // 吊销 without a reason: the API's refusal sits on the reason field; nothing is revoked.
    await row.getByRole('button', { name: `${words.revoke} ${cert.serial}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.locator('#revoke_note').fill('UKey 丢失后由企业来电确认');
    await dialog.getByRole('button', { name: words.confirm, exact: true }).click();
    await dialog.locator('.ant-form-item-explain-error').waitFor();
    expect(await dialog.locator('#revoke_note').inputValue()).toBe('UKey 丢失后由企业来电确认');
    await shots.check(page, 'certificate-revoke-refused');
    const still = await h.http({ method: 'GET', url: '/api/v1/ca/certificates', token: adminToken });
    expect(still.json().items.find((c: { serial: string }) => c.serial === cert.serial).status).toBe('installed');

    // With a reason: revoked, and shown so.
    await dialog.locator('#revoke_reason').click();
    await page.locator('.ant-select-dropdown').getByText(words.reason, { exact: true }).click();
    await dialog.getByRole('button', { name: words.confirm, exact: true }).click();
    await page.getByText(`${words.done}：${cert.serial}`).waitFor();
    await row.getByText(words.revoked, { exact: true }).waitFor();
    expect(await row.textContent()).toContain(words.reason);
    await shots.check(page, 'certificate-revoked');

    // The CRL link answers the DER list, which now names the serial.
    const crl = await page.request.get('/api/v1/ca/crl');
    expect(crl.status()).toBe(200);
    expect(crl.headers()['content-type']).toContain('application/pkix-crl');
    expect((await crl.body()).toString('hex')).toContain(cert.serial.replace(/^0+/, ''));

    // An operator reads the list without the revoke action.
    await h.staff(`cert_ops_${lang}`, ['operator']);
    const ops = await stack.signedInPage(`cert_ops_${lang}`, lang);
    await ops.goto('/console/certificates');
    await ops.locator('tbody tr').filter({ hasText: cert.serial }).waitFor();
    expect(await ops.getByRole('button', { name: `${words.revoke} ${cert.serial}` }).count()).toBe(0);
  }, 180_000);
});
