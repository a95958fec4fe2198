/**
 * 使用CA锁登录 — logging in with the CA lock: a one-time challenge, signed with the UKey's private key
 * (by the station, the PIN passed by reference, or by any PKCS#11 client), verified against the
 * certificate, the CA, revocation and an active binding; the answer is a session like a password login.
 */
import { randomBytes, verify, X509Certificate } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { msg } from '../../domain/text';
import { sha256 } from '../../platform/seal';
import { certificateBytes, checkCertificate } from '../certificates';
import { ApiError, fieldError, invalid } from '../errors';
import { SESSION_COOKIE } from '../plugins/auth';
import { openSession } from '../repos/sessions';
import { userView } from '../repos/users';
import { errors, NoFields, noBodyIsEmpty, perMinute, Rule } from '../schemas';
import { callStation } from '../stations';
import { UserSchema } from './auth';

/** How long a challenge may be answered. */
const CHALLENGE_TTL_MS = 2 * 60_000;
/** How long a PIN reference lives (it is used once). */
const PIN_TTL_MS = 2 * 60_000;

const PinBody = Type.Object({ pin: Type.String({ minLength: 4, maxLength: 32 }) }, { additionalProperties: false });
const SignParams = Type.Object({ id: Type.String({ maxLength: 64 }), serial: Type.String({ maxLength: 64 }) });
const SignBody = Type.Object(
  { challenge: Type.String({ minLength: 1, maxLength: 200 }), pinRef: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
const LoginBody = Type.Object(
  {
    nonce: Type.String({ minLength: 1, maxLength: 200 }),
    certificate: Type.String({ minLength: 1, maxLength: 20_000, description: 'base64 DER or PEM' }),
    signature: Rule(
      {
        minLength: 1,
        maxLength: 2_000,
        pattern: '^[A-Za-z0-9+/]+={0,2}$',
        description: 'base64 RSA-SHA256 (PKCS#1 v1.5) signature of the nonce’s UTF-8 bytes',
      },
      '签名应为 base64 编码',
      'must be base64',
    ),
  },
  { additionalProperties: false },
);

function loginRefused(code: string, zh: string, en: string): ApiError {
  return new ApiError(401, code, msg(`CA 锁登录失败：${zh}`, `CA-lock login refused: ${en}`));
}

export default async function caLoginRoutes(app: FastifyInstance) {
  const limit = perMinute(app, 30);

  app.post(
    '/api/v1/auth/ca/challenge',
    {
      config: { access: 'public', rateLimit: limit },
      preValidation: noBodyIsEmpty,
      schema: {
        tags: ['auth'],
        summary: 'A one-time challenge (nonce) to sign with the UKey',
        body: NoFields,
        response: { 200: Type.Object({ nonce: Type.String(), expiresAt: Type.String() }), ...errors(400, 429) },
      },
    },
    async () => {
      const nonce = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + CHALLENGE_TTL_MS);
      await app.db
        .insertInto('ca_login_challenges')
        .values({ nonce_hash: sha256(nonce), expires_at: expiresAt })
        .execute();
      await app.db
        .deleteFrom('ca_login_challenges')
        .where('expires_at', '<', new Date(Date.now() - 86_400_000))
        .execute();
      return { nonce, expiresAt: expiresAt.toISOString() };
    },
  );

  app.post<{ Body: Static<typeof PinBody> }>(
    '/api/v1/token-pins',
    {
      config: { access: 'public', rateLimit: limit },
      schema: {
        tags: ['auth'],
        summary:
          'Deposit a UKey PIN for one station operation; answers its reference (the PIN itself goes nowhere else)',
        body: PinBody,
        response: errors(400, 429),
      },
    },
    async (request, reply) => {
      const ref = await app.secrets.put(request.body.pin, 'token-pin', PIN_TTL_MS);
      return reply
        .code(201)
        .send({ pinRef: ref.secretRef, expiresAt: new Date(Date.now() + PIN_TTL_MS).toISOString() });
    },
  );

  app.post<{ Params: Static<typeof SignParams>; Body: Static<typeof SignBody> }>(
    '/api/v1/stations/:id/tokens/:serial/sign',
    {
      config: { access: 'public', rateLimit: limit },
      schema: {
        tags: ['auth'],
        summary: 'Sign a login challenge with the UKey in a station (PIN by reference from /token-pins)',
        params: SignParams,
        body: SignBody,
        response: {
          200: Type.Object({ signature: Type.String(), certificate: Type.String() }),
          ...errors(400, 404, 409, 429),
        },
      },
    },
    async (request) => {
      // The station signs login challenges only, never other data in the token holder's name.
      const issued = await app.db
        .selectFrom('ca_login_challenges')
        .select('nonce_hash')
        .where('nonce_hash', '=', sha256(request.body.challenge))
        .where('used_at', 'is', null)
        .where('expires_at', '>', new Date())
        .executeTakeFirst();
      if (!issued)
        throw invalid([
          fieldError(
            'challenge',
            'not_issued',
            '只能签名由 /auth/ca/challenge 取得且未使用、未过期的挑战码',
            'only a challenge from /auth/ca/challenge, unused and unexpired, can be signed',
          ),
        ]);
      return callStation<{ signature: string; certificate: string }>(app, request.params.id, {
        op: 'signChallenge',
        tokenSerial: request.params.serial,
        pin: { secretRef: request.body.pinRef },
        challenge: Buffer.from(request.body.challenge, 'utf8').toString('base64'),
      });
    },
  );

  app.post<{ Body: Static<typeof LoginBody> }>(
    '/api/v1/auth/ca/login',
    {
      config: { access: 'public', rateLimit: limit },
      schema: {
        tags: ['auth'],
        summary: '使用CA锁登录 — log in with a signed challenge and the UKey’s certificate',
        body: LoginBody,
        response: {
          200: Type.Object({ token: Type.String(), expiresAt: Type.String(), user: UserSchema }),
          ...errors(400, 401, 429),
        },
      },
    },
    async (request, reply) => {
      const { nonce, signature } = request.body;
      const der = certificateBytes(request.body.certificate);
      if (!der || der.length === 0)
        throw invalid([
          fieldError('certificate', 'invalid', '证书格式不正确（base64 DER 或 PEM）', 'must be base64 DER or PEM'),
        ]);
      // The challenge is used up by this attempt, whatever its outcome.
      const used = await app.db
        .updateTable('ca_login_challenges')
        .set({ used_at: new Date() })
        .where('nonce_hash', '=', sha256(nonce))
        .where('used_at', 'is', null)
        .returning('expires_at')
        .executeTakeFirst();
      if (!used) {
        const seen = await app.db
          .selectFrom('ca_login_challenges')
          .select('nonce_hash')
          .where('nonce_hash', '=', sha256(nonce))
          .executeTakeFirst();
        throw seen
          ? loginRefused('NONCE_USED', '该挑战码已使用过', 'this challenge was already used')
          : loginRefused('NONCE_UNKNOWN', '挑战码无效', 'unknown challenge');
      }
      if (used.expires_at.getTime() < Date.now())
        throw loginRefused('NONCE_EXPIRED', '挑战码已过期', 'the challenge has expired');

      const checked = await checkCertificate(app, der);
      if ('refused' in checked)
        throw new ApiError(
          401,
          checked.refused.code,
          msg(`CA 锁登录失败：${checked.refused.message.zh}`, `CA-lock login refused: ${checked.refused.message.en}`),
        );
      const signed = verify(
        'sha256',
        Buffer.from(nonce, 'utf8'),
        new X509Certificate(der).publicKey,
        Buffer.from(signature, 'base64'),
      );
      if (!signed)
        throw loginRefused('SIGNATURE_INVALID', '签名与证书不符', 'the signature does not match the certificate');

      const binding = await app.db
        .selectFrom('ca_bindings')
        .select(['enterprise_id'])
        .where('certificate_serial', '=', checked.summary.serialHex)
        .where('active', '=', true)
        .where('change', '=', 'add')
        .executeTakeFirst();
      if (!binding)
        throw loginRefused(
          'NOT_BOUND',
          '该 CA 锁未绑定或绑定未生效',
          'the CA lock is not bound to an account (or the binding is not in force)',
        );
      const user = await app.db
        .selectFrom('users')
        .selectAll()
        .where('enterprise_id', '=', binding.enterprise_id)
        .where('kind', '=', 'applicant')
        .where('status', '=', 'active')
        .orderBy('created_at')
        .executeTakeFirst();
      if (!user) throw loginRefused('NO_ACCOUNT', '企业账号不可用', 'the enterprise has no active account');
      const session = await openSession(app.db, user.id, app.config.auth.sessionTtlMs, 'ca-lock');
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: app.config.nodeEnv === 'production',
        expires: session.expiresAt,
      });
      request.log.info({ userId: user.id, certificate: checked.summary.serialHex }, 'signed in with the CA lock');
      return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: userView(user) };
    },
  );
}
