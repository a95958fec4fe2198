/**
 * Process 1 bad input: every rule answers 4xx naming the field (in Chinese and English) and stores
 * nothing. Accounts, activation and password reset, the profile, submission and attachments.
 */
import { sql } from 'kysely';
import { PROFILE_FIELDS, type RegistrationProfile } from '../../domain/registration';
import { residentIdCheckChar } from '../../domain/validators';
import { CAPTCHA, startHarness, type Harness } from '../support/harness';
import {
  multipart,
  outbox,
  registerApplicant,
  SCANS,
  uniq,
  uploadRequiredScans,
  validProfile,
  type Applicant,
} from '../support/enterprise';
import { png } from '../support/scans';

let h: Harness;
let admin: string;

beforeAll(async () => {
  h = await startHarness({ env: { UPLOAD_MAX_BYTES: '4096', ACCOUNT_MAIL_INTERVAL: '60s' } });
  await h.staff('adm_in', ['admin', 'operator']);
  await h.staff('rev_in', ['registration_reviewer']);
  await h.staff('fin_in', ['finance']);
  admin = await h.login('adm_in');
});

afterAll(async () => {
  await h?.close();
});

const count = async (table: 'users' | 'enterprises' | 'attachments' | 'processes') =>
  Number(
    (
      await h.db
        .selectFrom(table)
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Asserts a 4xx that names `field` (with `code` if given) in both languages. */
function expectField(res: { statusCode: number; json(): any }, status: number, field: string, code?: string) {
  expect(res.statusCode).toBe(status);
  const f = (res.json().error.fields ?? []).find((x: { field: string }) => x.field === field);
  expect(f).toBeDefined();
  if (code) expect(f.code).toBe(code);
  expect(f.message.zh.length).toBeGreaterThan(0);
  expect(f.message.en.length).toBeGreaterThan(0);
  return f;
}

describe('account registration', () => {
  const good = () => {
    const s = uniq();
    return {
      entityName: `兰溪市${s}商贸有限公司`,
      loginName: `acct_${s}`,
      password: 'Passw0rd',
      confirmPassword: 'Passw0rd',
      contactName: '陈沁',
      mobile: '13909091234',
      email: `a${s}@example.cn`,
    };
  };

  test.each([
    ['loginName', { loginName: 'abc12' }, 'pattern'],
    ['loginName', { loginName: 'a234567890123456' }, 'pattern'],
    ['loginName', { loginName: '用户名123456' }, 'pattern'],
    ['loginName', { loginName: 'has space1' }, 'pattern'],
    ['password', { password: 'abcdefgh', confirmPassword: 'abcdefgh' }, 'pattern'],
    ['password', { password: '12345678', confirmPassword: '12345678' }, 'pattern'],
    ['password', { password: 'ab1', confirmPassword: 'ab1' }, 'pattern'],
    ['password', { password: 'abc1234567890123', confirmPassword: 'abc1234567890123' }, 'pattern'],
    ['confirmPassword', { confirmPassword: 'Passw0rdX' }, 'mismatch'],
    ['mobile', { mobile: '2390909123' }, 'pattern'],
    ['mobile', { mobile: '1390909123' }, 'pattern'],
    ['mobile', { mobile: '139090912345' }, 'pattern'],
    ['email', { email: 'not-an-email' }, 'format'],
    ['entityName', { entityName: ' ' }, 'minLength'],
    ['contactName', { contactName: '' }, 'minLength'],
    ['contactName', { contactName: '   ' }, 'required'],
    ['contactName', { contactName: '陈'.repeat(51) }, 'maxLength'],
    ['nickname', { nickname: 'x' }, 'additionalProperties'],
  ])('%s %j is refused and nothing is stored', async (field, change, code) => {
    const [users, enterprises] = [await count('users'), await count('enterprises')];
    const res = await h.http({ method: 'POST', url: '/api/v1/accounts', payload: { ...good(), ...change } });
    expectField(res, 400, field, code);
    expect([await count('users'), await count('enterprises')]).toEqual([users, enterprises]);
  });

  test('a field message says what is wrong: too long with the limit, or missing', async () => {
    const long = expectField(
      await h.http({ method: 'POST', url: '/api/v1/accounts', payload: { ...good(), contactName: '陈'.repeat(51) } }),
      400,
      'contactName',
      'maxLength',
    );
    expect(long.message.en).toContain('at most 50');
    expect(long.message.zh).toContain('50');
    expect(long.message.en).not.toMatch(/required/);
    const blank = expectField(
      await h.http({ method: 'POST', url: '/api/v1/accounts', payload: { ...good(), contactName: '   ' } }),
      400,
      'contactName',
      'required',
    );
    expect(blank.message.en).toMatch(/required/);
  });

  test('an unknown token is named as an activation link or a password reset link, whichever it was', async () => {
    const activation = expectField(
      await h.http({ method: 'POST', url: '/api/v1/accounts/activate', payload: { token: 'act_forged' } }),
      400,
      'token',
      'invalid_token',
    );
    expect(activation.message.zh).toContain('激活');
    const reset = expectField(
      await h.http({
        method: 'POST',
        url: '/api/v1/accounts/password/reset',
        payload: { token: 'rst_forged', password: 'NewPass99', confirmPassword: 'NewPass99' },
      }),
      400,
      'token',
      'invalid_token',
    );
    expect(reset.message.zh).toContain('重置');
    expect(reset.message.zh).not.toContain('激活');
    expect(reset.message.en).toMatch(/password reset link/);
  });

  test('a missing field is named; the password may not be the login name', async () => {
    const { mobile: _m, ...noMobile } = good();
    expectField(
      await h.http({ method: 'POST', url: '/api/v1/accounts', payload: noMobile }),
      400,
      'mobile',
      'required',
    );
    const same = { ...good(), loginName: 'same12345', password: 'same12345', confirmPassword: 'same12345' };
    expectField(
      await h.http({ method: 'POST', url: '/api/v1/accounts', payload: same }),
      400,
      'password',
      'same_as_login',
    );
  });

  test('names are unique: login case-insensitively, entity names with whitespace, width, invisible characters and look-alike letters folded', async () => {
    const first = good();
    expect((await h.http({ method: 'POST', url: '/api/v1/accounts', payload: first })).statusCode).toBe(201);
    const users = await count('users');
    expectField(
      await h.http({
        method: 'POST',
        url: '/api/v1/accounts',
        payload: { ...good(), loginName: first.loginName.toUpperCase() },
      }),
      409,
      'loginName',
      'taken',
    );
    const spaced = first.entityName.replace('市', ' 市 ').replace('有限公司', '有限公司　');
    expectField(
      await h.http({ method: 'POST', url: '/api/v1/accounts', payload: { ...good(), entityName: spaced } }),
      409,
      'entityName',
      'taken',
    );
    expect(await count('users')).toBe(users);

    expect(
      (await h.http({ method: 'POST', url: '/api/v1/accounts/check-name', payload: { entityName: spaced } })).json(),
    ).toMatchObject({ available: false, reason: { zh: expect.any(String), en: expect.any(String) } });
    // Names that differ only by invisible characters or by Cyrillic and Greek look-alikes are the same name.
    const zeroWidth = first.entityName.replace('市', '市\u200b').replace('有限', '有\u2060限');
    const bidi = `\u202e${first.entityName}\u202c`;
    for (const entityName of [zeroWidth, bidi]) {
      expectField(
        await h.http({ method: 'POST', url: '/api/v1/accounts', payload: { ...good(), entityName } }),
        409,
        'entityName',
        'taken',
      );
    }
    const latin = { ...good(), entityName: `Acme Opex ${first.entityName.slice(0, 3)}科技有限公司` };
    expect((await h.http({ method: 'POST', url: '/api/v1/accounts', payload: latin })).statusCode).toBe(201);
    for (const entityName of [
      latin.entityName.replace('A', '\u0410').replace('c', '\u0441').replace('e', '\u0435'), // Cyrillic А, с, е
      latin.entityName.replace('O', '\u039f').replace('p', '\u03c1'), // Greek Ο, ρ
    ]) {
      expect(
        (await h.http({ method: 'POST', url: '/api/v1/accounts/check-name', payload: { entityName } })).json(),
      ).toMatchObject({ available: false });
      expectField(
        await h.http({ method: 'POST', url: '/api/v1/accounts', payload: { ...good(), entityName } }),
        409,
        'entityName',
        'taken',
      );
    }
    expect(await count('users')).toBe(users + 1);
    expect(
      (
        await h.http({
          method: 'POST',
          url: '/api/v1/accounts/check-name',
          payload: { entityName: `${first.entityName}分公司` },
        })
      ).json(),
    ).toEqual({ available: true });
    expect(
      (
        await h.http({
          method: 'POST',
          url: '/api/v1/accounts/check-login',
          payload: { loginName: first.loginName.toUpperCase() },
        })
      ).json().available,
    ).toBe(false);
    expect(
      (await h.http({ method: 'POST', url: '/api/v1/accounts/check-login', payload: { loginName: 'ab' } })).json(),
    ).toMatchObject({ available: false, reason: { en: expect.stringContaining('6–15') } });
    expect(
      (
        await h.http({ method: 'POST', url: '/api/v1/accounts/check-login', payload: { loginName: `free_${uniq()}` } })
      ).json(),
    ).toEqual({ available: true });
  });

  test('two racing registrations of the same entity cannot both win', async () => {
    const name = `义乌市${uniq()}贸易有限公司`;
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        h.http({ method: 'POST', url: '/api/v1/accounts', payload: { ...good(), entityName: name } }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
    const rows = await h.db.selectFrom('enterprises').select('id').where('entity_name', '=', name).execute();
    expect(rows).toHaveLength(1);
  });

  test('activation: needed before login, one-time, and resent with a limit', async () => {
    const a = good();
    await h.http({ method: 'POST', url: '/api/v1/accounts', payload: a });
    const captchaId = (await h.http({ method: 'GET', url: '/api/v1/auth/captcha' })).json().captchaId;
    const early = await h.http({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { loginName: a.loginName, password: a.password, captchaId, captcha: CAPTCHA },
    });
    expect(early.statusCode).toBe(403);
    expect(early.json().error.code).toBe('ACCOUNT_NOT_ACTIVATED');

    expectField(
      await h.http({ method: 'POST', url: '/api/v1/accounts/activate', payload: { token: 'act_forged' } }),
      400,
      'token',
      'invalid_token',
    );
    const again = await h.http({
      method: 'POST',
      url: '/api/v1/accounts/activation/resend',
      payload: { loginName: a.loginName },
    });
    expect(again.statusCode).toBe(429);
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);

    const mails = await outbox(h, admin, a.email);
    expect(mails).toHaveLength(1);
    expect(await outbox(h, admin, ` ${a.email.toUpperCase()}`)).toEqual(mails);
    expect(mails[0].subject).toContain('Activate');
    const sms = await outbox(h, admin, a.mobile);
    expect(sms.some((m) => m.channel === 'sms' && m.body.includes('激活'))).toBe(true);
    const token = /token=([A-Za-z0-9_-]+)/.exec(mails[0].body)![1];
    // The link opens the console's page (the token in the fragment, which no server log sees); it activates on a press.
    expect(mails[0].body).toContain(`/activate#token=${token}`);
    const page = await h.http({ method: 'GET', url: '/activate' });
    expect(page.statusCode).toBe(302);
    expect(page.headers).toMatchObject({
      location: '/console/activate',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    expect(
      (await h.db.selectFrom('users').select('status').where('login_name', '=', a.loginName).executeTakeFirstOrThrow())
        .status,
    ).toBe('pending_activation');
    expect((await h.http({ method: 'POST', url: '/api/v1/accounts/activate', payload: { token } })).statusCode).toBe(
      200,
    );
    expectField(
      await h.http({ method: 'POST', url: '/api/v1/accounts/activate', payload: { token } }),
      400,
      'token',
      'used_token',
    );
    // The database holds only the token's hash.
    const stored = await h.db.selectFrom('account_tokens').select('token_hash').execute();
    expect(stored.some((t) => t.token_hash === token)).toBe(false);
  });

  test('forgotten password: an emailed one-time link sets a new password and ends old sessions', async () => {
    const a = await registerApplicant(h, admin);
    expect(
      (await h.http({ method: 'POST', url: '/api/v1/accounts/password/forgot', payload: { loginName: a.loginName } }))
        .statusCode,
    ).toBe(202);
    expect(
      (
        await h.http({
          method: 'POST',
          url: '/api/v1/accounts/password/forgot',
          payload: { loginName: 'nobody_at_all' },
        })
      ).statusCode,
    ).toBe(202);
    const mail = (await outbox(h, admin, a.email)).find((m) => m.subject?.includes('Reset'))!;
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail.body)![1];
    expect(mail.body).toContain(`/reset-password#token=${token}`);
    const page = await h.http({ method: 'GET', url: '/reset-password?lang=zh' });
    expect({ status: page.statusCode, location: page.headers.location }).toEqual({
      status: 302,
      location: '/console/password/reset?lang=zh',
    });
    expectField(
      await h.http({
        method: 'POST',
        url: '/api/v1/accounts/password/reset',
        payload: { token, password: 'weak', confirmPassword: 'weak' },
      }),
      400,
      'password',
      'pattern',
    );
    expectField(
      await h.http({
        method: 'POST',
        url: '/api/v1/accounts/password/reset',
        payload: { token, password: 'NewPass99', confirmPassword: 'NewPass98' },
      }),
      400,
      'confirmPassword',
      'mismatch',
    );
    expect(
      (
        await h.http({
          method: 'POST',
          url: '/api/v1/accounts/password/reset',
          payload: { token, password: 'NewPass99', confirmPassword: 'NewPass99' },
        })
      ).statusCode,
    ).toBe(200);
    expect((await h.http({ method: 'GET', url: '/api/v1/auth/me', token: a.token })).statusCode).toBe(401);
    expect(await h.login(a.loginName, 'NewPass99')).toMatch(/^st_/);
    expectField(
      await h.http({
        method: 'POST',
        url: '/api/v1/accounts/password/reset',
        payload: { token, password: 'NewPass77', confirmPassword: 'NewPass77' },
      }),
      400,
      'token',
      'used_token',
    );
  });
});

describe('the profile', () => {
  let a: Applicant;
  let saved: RegistrationProfile;

  beforeAll(async () => {
    a = await registerApplicant(h, admin);
    saved = validProfile(a.entityName);
    expect(
      (await h.http({ method: 'PUT', url: '/api/v1/enterprise/profile', token: a.token, payload: saved })).statusCode,
    ).toBe(200);
  });

  const withIdCheck = (first17: string) => first17 + residentIdCheckChar(first17);
  const withChange = (section: 'enterprise' | 'legalRepresentative' | 'contact', change: Record<string, string>) => ({
    ...saved,
    [section]: { ...saved[section], ...change },
  });

  test.each([
    ['enterprise.creditCode', { enterprise: { creditCode: '913307037757272915' } }, 'credit_code_check'],
    ['enterprise.creditCode', { enterprise: { creditCode: '91330703775727299' } }, 'credit_code_length'],
    ['enterprise.creditCode', { enterprise: { creditCode: '9133070377572729I5' } }, 'credit_code_characters'],
    ['legalRepresentative.idNumber', { legalRepresentative: { idNumber: '330702196912060619' } }, 'id_check'],
    ['legalRepresentative.idNumber', { legalRepresentative: { idNumber: '330702199902300618' } }, 'id_birth_date'],
    ['legalRepresentative.idNumber', { legalRepresentative: { idNumber: '330702209912010618' } }, 'id_birth_date'],
    ['legalRepresentative.idNumber', { legalRepresentative: { idNumber: '33070219691206061' } }, 'id_format'],
    ['enterprise.name', { enterprise: { name: '另一家公司' } }, 'name_mismatch'],
    [
      'legalRepresentative.idNumber',
      { legalRepresentative: { idNumber: withIdCheck('33070218991231061') } },
      'id_birth_date',
    ],
    ['enterprise.establishedOn', { enterprise: { establishedOn: '2005-02-30' } }, 'date'],
    ['enterprise.establishedOn', { enterprise: { establishedOn: '2015-13-45' } }, 'date'],
    ['enterprise.establishedOn', { enterprise: { establishedOn: '2015-00-10' } }, 'date'],
    ['enterprise.establishedOn', { enterprise: { establishedOn: '0000-01-01' } }, 'too_early'],
    ['enterprise.establishedOn', { enterprise: { establishedOn: '1899-12-31' } }, 'too_early'],
    ['enterprise.establishedOn', { enterprise: { establishedOn: '2999-01-01' } }, 'future'],
    ['enterprise.establishedOn', { enterprise: { establishedOn: '31/05/2005' } }, 'pattern'],
    ['enterprise.businessTerm', { enterprise: { businessTerm: '2030-13-01' } }, 'date'],
    ['enterprise.businessTerm', { enterprise: { businessTerm: '2030-02-29' } }, 'date'],
    ['enterprise.businessTerm', { enterprise: { businessTerm: '0000-01-01' } }, 'too_early'],
    ['enterprise.businessTerm', { enterprise: { businessTerm: '2001-01-01' } }, 'before_established'],
    ['enterprise.businessTerm', { enterprise: { businessTerm: 'forever' } }, 'pattern'],
    ['enterprise.registeredCapital', { enterprise: { registeredCapital: '三千万' } }, 'pattern'],
    ['enterprise.type', { enterprise: { type: 'unicorn' } }, 'enum'],
    ['memberCategory', { memberCategory: 'vip' }, 'enum'],
    ['legalRepresentative.mobile', { legalRepresentative: { mobile: '0579888943' } }, 'pattern'],
    ['contact.email', { contact: { email: 'x@y' } }, 'format'],
    ['enterprise.foo', { enterprise: { foo: 'bar' } }, 'additionalProperties'],
  ])('%s %j is refused and the saved draft stays', async (field, change, code) => {
    const [section] = Object.keys(change) as (keyof RegistrationProfile)[];
    const value = (change as Record<string, unknown>)[section];
    const body =
      typeof value === 'object'
        ? withChange(section as 'enterprise', value as Record<string, string>)
        : { ...saved, [section]: value };
    expectField(
      await h.http({ method: 'PUT', url: '/api/v1/enterprise/profile', token: a.token, payload: body }),
      400,
      field,
      code,
    );
    const draft = (await h.http({ method: 'GET', url: '/api/v1/enterprise/profile', token: a.token })).json().draft;
    expect(draft).toEqual(saved);
  });

  test('a passport number is checked by its own rule, not the resident-ID check digit', async () => {
    const body = withChange('legalRepresentative', { idType: 'passport', idNumber: 'E12345678' });
    expect(
      (await h.http({ method: 'PUT', url: '/api/v1/enterprise/profile', token: a.token, payload: body })).statusCode,
    ).toBe(200);
    expectField(
      await h.http({
        method: 'PUT',
        url: '/api/v1/enterprise/profile',
        token: a.token,
        payload: withChange('legalRepresentative', { idType: 'passport', idNumber: 'E1' }),
      }),
      400,
      'legalRepresentative.idNumber',
      'id_format',
    );
    expect(
      (await h.http({ method: 'PUT', url: '/api/v1/enterprise/profile', token: a.token, payload: saved })).statusCode,
    ).toBe(200);
  });

  test('several problems are named at once; staff cannot edit a profile', async () => {
    const res = await h.http({
      method: 'PUT',
      url: '/api/v1/enterprise/profile',
      token: a.token,
      payload: { enterprise: { creditCode: '913307037757272915', name: 'X公司' }, contact: { mobile: '12' } },
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .error.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['contact.mobile']);
    const domain = await h.http({
      method: 'PUT',
      url: '/api/v1/enterprise/profile',
      token: a.token,
      payload: { enterprise: { creditCode: '913307037757272915', name: 'X公司' } },
    });
    expect(
      domain
        .json()
        .error.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['enterprise.creditCode', 'enterprise.name']);
    const staff = await h.login('rev_in');
    expect(
      (await h.http({ method: 'PUT', url: '/api/v1/enterprise/profile', token: staff, payload: saved })).statusCode,
    ).toBe(403);
  });

  test('submission names every missing field and attachment, and starts nothing', async () => {
    const b = await registerApplicant(h, admin);
    const processes = await count('processes');
    const empty = await h.http({
      method: 'POST',
      url: '/api/v1/enterprise/registration/submit',
      token: b.token,
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    const fields = empty.json().error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual([
      ...PROFILE_FIELDS,
      'attachments.business_license',
      'attachments.legal_rep_id_front',
      'attachments.legal_rep_id_back',
    ]);
    await h.http({
      method: 'PUT',
      url: '/api/v1/enterprise/profile',
      token: b.token,
      payload: validProfile(b.entityName),
    });
    const noFiles = await h.http({
      method: 'POST',
      url: '/api/v1/enterprise/registration/submit',
      token: b.token,
      payload: {},
    });
    expect(noFiles.json().error.fields.map((f: { field: string }) => f.field)).toEqual([
      'attachments.business_license',
      'attachments.legal_rep_id_front',
      'attachments.legal_rep_id_back',
    ]);
    expectField(
      await h.http({
        method: 'POST',
        url: '/api/v1/enterprise/registration/submit',
        token: b.token,
        payload: { reviewers: ['only_one'] },
      }),
      400,
      'reviewers',
      'minItems',
    );
    expect(await count('processes')).toBe(processes);
    expect(
      (await h.http({ method: 'GET', url: '/api/v1/enterprise/registration', token: b.token })).json(),
    ).toMatchObject({ status: 'draft', processId: null, reviewPhone: '0579-88894332' });
  });

  test('a credit code that another active enterprise holds is refused at submission', async () => {
    const c = await registerApplicant(h, admin);
    const profile = validProfile(c.entityName);
    await h.db
      .updateTable('enterprises')
      .set({ status: 'active', credit_code: profile.enterprise!.creditCode! })
      .where('id', '=', a.enterpriseId)
      .execute();
    await h.http({ method: 'PUT', url: '/api/v1/enterprise/profile', token: c.token, payload: profile });
    await uploadRequiredScans(h, c.token);
    const processes = await count('processes');
    const taken = await h.http({
      method: 'POST',
      url: '/api/v1/enterprise/registration/submit',
      token: c.token,
      payload: {},
    });
    expectField(taken, 409, 'enterprise.creditCode', 'in_use');
    expect(taken.json().error.code).toBe('CREDIT_CODE_IN_USE');
    expect(await count('processes')).toBe(processes);
    await h.db
      .updateTable('enterprises')
      .set({ status: 'pending', credit_code: null })
      .where('id', '=', a.enterpriseId)
      .execute();
  });
});

describe('attachments', () => {
  let a: Applicant;
  beforeAll(async () => {
    a = await registerApplicant(h, admin);
  });
  const upload = (kind: string, data: Buffer, filename = 'scan.bin', token = a.token) =>
    h.http({
      method: 'POST',
      url: '/api/v1/enterprise/attachments',
      token,
      ...multipart({ kind }, { filename, type: 'application/octet-stream', data }),
    });

  test('the type is judged by content, the kind must be known, the size is limited, and nothing is stored on refusal', async () => {
    const before = await count('attachments');
    expectField(await upload('business_license', SCANS.text, 'licence.pdf'), 400, 'file', 'type');
    expectField(await upload('passport_photo', SCANS.pdf), 400, 'kind', 'enum');
    const big = await upload('business_license', Buffer.concat([SCANS.pdf, Buffer.alloc(8192)]));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.message.en).toMatch(/too large/);
    const notMultipart = await h.http({
      method: 'POST',
      url: '/api/v1/enterprise/attachments',
      token: a.token,
      payload: { kind: 'other' },
    });
    expect(notMultipart.statusCode).toBe(415);
    const scan = { filename: 'scan.pdf', type: 'application/pdf', data: SCANS.pdf };
    expectField(
      await h.http({
        method: 'POST',
        url: '/api/v1/enterprise/attachments',
        token: a.token,
        ...multipart({ kind: 'other' }, scan, scan),
      }),
      400,
      'file',
      'too_many',
    );
    expect(await count('attachments')).toBe(before);
  });

  test('content is checked, not first bytes: a script after an image, a huge declared size, active PDF content are refused', async () => {
    const before = await count('attachments');
    const script = Buffer.from('<script>alert(document.cookie)</script>');
    const cases: [Buffer, string][] = [
      [Buffer.concat([SCANS.png, script]), 'trailing_data'],
      [Buffer.concat([SCANS.jpeg, script]), 'trailing_data'],
      [png(4, 4, { width: 100_000, height: 100_000 }), 'dimensions'],
      [SCANS.png.subarray(0, 40), 'corrupt'],
      [
        Buffer.from(
          '%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\nendobj\n%%EOF\n',
        ),
        'active_content',
      ],
    ];
    for (const [data, code] of cases) {
      const refused = await upload('business_license', data, 'scan.png');
      expectField(refused, 400, 'file', code);
      expect(refused.json().error.fields[0].message).toEqual({ zh: expect.any(String), en: expect.any(String) });
    }
    expect(await count('attachments')).toBe(before);
    const fresh = await registerApplicant(h, admin);
    for (const data of [SCANS.png, SCANS.jpeg, SCANS.pdf])
      expect((await upload('other', data, 'scan.bin', fresh.token)).statusCode).toBe(201);
  });

  test('a single-file kind is replaced; others accumulate up to a limit; delete works while editable', async () => {
    const first = (await upload('business_license', SCANS.pdf, '营业执照.pdf')).json();
    const second = (await upload('business_license', SCANS.jpeg, '营业执照-清晰.jpg')).json();
    expect(second.contentType).toBe('image/jpeg');
    const list = (await h.http({ method: 'GET', url: '/api/v1/enterprise/attachments', token: a.token })).json().items;
    expect(
      list.filter((f: { kind: string }) => f.kind === 'business_license').map((f: { id: string }) => f.id),
    ).toEqual([second.id]);
    expect(first.id).not.toBe(second.id);
    for (let i = 0; i < 10; i++) expect((await upload('other', SCANS.png)).statusCode).toBe(201);
    const eleventh = await upload('other', SCANS.png);
    expect(eleventh.statusCode).toBe(409);
    expect(eleventh.json().error.code).toBe('TOO_MANY_FILES');
    expect(
      (await h.http({ method: 'DELETE', url: `/api/v1/enterprise/attachments/${second.id}`, token: a.token }))
        .statusCode,
    ).toBe(204);
    expect(
      (await h.http({ method: 'DELETE', url: `/api/v1/enterprise/attachments/${second.id}`, token: a.token }))
        .statusCode,
    ).toBe(404);
  });

  test('files are stored by content hash and downloaded only by their enterprise and its reviewers', async () => {
    const saved = (await upload('legal_rep_id_front', SCANS.jpeg, '身份证.jpg')).json();
    const own = await h.http({ method: 'GET', url: saved.url, token: a.token });
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/jpeg');
    expect(own.rawPayload.equals(SCANS.jpeg)).toBe(true);
    expect(own.headers['content-disposition']).toContain(encodeURIComponent('身份证.jpg'));
    expect((await h.http({ method: 'GET', url: saved.url, token: await h.login('rev_in') })).statusCode).toBe(200);
    expect((await h.http({ method: 'GET', url: saved.url, token: await h.login('fin_in') })).statusCode).toBe(404);
    const other = await registerApplicant(h, admin);
    expect((await h.http({ method: 'GET', url: saved.url, token: other.token })).statusCode).toBe(404);
    expect(
      (await h.http({ method: 'DELETE', url: `/api/v1/enterprise/attachments/${saved.id}`, token: other.token }))
        .statusCode,
    ).toBe(404);
    expect(saved.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await h.app.storage.get(saved.sha256)).equals(SCANS.jpeg)).toBe(true);
  });
});
