/**
 * Password sign-in: a captcha, then login name, password and captcha. Wrong passwords slow down and then
 * lock out the source that makes them, on that login name only (domain/login-throttle.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import { fieldProblem, msg } from '../../../domain/text';
import { DUMMY_HASH, verifyPassword } from '../../../platform/passwords';
import { fixedCaptcha } from '../../captcha';
import { ApiError, invalid } from '../../errors';
import { lockedOut } from '../../login-lockout';
import { setSessionCookie } from '../../plugins/auth';
import {
  clearSourceFailures,
  consumeCaptcha,
  loginDelayedUntil,
  recordLoginFailure,
  storeCaptcha,
} from '../../repos/login';
import { openSession } from '../../repos/sessions';
import { findUserByLogin, userView } from '../../repos/users';
import { perMinute } from '../../route-options';
import { CaptchaSchema, LoginBody, SessionSchema } from '../../schemas/auth';
import { errors } from '../../schemas/common';

const passwordLoginRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { auth } = app.config;
  const ipLimit = perMinute(app, 30);
  const throttle = { maxFailures: auth.loginMaxFailures, lockMs: auth.loginLockMs };

  app.get(
    '/api/v1/auth/captcha',
    {
      config: { access: 'public', rateLimit: ipLimit },
      schema: {
        tags: ['auth'],
        summary: 'A captcha to answer at sign-in (SVG as a data URL)',
        response: { 200: CaptchaSchema },
      },
    },
    async () => {
      const drawn = auth.captchaTestAnswer ? fixedCaptcha(auth.captchaTestAnswer) : app.captcha();
      const id = randomUUID();
      const expiresAt = new Date(Date.now() + auth.captchaTtlMs);
      await storeCaptcha(app.db, id, drawn.text, expiresAt);
      return {
        captchaId: id,
        image: `data:image/svg+xml;base64,${Buffer.from(drawn.svg).toString('base64')}`,
        expiresAt: expiresAt.toISOString(),
      };
    },
  );

  app.post(
    '/api/v1/auth/login',
    {
      config: { access: 'public', rateLimit: ipLimit },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with login name, password and captcha',
        body: LoginBody,
        response: { 200: SessionSchema, ...errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { loginName, password, captchaId, captcha } = request.body;
      const loginKey = loginName.trim().toLowerCase();
      const source = request.ip;
      const delayedUntil = await loginDelayedUntil(app.db, loginKey, source);
      if (delayedUntil && delayedUntil.getTime() > Date.now()) throw lockedOut(delayedUntil);
      if (!(await consumeCaptcha(app.db, captchaId, captcha))) {
        throw invalid([
          fieldProblem(
            'captcha',
            'captcha_mismatch',
            '验证码错误或已过期，请重新获取',
            'The captcha answer is wrong or expired; get a new one',
          ),
        ]);
      }
      const user = await findUserByLogin(app.db, loginName);
      const passwordOk = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
      if (!user || !passwordOk) {
        await recordLoginFailure(app.db, loginKey, source, throttle);
        throw new ApiError(401, 'INVALID_CREDENTIALS', msg('用户名或密码错误', 'Wrong login name or password'));
      }
      if (user.status === 'pending_activation') {
        throw new ApiError(
          403,
          'ACCOUNT_NOT_ACTIVATED',
          msg(
            '账号尚未激活，请先通过邮件或短信中的链接激活',
            'The account is not activated yet; use the link sent by email or SMS',
          ),
        );
      }
      if (user.status !== 'active')
        throw new ApiError(403, 'ACCOUNT_DISABLED', msg('账号已停用', 'The account is disabled'));
      await clearSourceFailures(app.db, loginKey, source);
      const session = await openSession(app.db, user.id, auth.sessionTtlMs);
      setSessionCookie(request, reply, session);
      request.log.info({ userId: user.id }, 'signed in');
      return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: userView(user) };
    },
  );
};

export default passwordLoginRoutes;
