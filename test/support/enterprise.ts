/** Test helpers for enterprise journeys: fresh identities, a valid profile, scans, multipart bodies. */
import { randomBytes } from 'node:crypto';
import type { RegistrationProfile } from '../../domain/registration';
import { creditCodeCheckChar, residentIdCheckChar } from '../../domain/validators';
import { CAPTCHA, type Harness } from './harness';
import { jpeg, png } from './scans';

const CREDIT = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A fresh, valid unified social credit code. */
export function newCreditCode(): string {
  const body = '9133' + Array.from(randomBytes(13), (b) => CREDIT[b % 31]).join('');
  return body + creditCodeCheckChar(body);
}

/** A valid resident ID number (born 1980-05-17). */
export function newResidentId(): string {
  const body = `33070219800517${String(randomBytes(2).readUInt16BE() % 1000).padStart(3, '0')}`;
  return body + residentIdCheckChar(body);
}

/** A unique suffix for names. */
export function uniq(): string {
  return randomBytes(3).toString('hex');
}

/** A complete, valid profile for `entityName`. */
export function validProfile(entityName: string): RegistrationProfile {
  return {
    memberCategory: 'enterprise',
    businessType: 'construction',
    identityType: 'bidder',
    enterprise: {
      name: entityName,
      creditCode: newCreditCode(),
      type: 'limited_liability',
      address: '金华市金东区二环北路1299号',
      registeredCapital: '3050',
      establishedOn: '2005-05-31',
      businessTerm: 'long_term',
      businessScope: '水利水电工程施工，土石方工程施工，市政公用工程施工。',
    },
    legalRepresentative: {
      name: '刘廷生',
      idType: 'resident_id',
      idNumber: newResidentId(),
      mobile: '13967979860',
      address: '金华市金东区',
    },
    contact: { name: '戴进波', mobile: '13967979861', email: `contact-${uniq()}@example.cn` },
  };
}

/** Small real files of each kind (they pass the content checks), and text that is no scan. */
export const SCANS = {
  jpeg: jpeg(),
  png: png(4, 4),
  pdf: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'),
  text: Buffer.from('this is not a scan'),
};

/** A multipart/form-data body with text fields and one file. */
export function multipart(
  fields: Record<string, string>,
  ...files: { filename: string; type: string; data: Buffer }[]
) {
  const boundary = `----bpm${uniq()}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
    );
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** An applicant signed in: their token, login name, enterprise ID and entity name. */
export interface Applicant {
  token: string;
  loginName: string;
  password: string;
  enterpriseId: string;
  entityName: string;
  email: string;
  mobile: string;
}

/** Reads the newest message to `to` from the development outbox (as an admin). */
export async function outbox(
  h: Harness,
  adminToken: string,
  to: string,
): Promise<{ body: string; subject: string | null; channel: string }[]> {
  const res = await h.http({
    method: 'GET',
    url: `/api/v1/dev/outbox?to=${encodeURIComponent(to)}`,
    token: adminToken,
  });
  return res.json().items;
}

/** Registers an account, activates it with the link read from the outbox, and signs in with a captcha. */
export async function registerApplicant(
  h: Harness,
  adminToken: string,
  name = `金华市${uniq()}建设工程有限公司`,
): Promise<Applicant> {
  const suffix = uniq();
  const a = {
    entityName: name,
    loginName: `ent_${suffix}`,
    password: 'Abc12345',
    email: `applicant-${suffix}@example.cn`,
    mobile: `139${String(randomBytes(4).readUInt32BE() % 1e8).padStart(8, '0')}`,
  };
  const res = await h.http({
    method: 'POST',
    url: '/api/v1/accounts',
    payload: { ...a, confirmPassword: a.password, contactName: '戴进波' },
  });
  if (res.statusCode !== 201) throw new Error(`registration failed: ${res.body}`);
  const mail = (await outbox(h, adminToken, a.email))[0];
  const token = /token=([A-Za-z0-9_-]+)/.exec(mail.body)![1];
  const activated = await h.http({ method: 'POST', url: '/api/v1/accounts/activate', payload: { token } });
  if (activated.statusCode !== 200) throw new Error(`activation failed: ${activated.body}`);
  const captcha = (await h.http({ method: 'GET', url: '/api/v1/auth/captcha' })).json().captchaId;
  const login = await h.http({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { loginName: a.loginName, password: a.password, captchaId: captcha, captcha: CAPTCHA },
  });
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.body}`);
  return { ...a, token: login.json().token, enterpriseId: res.json().enterpriseId, entityName: res.json().entityName };
}

