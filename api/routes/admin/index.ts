/** Staff management for admins: create, list, change roles or status. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Role } from '../../../domain/roles';
import { fieldProblem, msg } from '../../../domain/text';
import { staffPasswordProblems } from '../../../domain/validators';
import { hashPassword } from '../../../platform/passwords';
import { decodeCursor, encodeCursor } from '../../cursor';
import { conflict, invalid, notFound } from '../../errors';
import { revokeAllSessions } from '../../repos/sessions';
import {
  changeStaffUser,
  createStaffUser,
  findUserById,
  listUsers,
  otherActiveAdmins,
  userView,
} from '../../repos/users';
import { ChangeStaffBody, CreateStaffBody, UserListQuery } from '../../schemas/admin';
import { UserSchema } from '../../schemas/auth';
import { errors, IdParams, ListOf } from '../../schemas/common';

const adminUserRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const access = ['admin'] as const;

  app.post(
    '/api/v1/admin/users',
    {
      config: { access },
      schema: {
        tags: ['admin'],
        summary: 'Create a staff user',
        body: CreateStaffBody,
        response: { 201: UserSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const problems = staffPasswordProblems(body.password, body.loginName);
      if (problems.length) throw invalid(problems);
      const user = await createStaffUser(app.db, { ...body, roles: body.roles as Role[] });
      if (!user) {
        throw conflict('LOGIN_NAME_TAKEN', msg('登录名已被使用', 'The login name is taken'), [
          fieldProblem('loginName', 'taken', '登录名已被使用', 'is already taken'),
        ]);
      }
      request.log.info({ userId: user.id, roles: user.roles }, 'staff user created');
      return reply.code(201).send(userView(user));
    },
  );

  app.get(
    '/api/v1/admin/users',
    {
      config: { access },
      schema: {
        tags: ['admin'],
        summary: 'List users',
        querystring: UserListQuery,
        response: { 200: ListOf(UserSchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { limit = 20, cursor, role, kind } = request.query;
      const after = decodeCursor(cursor, ['text', 'text']);
      const rows = await listUsers(app.db, { role, kind, after, limit: limit + 1 });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(userView),
        nextCursor: rows.length > limit && last ? encodeCursor([last.login_name.toLowerCase(), last.id]) : null,
      };
    },
  );

  app.patch(
    '/api/v1/admin/users/:id',
    {
      config: { access },
      schema: {
        tags: ['admin'],
        summary: 'Change a staff user',
        params: IdParams,
        body: ChangeStaffBody,
        response: { 200: UserSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const user = await findUserById(app.db, request.params.id);
      if (!user || user.kind !== 'staff') throw notFound(msg('用户不存在', 'No such staff user'));
      const { password, ...change } = request.body;
      if (password) {
        const problems = staffPasswordProblems(password, user.login_name);
        if (problems.length) throw invalid(problems);
      }
      const losesAdmin =
        user.roles.includes('admin') &&
        ((change.roles && !change.roles.includes('admin')) || change.status === 'disabled');
      const passwordHash = password !== undefined ? await hashPassword(password) : undefined;
      const updated = await app.db.transaction().execute(async (trx) => {
        if (losesAdmin && (await otherActiveAdmins(trx, user.id)) === 0) {
          throw conflict(
            'LAST_ADMIN',
            msg('不能停用或降级最后一位管理员', 'The last active admin cannot be disabled or lose the admin role'),
          );
        }
        const row = await changeStaffUser(trx, user.id, { ...change, passwordHash });
        if (change.status === 'disabled' || password !== undefined) await revokeAllSessions(trx, user.id);
        return row;
      });
      request.log.info(
        { userId: user.id, changed: Object.keys(request.body).filter((k) => k !== 'password') },
        'staff user changed',
      );
      return userView(updated);
    },
  );
};

export default adminUserRoutes;
