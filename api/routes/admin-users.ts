/** Staff management for admins: create, list, change roles or status. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import type { Role } from '../../domain/roles';
import { msg, fieldProblem } from '../../domain/text';
import { staffPasswordProblems } from '../../domain/validators';
import { hashPassword } from '../../platform/passwords';
import { decodeCursor, encodeCursor } from '../cursor';
import { conflict, invalid, notFound } from '../errors';
import { createStaffUser, findUserById, userView } from '../repos/users';
import { ChangeStaffBody, CreateStaffBody, UserListQuery } from '../schemas/admin';
import { UserSchema } from '../schemas/auth';
import { errors, IdParams, ListOf } from '../schemas/common';

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
      const b = request.body;
      const problems = staffPasswordProblems(b.password, b.loginName);
      if (problems.length) throw invalid(problems);
      const user = await createStaffUser(app.db, { ...b, roles: b.roles as Role[] });
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
      const after = decodeCursor(cursor, 2) as [string, string] | null;
      let q = app.db.selectFrom('users').selectAll();
      if (role) q = q.where(sql<boolean>`${role} = any(roles)`);
      if (kind) q = q.where('kind', '=', kind);
      if (after) q = q.where(sql<boolean>`(lower(login_name), id) > (${after[0]}, ${after[1]})`);
      const rows = await q
        .orderBy(sql`lower(login_name)`)
        .orderBy('id')
        .limit(limit + 1)
        .execute();
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
      const b = request.body;
      if (b.password) {
        const problems = staffPasswordProblems(b.password, user.login_name);
        if (problems.length) throw invalid(problems);
      }
      const losesAdmin =
        user.roles.includes('admin') && ((b.roles && !b.roles.includes('admin')) || b.status === 'disabled');
      const passwordHash = b.password !== undefined ? await hashPassword(b.password) : undefined;
      const updated = await app.db.transaction().execute(async (trx) => {
        if (losesAdmin) {
          const others = await trx
            .selectFrom('users')
            .select('id')
            .where(sql<boolean>`'admin' = any(roles)`)
            .where('status', '=', 'active')
            .where('id', '<>', user.id)
            .forUpdate()
            .execute();
          if (others.length === 0) {
            throw conflict(
              'LAST_ADMIN',
              msg('不能停用或降级最后一位管理员', 'The last active admin cannot be disabled or lose the admin role'),
            );
          }
        }
        const row = await trx
          .updateTable('users')
          .set({
            ...(b.displayName !== undefined ? { display_name: b.displayName } : {}),
            ...(b.roles !== undefined ? { roles: [...new Set(b.roles)] } : {}),
            ...(b.department !== undefined ? { department: b.department } : {}),
            ...(b.mobile !== undefined ? { mobile: b.mobile } : {}),
            ...(b.email !== undefined ? { email: b.email } : {}),
            ...(b.status !== undefined ? { status: b.status } : {}),
            ...(passwordHash !== undefined ? { password_hash: passwordHash } : {}),
            updated_at: new Date(),
          })
          .where('id', '=', user.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        if (b.status === 'disabled' || b.password !== undefined) {
          await trx
            .updateTable('sessions')
            .set({ revoked_at: new Date() })
            .where('user_id', '=', user.id)
            .where('revoked_at', 'is', null)
            .execute();
        }
        return row;
      });
      request.log.info(
        { userId: user.id, changed: Object.keys(b).filter((k) => k !== 'password') },
        'staff user changed',
      );
      return userView(updated);
    },
  );
};

export default adminUserRoutes;
