/** Enterprise accounts (guide 一.1–3): live checks, registration, activation, resend, forgotten password. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { msg, fieldProblem, type FieldProblem } from '../../../domain/text';
import { entityNameKey, LOGIN_NAME_PATTERN } from '../../../domain/validators';
import { hashPassword } from '../../../platform/passwords';
import { ApiError, conflict, invalid } from '../../errors';
import {
  accountMailWait,
  activateUser,
  entityNameFree,
  loginNameFree,
  registerAccount,
  sendAccountLink,
  setPassword,
  useAccountToken,
} from '../../repos/accounts';
import { clearLoginFailures } from '../../repos/login';
import { revokeAllSessions } from '../../repos/sessions';
import { findUserByLogin, loginNameOf } from '../../repos/users';
import { perMinute } from '../../route-options';
import {
  ActivatedSchema,
  AvailabilitySchema,
  ByLoginBody,
  CheckLoginBody,
  CheckNameBody,
  PasswordResetSchema,
  RegisteredSchema,
  RegisterBody,
  ResetPasswordBody,
  SentSchema,
  TokenBody,
} from '../../schemas/accounts';
import { errors } from '../../schemas/common';

/** Password rules beyond the pattern: confirmation matches, not the login name. */
function passwordProblems(chosen: { password: string; confirmPassword: string; loginName?: string }): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (chosen.confirmPassword !== chosen.password)
    out.push(fieldProblem('confirmPassword', 'mismatch', '两次输入的密码不一致', 'does not match the password'));
  if (chosen.loginName && chosen.password.toLowerCase() === chosen.loginName.toLowerCase())
    out.push(fieldProblem('password', 'same_as_login', '密码不能与登录名相同', 'must differ from the login name'));
  return out;
}

/** What is wrong with an emailed token, by its purpose: [zh, en]. */
const TOKEN_PROBLEMS = {
  activate: {
    invalid: ['激活链接或激活码无效', 'The activation link or code is not valid'],
    expired: ['激活链接已过期，请重新获取', 'The activation link has expired; ask for a new one'],
    used: ['激活链接已使用过', 'The activation link was already used'],
  },
  reset_password: {
    invalid: ['重置密码链接或重置码无效', 'The password reset link or code is not valid'],
    expired: ['重置密码链接已过期，请重新申请', 'The password reset link has expired; ask for a new one'],
    used: ['重置密码链接已使用过', 'The password reset link was already used'],
  },
} as const;

