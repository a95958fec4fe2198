/**
 * 使用CA锁登录 — logging in with the CA lock: a one-time challenge, signed with the UKey's private key at
 * the machine the UKey is plugged into (the signing agent, agent/, where the PIN is typed; or any PKCS#11
 * client), verified against the certificate, the CA, revocation and an active binding; the answer is a
 * session like a password login. This server never sees a PIN: it holds no route that takes one.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { randomBytes, verify, X509Certificate } from 'node:crypto';
import { CHALLENGE_BYTES, caLockLoginMessage, webOrigin } from '../../../contracts/ca-lock';
import { fieldProblem, msg } from '../../../domain/text';
import { certificateBytes, checkCertificate } from '../../certificate-check';
import { ApiError, invalid } from '../../errors';
import { setSessionCookie } from '../../plugins/auth';
import { enterpriseAccount, enterpriseBoundTo, storeChallenge, useChallenge } from '../../repos/ca-lock';
import { openSession } from '../../repos/sessions';
import { userView } from '../../repos/users';
import { noBodyIsEmpty, perMinute } from '../../route-options';
import { AgentLocationSchema, CaLoginBody, ChallengeSchema, SessionSchema } from '../../schemas/auth';
import { errors, NoFields } from '../../schemas/common';

/** How long a challenge may be answered. */
const CHALLENGE_TTL_MS = 2 * 60_000;

function loginRefused(code: string, zh: string, en: string): ApiError {
  return new ApiError(401, code, msg(`CA 锁登录失败：${zh}`, `CA-lock login refused: ${en}`));
}

const caLockRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const limit = perMinute(app, 30);
  /** The origin a login signature must name: the product's own (PUBLIC_URL). */
  const origin = webOrigin(app.config.http.publicUrl);

  app.get(
    '/api/v1/auth/ca/agent',
    {
      config: { access: 'public', rateLimit: limit },
      schema: {
        tags: ['auth'],
        summary: 'Where the browser reaches the UKey signing agent (its loopback address), for 使用CA锁登录',
        response: { 200: AgentLocationSchema, ...errors(429) },
      },
    },
    async () => ({ agentUrl: app.config.auth.caAgentUrl }),
  );

  app.post(
    '/api/v1/auth/ca/challenge',
    {
      config: { access: 'public', rateLimit: limit },
      preValidation: noBodyIsEmpty,
      schema: {
        tags: ['auth'],
        summary: 'A one-time challenge (nonce) to sign with the UKey, and the exact message a UKey signs to answer it',
        body: NoFields,
        response: { 200: ChallengeSchema, ...errors(400, 429) },
      },
    },
    async () => {
      const nonce = randomBytes(CHALLENGE_BYTES).toString('base64url');
      const expiresAt = new Date(Date.now() + CHALLENGE_TTL_MS);
      await storeChallenge(app.db, nonce, expiresAt);
      return { nonce, expiresAt: expiresAt.toISOString(), message: caLockLoginMessage(origin, nonce) };
    },
  );

  app.post(
    '/api/v1/auth/ca/login',
    {
      config: { access: 'public', rateLimit: limit },
      schema: {
        tags: ['auth'],
        summary: '使用CA锁登录 — log in with a signed challenge and the UKey’s certificate',
        body: CaLoginBody,
        response: { 200: SessionSchema, ...errors(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { nonce, signature } = request.body;
      const der = certificateBytes(request.body.certificate);
      if (!der || der.length === 0)
        throw invalid([
          fieldProblem('certificate', 'invalid', '证书格式不正确（base64 DER 或 PEM）', 'must be base64 DER or PEM'),
        ]);
      // The challenge is used up by this attempt, whatever its outcome.
      const expiresAt = await useChallenge(app.db, nonce);
      if (expiresAt === 'used') throw loginRefused('NONCE_USED', '该挑战码已使用过', 'this challenge was already used');
      if (expiresAt === 'unknown') throw loginRefused('NONCE_UNKNOWN', '挑战码无效', 'unknown challenge');
      if (expiresAt.getTime() < Date.now())
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
        Buffer.from(caLockLoginMessage(origin, nonce), 'utf8'),
        new X509Certificate(der).publicKey,
        Buffer.from(signature, 'base64'),
      );
      if (!signed)
        throw loginRefused('SIGNATURE_INVALID', '签名与证书不符', 'the signature does not match the certificate');

      const enterpriseId = await enterpriseBoundTo(app.db, checked.summary.serialHex);
      if (!enterpriseId)
        throw loginRefused(
          'NOT_BOUND',
          '该 CA 锁未绑定或绑定未生效',
          'the CA lock is not bound to an account (or the binding is not in force)',
        );
      const user = await enterpriseAccount(app.db, enterpriseId);
      if (!user) throw loginRefused('NO_ACCOUNT', '企业账号不可用', 'the enterprise has no active account');
      const session = await openSession(app.db, user.id, app.config.auth.sessionTtlMs, 'ca-lock');
      setSessionCookie(request, reply, session);
      request.log.info({ userId: user.id, certificate: checked.summary.serialHex }, 'signed in with the CA lock');
      return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: userView(user) };
    },
  );
};

export default caLockRoutes;
