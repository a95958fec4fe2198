/** Sign-in: captcha, password login with lock-out, logout, and who am I. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { msg, fieldProblem } from '../../domain/text';
import type { Db } from '../../platform/db';
import { DUMMY_HASH, verifyPassword } from '../../platform/passwords';
import { sha256 } from '../../platform/seal';
import { ApiError, invalid } from '../errors';
import { SESSION_COOKIE } from '../plugins/auth';
import { openSession, revokeSession } from '../repos/sessions';
import { findUserByLogin, userView } from '../repos/users';
import { fixedCaptcha, normaliseCaptchaAnswer } from '../captcha';
import { perMinute } from '../route-options';
import { CaptchaSchema, LoginBody, SessionSchema, UserSchema } from '../schemas/auth';
import { errors, NoContent } from '../schemas/common';

/** Checks and uses up a captcha (one attempt per captcha). */
async function consumeCaptcha(db: Db, id: string, answer: string): Promise<boolean> {
  const row = await db
    .deleteFrom('captchas')
    .where('id', '=', id)
    .returning(['answer_hash', 'expires_at'])
    .executeTakeFirst();
  return !!row && row.expires_at.getTime() > Date.now() && row.answer_hash === sha256(normaliseCaptchaAnswer(answer));
}

/** Refuses a login name that is locked after too many failures. */
async function assertNotLocked(db: Db, loginKey: string): Promise<void> {
  const row = await db
    .selectFrom('login_failures')
    .select('locked_until')
    .where('login_key', '=', loginKey)
    .executeTakeFirst();
  const until = row?.locked_until?.getTime() ?? 0;
  if (until > Date.now()) {
    const seconds = Math.ceil((until - Date.now()) / 1000);
    throw new ApiError(
      429,
      'LOGIN_LOCKED',
      msg(
        `登录失败次数过多，请 ${Math.ceil(seconds / 60)} 分钟后再试`,
        `Too many failed sign-ins; try again in ${Math.ceil(seconds / 60)} minutes`,
      ),
      undefined,
      {
        'retry-after': String(seconds),
      },
    );
  }
}

/** Counts a failed login; locks the name once `max` failures fall within the lock window. */
async function recordFailure(db: Db, loginKey: string, max: number, lockMs: number): Promise<void> {
  const now = new Date();
  const windowStart = new Date(now.getTime() - lockMs);
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('login_failures')
      .selectAll()
      .where('login_key', '=', loginKey)
      .forUpdate()
      .executeTakeFirst();
    const fresh = !row || row.first_failed_at < windowStart;
    const failures = fresh ? 1 : row.failures + 1;
    const values = {
      failures,
      first_failed_at: fresh ? now : row.first_failed_at,
      locked_until: failures >= max ? new Date(now.getTime() + lockMs) : null,
    };
    if (row) await trx.updateTable('login_failures').set(values).where('login_key', '=', loginKey).execute();
    else
      await trx
        .insertInto('login_failures')
        .values({ login_key: loginKey, ...values })
        .execute();
  });
}

function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
}

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { auth } = app.config;
  const ipLimit = perMinute(app, 30);

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
      await app.db
        .insertInto('captchas')
        .values({ id, answer_hash: sha256(normaliseCaptchaAnswer(drawn.text)), expires_at: expiresAt })
        .execute();
      await app.db.deleteFrom('captchas').where('expires_at', '<', new Date()).execute();
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
        response: {
          200: SessionSchema,
          ...errors(400, 401, 403, 429),
        },
      },
    },
    async (request, reply) => {
      const { loginName, password, captchaId, captcha } = request.body;
      const loginKey = loginName.trim().toLowerCase();
      await assertNotLocked(app.db, loginKey);
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
        await recordFailure(app.db, loginKey, auth.loginMaxFailures, auth.loginLockMs);
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
      await app.db.deleteFrom('login_failures').where('login_key', '=', loginKey).execute();
      const session = await openSession(app.db, user.id, auth.sessionTtlMs);
      setSessionCookie(reply, session.token, session.expiresAt, app.config.nodeEnv === 'production');
      request.log.info({ userId: user.id }, 'signed in');
      return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: userView(user) };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'End this session', response: { 204: NoContent, ...errors(401) } },
    },
    async (request, reply) => {
      if (request.sessionToken) await revokeSession(app.db, request.sessionToken);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: UserSchema, ...errors(401) } },
    },
    async (request) => userView(request.user!),
  );
};

export default authRoutes;
