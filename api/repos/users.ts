/** Users: lookups, creation and the bootstrap admin. Functions take `db` or a transaction. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../contracts/tasks';
import type { Role } from '../../domain/roles';
import type { Db } from '../../platform/db';
import type { UserRow } from '../../platform/db/schema';
import { hashPassword } from '../../platform/passwords';
import type { UserView } from '../schemas/auth';

/** The public view of a user row. */
export function userView(u: UserRow): UserView {
  return {
    id: u.id,
    loginName: u.login_name,
    displayName: u.display_name,
    kind: u.kind,
    roles: u.roles as Role[],
    enterpriseId: u.enterprise_id,
    department: u.department,
    mobile: u.mobile,
    email: u.email,
    status: u.status,
    createdAt: u.created_at.toISOString(),
  };
}

/** The actor (as the workflows see it) for a user row. */
export function actorOf(
  u: Pick<UserRow, 'id' | 'login_name' | 'display_name' | 'roles' | 'enterprise_id' | 'department'>,
): Actor {
  return {
    userId: u.id,
    loginName: u.login_name,
    displayName: u.display_name,
    roles: u.roles as Role[],
    enterpriseId: u.enterprise_id,
    department: u.department,
  };
}

/** Finds a user by login name, case-insensitively. */
export async function findUserByLogin(db: Db, loginName: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql<string>`lower(login_name)`, '=', loginName.trim().toLowerCase())
    .executeTakeFirst();
}

/** Finds a user by ID. */
export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** What it takes to create a staff user. */
export interface NewStaff {
  loginName: string;
  password: string;
  displayName: string;
  roles: Role[];
  department?: string | null;
  mobile?: string | null;
  email?: string | null;
}

/** Creates an active staff user; returns `null` if the login name is taken. */
export async function createStaffUser(db: Db, s: NewStaff): Promise<UserRow | null> {
  const row = await db
    .insertInto('users')
    .values({
      id: randomUUID(),
      login_name: s.loginName.trim(),
      display_name: s.displayName.trim(),
      password_hash: await hashPassword(s.password),
      kind: 'staff',
      roles: [...new Set(s.roles)],
      department: s.department ?? null,
      mobile: s.mobile ?? null,
      email: s.email ?? null,
      status: 'active',
    })
    .onConflict((oc) => oc.expression(sql`lower(login_name)`).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/** Creates the first admin from the bootstrap settings when no admin exists; returns it if created. */
export async function ensureBootstrapAdmin(
  db: Db,
  login: string | null,
  password: string | null,
): Promise<UserRow | null> {
  if (!login || !password) return null;
  const admin = await db
    .selectFrom('users')
    .select('id')
    .where(sql<boolean>`'admin' = any(roles)`)
    .executeTakeFirst();
  if (admin) return null;
  return createStaffUser(db, {
    loginName: login,
    password,
    displayName: '系统管理员 Administrator',
    roles: ['admin', 'operator'],
  });
}

/** A user's login name. */
export async function loginNameOf(db: Db, userId: string): Promise<string> {
  return (await db.selectFrom('users').select('login_name').where('id', '=', userId).executeTakeFirstOrThrow())
    .login_name;
}

/** Users by login name (case-insensitive), keyset-paginated on (lower(login_name), id). */
export async function listUsers(
  db: Db,
  f: { role?: string; kind?: UserRow['kind']; after: [string, string] | null; limit: number },
): Promise<UserRow[]> {
  let q = db.selectFrom('users').selectAll();
  if (f.role) q = q.where(sql<boolean>`${f.role} = any(roles)`);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.after) q = q.where(sql<boolean>`(lower(login_name), id) > (${f.after[0]}, ${f.after[1]})`);
  return q
    .orderBy(sql`lower(login_name)`)
    .orderBy('id')
    .limit(f.limit)
    .execute();
}

/** What an admin may change of a staff user (the password already hashed). */
export interface StaffChange {
  displayName?: string;
  roles?: string[];
  department?: string | null;
  mobile?: string | null;
  email?: string | null;
  status?: 'active' | 'disabled';
  passwordHash?: string;
}

/** Other active admins than `userId`, locked until the transaction ends (the last admin is kept). */
export async function otherActiveAdmins(db: Db, userId: string): Promise<number> {
  const others = await db
    .selectFrom('users')
    .select('id')
    .where(sql<boolean>`'admin' = any(roles)`)
    .where('status', '=', 'active')
    .where('id', '<>', userId)
    .forUpdate()
    .execute();
  return others.length;
}

/** Applies a change to a staff user. */
export async function changeStaffUser(db: Db, userId: string, c: StaffChange): Promise<UserRow> {
  return db
    .updateTable('users')
    .set({
      ...(c.displayName !== undefined ? { display_name: c.displayName } : {}),
      ...(c.roles !== undefined ? { roles: [...new Set(c.roles)] } : {}),
      ...(c.department !== undefined ? { department: c.department } : {}),
      ...(c.mobile !== undefined ? { mobile: c.mobile } : {}),
      ...(c.email !== undefined ? { email: c.email } : {}),
      ...(c.status !== undefined ? { status: c.status } : {}),
      ...(c.passwordHash !== undefined ? { password_hash: c.passwordHash } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
