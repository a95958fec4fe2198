/** Users: lookups, creation and the bootstrap admin. Functions take `db` or a transaction. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../contracts/tasks';
import type { Role } from '../../domain/roles';
import type { Db } from '../../platform/db';
import type { UserRow } from '../../platform/db/schema';
import { hashPassword } from '../../platform/passwords';

/** A user as the API shows it. */
export interface UserView {
  id: string;
  loginName: string;
  displayName: string;
  kind: 'staff' | 'applicant';
  roles: Role[];
  enterpriseId: string | null;
  department: string | null;
  mobile: string | null;
  email: string | null;
  status: UserRow['status'];
  createdAt: string;
}

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
