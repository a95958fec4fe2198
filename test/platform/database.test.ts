/**
 * The database layer: migrations up and down on PostgreSQL, the embedded PGlite default, the secret
 * store, once-only notifications, and projections that never roll back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createProjectionActivities } from '../../activities/projections';
import { migrations } from '../../migrations';
import { Notifier, outboxSender } from '../../integrations/notifications/notifier';
import { productTemplates } from '../../integrations/notifications/templates';
import type { HumanTask } from '../../contracts/tasks';
import { openDb, type Db } from '../../platform/db';
import { migrateDown, migrateToLatest, migrationsApplied } from '../../platform/db/migrate';
import { pgliteInUse } from '../../platform/db/pglite';
import { SecretStore } from '../../platform/secret-store';
import { createTestDatabase, openTestDb } from '../support/harness';

const KEY = Buffer.alloc(32, 3);
let db: Db;
let drop: () => Promise<void>;

beforeAll(async () => {
  const t = await createTestDatabase();
  drop = t.drop;
  db = openTestDb(t.url);
  await migrateToLatest(db);
});

afterAll(async () => {
  await db?.destroy();
  await drop?.();
});

const tables = async (d: Db) =>
  (await d.introspection.getTables())
    .map((t) => t.name)
    .filter((n) => !n.startsWith('kysely_'))
    .sort();

test('migrations are reversible on PostgreSQL', async () => {
  const t = await createTestDatabase();
  const fresh = openTestDb(t.url);
  try {
    const names = Object.keys(migrations).sort();
    expect(await migrateToLatest(fresh)).toEqual(names.map((n) => `Up ${n}`));
    expect(await migrationsApplied(fresh)).toBe(true);
    expect(await tables(fresh)).toEqual(
      expect.arrayContaining([
        'users',
        'sessions',
        'tasks',
        'processes',
        'process_comments',
        'notifications',
        'secret_refs',
        'enterprises',
      ]),
    );
    for (const name of [...names].reverse()) expect(await migrateDown(fresh)).toEqual([`Down ${name}`]);
    expect(await tables(fresh)).toEqual([]);
    expect(await migrationsApplied(fresh)).toBe(false);
    await migrateToLatest(fresh);
    expect(await migrationsApplied(fresh)).toBe(true);
  } finally {
    await fresh.destroy();
    await t.drop();
  }
});

test('0005 folds the name keys of existing enterprises: look-alike names collide, the oldest keeps the key', async () => {
  const t = await createTestDatabase();
  const fresh = openTestDb(t.url);
  try {
    await migrateToLatest(fresh);
    // Back to just before 0005 (whatever came after it).
    while (!(await migrateDown(fresh)).includes('Down 0005_entity_name_look_alikes'));
    const enterprise = (id: string, name: string, key: string, at: string) => ({
      id,
      entity_name: name,
      name_key: key,
      created_at: new Date(at),
    });
    // Keys as 0002's folding made them: full width and whitespace only.
    await fresh
      .insertInto('enterprises')
      .values([
        enterprise('e-latin', 'Acme 科技有限公司', 'acme科技有限公司', '2026-01-01T00:00:00Z'),
        enterprise('e-cyrillic', 'Аcme 科技有限公司', 'аcme科技有限公司', '2026-02-01T00:00:00Z'),
        enterprise('e-zero-width', 'Beta\u200b 贸易', 'beta\u200b贸易', '2026-03-01T00:00:00Z'),
      ])
      .execute();
    expect((await migrateToLatest(fresh))[0]).toBe('Up 0005_entity_name_look_alikes');
    const keys = Object.fromEntries(
      (await fresh.selectFrom('enterprises').select(['id', 'name_key']).execute()).map((r) => [r.id, r.name_key]),
    );
    expect(keys).toEqual({
      'e-latin': 'acme科技有限公司',
      'e-cyrillic': 'acme科技有限公司#e-cyrillic',
      'e-zero-width': 'beta贸易',
    });
    while (!(await migrateDown(fresh)).includes('Down 0005_entity_name_look_alikes'));
    expect(
      (await fresh.selectFrom('enterprises').select('name_key').where('id', '=', 'e-cyrillic').executeTakeFirst())
        ?.name_key,
    ).toBe('аcme科技有限公司');
  } finally {
    await fresh.destroy();
    await t.drop();
  }
});

test('the embedded default (PGlite) migrates, keeps transactions apart, and guards its folder', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pglite-'));
  const pgliteDir = path.join(dir, 'pglite');
  const lite = await openDb({ databaseUrl: null, pgliteDir });
  try {
    await migrateToLatest(lite);
    expect(await migrationsApplied(lite)).toBe(true);
    const user = (id: string) => ({
      id,
      login_name: id,
      display_name: id,
      password_hash: 'x',
      kind: 'staff' as const,
      status: 'active' as const,
      roles: ['finance'],
    });
    // A transaction that fails rolls back even while another query runs at the same time.
    const failing = lite.transaction().execute(async (trx) => {
      await trx.insertInto('users').values(user('in_tx')).execute();
      await new Promise((r) => setTimeout(r, 20));
      throw new Error('abort');
    });
    const outside = lite.insertInto('users').values(user('outside')).execute();
    await expect(failing).rejects.toThrow('abort');
    await outside;
    const names = (await lite.selectFrom('users').select('login_name').orderBy('login_name').execute()).map(
      (r) => r.login_name,
    );
    expect(names).toEqual(['outside']);
    const roles = await lite
      .selectFrom('users')
      .select('roles')
      .where(sql<boolean>`'finance' = any(roles)`)
      .execute();
    expect(roles).toEqual([{ roles: ['finance'] }]);
    const inserted = await lite.updateTable('users').set({ department: 'x' }).executeTakeFirst();
    expect(Number(inserted.numUpdatedRows)).toBe(1);
    expect(pgliteInUse(pgliteDir)).toBe(false); // held by this very process
    expect(fs.readFileSync(`${pgliteDir}.lock`, 'utf8')).toBe(String(process.pid));
  } finally {
    await lite.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a secret is held sealed, read by its reference, used once, and refused after expiry or for another purpose', async () => {
  const store = new SecretStore(db, KEY);
  const ref = await store.put('837261', 'pin', 60_000);
  expect(ref.secretRef).toMatch(/^sec_/);
  const rows = await db.selectFrom('secret_refs').selectAll().execute();
  expect(JSON.stringify(rows)).not.toContain('837261');
  expect(JSON.stringify(rows)).not.toContain(ref.secretRef);
  expect(await store.read(ref, 'other')).toBeNull();
  expect(await store.read(ref, 'pin')).toBe('837261');
  expect(await store.take(ref, 'pin')).toBe('837261');
  expect(await store.take(ref, 'pin')).toBeNull();
  const expired = await store.put('111111', 'pin', -1);
  expect(await store.take(expired, 'pin')).toBeNull();
  await store.put('222222', 'pin', -1);
  expect(await store.purgeExpired()).toBe(1);
});

test('a notification is sent once per key, and the outbox body is sealed at rest', async () => {
  const sent: string[] = [];
  const sms = { provider: 'outbox', send: async (m: { text: string }) => (sent.push(m.text), null) };
  const notifier = new Notifier(db, sms, outboxSender, KEY, productTemplates);
  const n = {
    key: 'reminder:1',
    channel: 'sms' as const,
    to: '13500000000',
    template: 'task.reminder',
    params: { title: '初审', dueAt: '2026-11-26 09:00 UTC', link: 'http://x' },
  };
  expect(await notifier.send(n)).toBe(true);
  expect(await notifier.send(n)).toBe(false);
  expect(sent).toHaveLength(1);
  const row = await db
    .selectFrom('notifications')
    .selectAll()
    .where('message_key', '=', 'reminder:1')
    .executeTakeFirstOrThrow();
  expect(row.status).toBe('sent');
  expect(row.body_sealed).not.toContain('初审');
  expect((await notifier.outbox('13500000000', 10))[0].body).toContain('初审');

  const failing = new Notifier(
    db,
    { provider: 'outbox', send: async () => Promise.reject(new Error('gateway down')) },
    outboxSender,
    KEY,
    productTemplates,
  );
  await expect(failing.send({ ...n, key: 'reminder:2' })).rejects.toThrow('gateway down');
  expect(
    await db.selectFrom('notifications').select('id').where('message_key', '=', 'reminder:2').executeTakeFirst(),
  ).toBeUndefined();
  expect(await notifier.send({ ...n, key: 'reminder:2' })).toBe(true);
});

test('a late projection write never rolls a task back', async () => {
  const { saveTask } = createProjectionActivities({ db });
  const task: HumanTask = {
    taskId: 'task-1',
    processId: 'p-1',
    processType: 'probe',
    enterpriseId: null,
    kind: 'probe.review',
    title: 'T',
    step: '初审',
    department: 'D',
    candidateRole: 'finance',
    assigneeId: null,
    outcomes: ['approve'],
    dueInMs: 1000,
    status: 'open',
    assignedBy: null,
    openedAt: '2026-11-25T00:00:00Z',
    dueAt: '2026-11-26T00:00:00Z',
    remindedAt: null,
    escalatedAt: null,
    closedAt: null,
    decision: null,
    version: 1,
  };
  await saveTask(task);
  await saveTask({ ...task, status: 'completed', closedAt: '2026-11-25T01:00:00Z', version: 3 });
  await saveTask({ ...task, remindedAt: '2026-11-25T00:30:00Z', version: 2 });
  await saveTask(task);
  const row = await db.selectFrom('tasks').selectAll().where('id', '=', 'task-1').executeTakeFirstOrThrow();
  expect(row).toMatchObject({ status: 'completed', version: 3, reminded_at: null });
});
