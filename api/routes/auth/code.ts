/**
 * Signing in with a one-time code (验证码登录): an activated account's mobile number or email address, a
 * captcha, then the 6-digit code sent there by SMS or email. The answer to a code request is the same
 * whether or not an account has the number, and the code is sent after the answer, so neither the answer
 * nor its timing tells; nothing is sent when no active account has it. Requests are limited per number or
 * address and per source; wrong codes count on the code (voided at the limit) and in the login throttle,
 * as wrong passwords do. The session is the one a password sign-in opens.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger } from 'fastify';
import { randomUUID } from 'node:crypto';
import { parseSignInAddress, type SignInAddress } from '../../../domain/sign-in-address';
import { fieldProblem, msg } from '../../../domain/text';
import type { Db } from '../../../platform/db';
import { ApiError, invalid } from '../../errors';
import { lockedOut } from '../../login-lockout';
import { setSessionCookie } from '../../plugins/auth';
import { clearSourceFailures, consumeCaptcha, loginDelayedUntil, recordLoginFailure } from '../../repos/login';
import { openSession } from '../../repos/sessions';
import {
  accountsAt,
  addressHash,
  issueSignInCode,
  lockSignInAddress,
  recordSignInCodeRequest,
  signInCodeWait,
  useSignInCode,
} from '../../repos/sign-in-codes';
import { findUserById, userView } from '../../repos/users';
import { perMinute } from '../../route-options';
import { CodeLoginBody, SessionSchema, SignInCodeRequestBody, SignInCodeSentSchema } from '../../schemas/auth';
import { errors } from '../../schemas/common';

/** The address typed, recognised, or a 400 naming the field. */
function addressOf(typed: string): SignInAddress {
  const address = parseSignInAddress(typed);
  if (!address)
    throw invalid([
      fieldProblem('address', 'invalid', '请输入手机号或邮箱地址', 'must be a mobile number or an email address'),
    ]);
  return address;
}

/** 429 while another code may not be asked for yet, saying how long. */
function tooSoon(seconds: number, why: 'source' | 'interval' | 'hourly'): ApiError {
  const wait =
    seconds >= 60
      ? msg(`${Math.ceil(seconds / 60)} 分钟`, `${Math.ceil(seconds / 60)} minutes`)
      : msg(`${seconds} 秒`, `${seconds} seconds`);
  const message =
    why === 'interval'
      ? msg(`请 ${wait.zh}后再获取验证码`, `Ask for another code in ${wait.en}`)
      : msg(`获取验证码过于频繁，请 ${wait.zh}后再试`, `Too many codes asked for; try again in ${wait.en}`);
  const fields = why === 'source' ? undefined : [{ field: 'address', code: 'too_soon', message }];
  return new ApiError(429, 'SIGN_IN_CODE_TOO_SOON', message, fields, { 'retry-after': String(seconds) });
}

const codeLoginRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { auth, secretStoreKey } = app.config;
  const settings = auth.signInCode;
  const ipLimit = perMinute(app, 30);
  const throttle = { maxFailures: auth.loginMaxFailures, lockMs: auth.loginLockMs };
  /** Codes being issued and sent after their request was answered; closing the app waits for them. */
  const deliveries = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.all(deliveries);
  });

  /** Issues and sends a code when exactly one active account has the address; sends nothing when none has. */
  async function deliver(db: Db, address: SignInAddress, log: FastifyBaseLogger): Promise<void> {
    const accounts = await accountsAt(db, address);
    if (accounts.length === 0) return;
    const to = (u: (typeof accounts)[number]) => (address.channel === 'sms' ? u.mobile : u.email) ?? address.value;
    if (accounts.length > 1) {
      await app.notifier.send({
        key: `sign-in-ambiguous:${randomUUID()}`,
        channel: address.channel,
        to: to(accounts[0]),
        template: 'auth.sign_in_code_ambiguous',
        params: {},
      });
      log.info({ channel: address.channel }, 'sign-in code refused: the address serves several accounts');
      return;
    }
    const [user] = accounts;
    const { id, code } = await issueSignInCode(db, secretStoreKey, user.id, address, settings.ttlMs);
    await app.notifier.send({
      key: `sign-in:${id}`,
      channel: address.channel,
      to: to(user),
      template: 'auth.sign_in_code',
      params: { code, minutes: String(Math.round(settings.ttlMs / 60_000)), loginName: user.login_name },
    });
    log.info({ userId: user.id, channel: address.channel }, 'sign-in code sent');
  }

  app.post(
    '/api/v1/auth/code',
    {
      config: { access: 'public', rateLimit: ipLimit },
      schema: {
        tags: ['auth'],
        summary:
          '获取验证码 — send a one-time sign-in code to an activated account’s mobile number or email (captcha first); the same answer whether or not an account has it',
        body: SignInCodeRequestBody,
        response: { 202: SignInCodeSentSchema, ...errors(400, 429) },
      },
    },
    async (request, reply) => {
      const { captchaId, captcha } = request.body;
      const address = addressOf(request.body.address);
      const hash = addressHash(secretStoreKey, address);
      const source = request.ip;
      const refusal = await app.db.transaction().execute(async (trx) => {
        await lockSignInAddress(trx, hash);
        const wait = await signInCodeWait(trx, hash, source, settings);
        if (wait) return tooSoon(wait.seconds, wait.why);
        if (!(await consumeCaptcha(trx, captchaId, captcha)))
          return invalid([
            fieldProblem(
              'captcha',
              'captcha_mismatch',
              '验证码错误或已过期，请重新获取',
              'The captcha answer is wrong or expired; get a new one',
            ),
          ]);
        await recordSignInCodeRequest(trx, hash, source);
        return null;
      });
      if (refusal) throw refusal;
      const log = request.log;
      const delivery = deliver(app.db, address, log).catch((err: Error) => {
        log.error({ channel: address.channel, error: err.message }, 'sign-in code not sent');
      });
      deliveries.add(delivery);
      void delivery.finally(() => deliveries.delete(delivery));
      return reply.code(202).send({
        expiresInSeconds: Math.round(settings.ttlMs / 1000),
        resendAfterSeconds: Math.round(settings.resendIntervalMs / 1000),
      });
    },
  );

  app.post(
    '/api/v1/auth/code/login',
    {
      config: { access: 'public', rateLimit: ipLimit },
      schema: {
        tags: ['auth'],
        summary: '验证码登录 — sign in with a mobile number or email and the one-time code sent there',
        body: CodeLoginBody,
        response: { 200: SessionSchema, ...errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const address = addressOf(request.body.address);
      // (failures are counted per number or address as per login name, under its keyed hash)
      const loginKey = `code:${addressHash(secretStoreKey, address).slice(0, 32)}`;
      const source = request.ip;
      const delayedUntil = await loginDelayedUntil(app.db, loginKey, source);
      if (delayedUntil && delayedUntil.getTime() > Date.now()) throw lockedOut(delayedUntil);
      const userId = await useSignInCode(app.db, secretStoreKey, address, request.body.code, settings.maxTries);
      if (!userId) {
        await recordLoginFailure(app.db, loginKey, source, throttle);
        const message = msg('验证码错误或已失效，请重新获取', 'The code is wrong, used or expired; get a new one');
        throw new ApiError(401, 'SIGN_IN_CODE_INVALID', message, [
          { field: 'code', code: 'sign_in_code_invalid', message },
        ]);
      }
      const user = await findUserById(app.db, userId);
      if (!user || user.status !== 'active')
        throw new ApiError(403, 'ACCOUNT_DISABLED', msg('账号已停用', 'The account is disabled'));
      await clearSourceFailures(app.db, loginKey, source);
      const session = await openSession(app.db, user.id, auth.sessionTtlMs);
      setSessionCookie(request, reply, session);
      request.log.info({ userId: user.id, channel: address.channel }, 'signed in with a one-time code');
      return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: userView(user) };
    },
  );
};

export default codeLoginRoutes;