const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { accounts } = app.config;
  const checkLimit = perMinute(app, 60);
  const mailDeps = { db: app.db, notifier: app.notifier, publicUrl: app.config.http.publicUrl };

  app.post(
    '/api/v1/accounts/check-name',
    {
      config: { access: 'public', rateLimit: checkLimit },
      schema: {
        tags: ['accounts'],
        summary: '检测主体名称 — is the entity name free?',
        body: CheckNameBody,
        response: { 200: AvailabilitySchema, ...errors(400, 429) },
      },
    },
    async (request) =>
      (await entityNameFree(app.db, request.body.entityName))
        ? { available: true }
        : { available: false, reason: msg('该主体名称已注册', 'This entity name is already registered') },
  );

  app.post(
    '/api/v1/accounts/check-login',
    {
      config: { access: 'public', rateLimit: checkLimit },
      schema: {
        tags: ['accounts'],
        summary: '检测登录名 — is the login name valid and free?',
        body: CheckLoginBody,
        response: { 200: AvailabilitySchema, ...errors(400, 429) },
      },
    },
    async (request) => {
      const { loginName } = request.body;
      if (!new RegExp(LOGIN_NAME_PATTERN).test(loginName)) {
        return {
          available: false,
          reason: msg(
            '登录名长度 6–15 位，可用英文字母、数字及 _ . - @',
            'A login name has 6–15 letters, digits or _ . - @',
          ),
        };
      }
      return (await loginNameFree(app.db, loginName))
        ? { available: true }
        : { available: false, reason: msg('该登录名已被使用', 'This login name is taken') };
    },
  );

  app.post(
    '/api/v1/accounts',
    {
      config: { access: 'public', rateLimit: perMinute(app, 20) },
      schema: {
        tags: ['accounts'],
        summary: '马上注册 — register an enterprise account (activation link sent by email and SMS)',
        body: RegisterBody,
        response: {
          201: RegisteredSchema,
          ...errors(400, 409, 429),
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const problems = passwordProblems(body);
      if (entityNameKey(body.entityName).length < 2)
        problems.push(fieldProblem('entityName', 'minLength', '主体名称过短', 'is too short'));
      if (body.contactName.trim() === '')
        problems.push(
          fieldProblem('contactName', 'required', '请填写联系人姓名', 'the contact person’s name is required'),
        );
      if (problems.length) throw invalid(problems);
      const created = await registerAccount(app.db, body);
      if ('taken' in created) {
        const field = created.taken!;
        throw conflict(
          field === 'loginName' ? 'LOGIN_NAME_TAKEN' : 'ENTITY_NAME_TAKEN',
          msg('已被注册', 'Already registered'),
          [
            field === 'loginName'
              ? fieldProblem('loginName', 'taken', '该登录名已被使用', 'is already taken')
              : fieldProblem('entityName', 'taken', '该主体名称已注册', 'is already registered'),
          ],
        );
      }
      await sendAccountLink(mailDeps, created.user, 'activate', accounts.activationTtlMs);
      request.log.info({ userId: created.user.id, enterpriseId: created.enterpriseId }, 'account registered');
      return reply.code(201).send({
        id: created.user.id,
        enterpriseId: created.enterpriseId,
        loginName: created.user.login_name,
        entityName: created.entityName,
        status: 'pending_activation' as const,
      });
    },
  );

  app.post(
    '/api/v1/accounts/activate',
    {
      config: { access: 'public', rateLimit: perMinute(app, 30) },
      schema: {
        tags: ['accounts'],
        summary: 'Activate an account with the emailed link or code',
        body: TokenBody,
        response: {
          200: ActivatedSchema,
          ...errors(400, 429),
        },
      },
    },
    async (request) => {
      const used = await useAccountToken(app.db, request.body.token, 'activate', activateUser);
      if ('problem' in used) {
        const [zh, en] = TOKEN_PROBLEMS.activate[used.problem];
        throw invalid([fieldProblem('token', `${used.problem}_token`, zh, en)]);
      }
      return { activated: true as const, loginName: await loginNameOf(app.db, used.userId) };
    },
  );

  app.post(
    '/api/v1/accounts/activation/resend',
    {
      config: { access: 'public', rateLimit: perMinute(app, 10) },
      schema: {
        tags: ['accounts'],
        summary: 'Send the activation link again (rate-limited)',
        body: ByLoginBody,
        response: { 202: SentSchema, ...errors(400, 429) },
      },
    },
    async (request, reply) => {
      const user = await findUserByLogin(app.db, request.body.loginName);
      // The answer does not tell whether such an account exists.
      if (user?.status === 'pending_activation') {
        const wait = await accountMailWait(
          app.db,
          user.id,
          'activate',
          accounts.resendIntervalMs,
          accounts.resendPerDay,
        );
        if (wait > 0) throw tooSoon(wait);
        await sendAccountLink(mailDeps, user, 'activate', accounts.activationTtlMs);
      }
      return reply.code(202).send({ sent: true });
    },
  );

  app.post(
    '/api/v1/accounts/password/forgot',
    {
      config: { access: 'public', rateLimit: perMinute(app, 10) },
      schema: {
        tags: ['accounts'],
        summary: '忘记密码 — email a one-time reset link',
        body: ByLoginBody,
        response: { 202: SentSchema, ...errors(400, 429) },
      },
    },
    async (request, reply) => {
      const user = await findUserByLogin(app.db, request.body.loginName);
      if (user && user.kind === 'applicant' && user.status !== 'disabled') {
        const wait = await accountMailWait(
          app.db,
          user.id,
          'reset_password',
          accounts.resendIntervalMs,
          accounts.resendPerDay,
        );
        if (wait > 0) throw tooSoon(wait);
        await sendAccountLink(mailDeps, user, 'reset_password', accounts.resetTtlMs);
      }
      return reply.code(202).send({ sent: true });
    },
  );

  app.post(
    '/api/v1/accounts/password/reset',
    {
      config: { access: 'public', rateLimit: perMinute(app, 30) },
      schema: {
        tags: ['accounts'],
        summary: 'Set a new password with the emailed link or code',
        body: ResetPasswordBody,
        response: { 200: PasswordResetSchema, ...errors(400, 429) },
      },
    },
    async (request) => {
      const body = request.body;
      const problems = passwordProblems(body);
      if (problems.length) throw invalid(problems);
      const passwordHash = await hashPassword(body.password);
      // (a refusal inside rolls the transaction back: the token stays unused)
      const used = await useAccountToken(app.db, body.token, 'reset_password', async (trx, userId) => {
        const loginName = await loginNameOf(trx, userId);
        if (loginName.toLowerCase() === body.password.toLowerCase())
          throw invalid([
            fieldProblem('password', 'same_as_login', '密码不能与登录名相同', 'must differ from the login name'),
          ]);
        await setPassword(trx, userId, passwordHash);
        await revokeAllSessions(trx, userId);
        await clearLoginFailures(trx, loginName.toLowerCase());
      });
      if ('problem' in used) {
        const [zh, en] = TOKEN_PROBLEMS.reset_password[used.problem];
        throw invalid([fieldProblem('token', `${used.problem}_token`, zh, en)]);
      }
      return { reset: true as const, loginName: await loginNameOf(app.db, used.userId) };
    },
  );
};

export default accountRoutes;

function tooSoon(seconds: number): ApiError {
  return new ApiError(
    429,
    'TOO_SOON',
    msg(`发送过于频繁，请 ${seconds} 秒后再试`, `Sent recently; try again in ${seconds} seconds`),
    [fieldProblem('loginName', 'too_soon', '发送过于频繁', 'a message was sent recently')],
    {
      'retry-after': String(seconds),
    },
  );
}