/** Uploads the three required scans. */
export async function uploadRequiredScans(h: Harness, token: string): Promise<void> {
  for (const [kind, data, type] of [
    ['business_license', SCANS.pdf, 'application/pdf'],
    ['legal_rep_id_front', SCANS.jpeg, 'image/jpeg'],
    ['legal_rep_id_back', SCANS.png, 'image/png'],
  ] as const) {
    const body = multipart({ kind }, { filename: `${kind}.bin`, type, data });
    const res = await h.http({ method: 'POST', url: '/api/v1/enterprise/attachments', token, ...body });
    if (res.statusCode !== 201) throw new Error(`upload ${kind} failed: ${res.body}`);
  }
}

/** A profile saved, scans uploaded: ready to submit. */
export async function prepareRegistration(h: Harness, a: Applicant): Promise<RegistrationProfile> {
  const profile = validProfile(a.entityName);
  const res = await h.http({ method: 'PUT', url: '/api/v1/enterprise/profile', token: a.token, payload: profile });
  if (res.statusCode !== 200) throw new Error(`profile failed: ${res.body}`);
  await uploadRequiredScans(h, a.token);
  return profile;
}

/** An applicant whose enterprise is active (registration approved), with its approved profile. */
export async function activeApplicant(
  h: Harness,
  adminToken: string,
): Promise<Applicant & { profile: RegistrationProfile; creditCode: string }> {
  const a = await registerApplicant(h, adminToken);
  const profile = validProfile(a.entityName);
  const creditCode = profile.enterprise!.creditCode!;
  await h.db
    .updateTable('enterprises')
    .set({
      status: 'active',
      credit_code: creditCode,
      approved_profile: JSON.stringify({ profile, attachments: [], submittedAt: new Date().toISOString() }),
      activated_at: new Date(),
    })
    .where('id', '=', a.enterpriseId)
    .execute();
  return { ...a, profile, creditCode };
}

/** A complete, valid order body for an active applicant. */
export function orderBody(a: { entityName: string; creditCode: string }, quantity = 2) {
  return {
    serviceId: 'org-primary',
    quantity,
    organization: {
      name: a.entityName,
      nameConfirm: a.entityName,
      creditCode: a.creditCode,
      creditCodeConfirm: a.creditCode,
      address: '杭州市西湖区文三路8号',
      landline: '0571-88234700',
    },
    legalRepresentative: { name: '刘廷生' },
    handler: {
      name: '陈沁',
      idNumber: newResidentId(),
      landline: '0571-86090941',
      mobile: `137${String(randomBytes(4).readUInt32BE() % 1e8).padStart(8, '0')}`,
      email: `handler-${uniq()}@example.cn`,
    },
    agreementsAccepted: true,
    invoice: {
      type: 'ordinary',
      title: a.entityName,
      taxpayerId: a.creditCode,
      bank: '平安银行杭州支行',
      account: '31001234978978',
      address: '杭州市文三路8号',
      phone: '0571-86090941',
    },
    shipping: {
      courier: 'sf_prepaid',
      recipient: '陈沁',
      province: '浙江省',
      city: '杭州市',
      street: '文三路8号',
      landline: '0571-86090941',
      mobile: '13909091234',
    },
  };
}
