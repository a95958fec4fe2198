/** CA bindings (process 4): the enterprise's binding table and its changes. Functions take `db` or a transaction. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { bindingWorkflowId } from '../../contracts/binding';
import type { Db } from '../../platform/db';
import type { BindingRow } from '../../platform/db/schema';

const USAGE = {
  normal: ['正常', 'in force'],
  expiring: ['即将到期', 'expiring soon'],
  expired: ['已过期', 'expired'],
  revoked: ['已吊销', 'revoked'],
  ended: ['已解除', 'unbound'],
  not_in_force: ['未生效', 'not in force'],
} as const;
const REVIEW = {
  unsubmitted: ['未提交', 'not submitted'],
  pending: ['未审核', 'awaiting review'],
  approved: ['已通过', 'approved'],
  rejected: ['未通过', 'rejected'],
} as const;
const CHANGE = { add: ['新增', 'add'], remove: ['删除', 'remove'] } as const;
const label = ([zh, en]: readonly [string, string]) => ({ zh, en });

/** The enterprise's binding table, in its order. */
export async function bindingTable(db: Db, enterpriseId: string): Promise<BindingRow[]> {
  return db
    .selectFrom('ca_bindings')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The changes one binding process reviews, each with its 序号 in the enterprise's table. */
export async function bindingChangesOf(db: Db, processId: string) {
  const rows = await db
    .selectFrom('ca_bindings')
    .selectAll()
    .where('process_id', '=', processId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return Promise.all(rows.map(async (row) => bindingRowView(db, row, await placeInTable(db, row))));
}

/** The row's 序号: its place in the enterprise's binding table (ordered as the table lists it). */
export async function placeInTable(db: Db, binding: BindingRow): Promise<number> {
  const { n } = await db
    .selectFrom('ca_bindings')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('enterprise_id', '=', binding.enterprise_id)
    // (compared in the database: its timestamps are finer than a JavaScript Date)
    .where(sql<boolean>`(created_at, id) <= (select created_at, id from ca_bindings where id = ${binding.id})`)
    .executeTakeFirstOrThrow();
  return n;
}

/** A row of the binding table as the enterprise sees it (序号, 锁号, 主题, 到期时间, 使用状态, 变更状态, 审核状态). */
export async function bindingRowView(db: Db, binding: BindingRow, no: number) {
  const cert = await db
    .selectFrom('certificates')
    .select(['lifecycle'])
    .where('serial_hex', '=', binding.certificate_serial)
    .executeTakeFirstOrThrow();
  const usage: keyof typeof USAGE =
    binding.change === 'remove'
      ? 'not_in_force'
      : binding.active
        ? cert.lifecycle === 'valid'
          ? 'normal'
          : cert.lifecycle
        : binding.ended_at
          ? cert.lifecycle === 'revoked' || cert.lifecycle === 'expired'
            ? cert.lifecycle
            : 'ended'
          : 'not_in_force';
  return {
    no,
    id: binding.id,
    lockNo: binding.token_serial,
    subject: binding.subject_dn,
    certificateSerial: binding.certificate_serial,
    expiresAt: binding.not_after.toISOString(),
    usage: { code: usage, label: label(USAGE[usage]) },
    change: { code: binding.change, label: label(CHANGE[binding.change]) },
    review: { code: binding.review_status, label: label(REVIEW[binding.review_status]) },
    active: binding.active,
    reason: binding.reason,
    processId: binding.process_id,
    createdAt: binding.created_at.toISOString(),
  };
}

/** True when a binding of the certificate is in force. */
export async function certificateBound(db: Db, certificateSerial: string): Promise<boolean> {
  return !!(await db
    .selectFrom('ca_bindings')
    .select('id')
    .where('certificate_serial', '=', certificateSerial)
    .where('active', '=', true)
    .executeTakeFirst());
}

/** A row of the enterprise's binding table by ID. */
export async function findBinding(db: Db, id: string, enterpriseId: string): Promise<BindingRow | undefined> {
  return db
    .selectFrom('ca_bindings')
    .selectAll()
    .where('id', '=', id)
    .where('enterprise_id', '=', enterpriseId)
    .executeTakeFirst();
}

/** Adds an unsubmitted binding of a checked certificate (unique per certificate while waiting: 23505 otherwise). */
export async function insertBinding(
  db: Db,
  b: {
    enterpriseId: string;
    tokenSerial: string;
    certificateSerial: string;
    subjectDn: string;
    notAfter: Date;
    createdBy: string;
  },
): Promise<BindingRow> {
  return db
    .insertInto('ca_bindings')
    .values({
      id: randomUUID(),
      enterprise_id: b.enterpriseId,
      token_serial: b.tokenSerial,
      certificate_serial: b.certificateSerial,
      subject_dn: b.subjectDn,
      not_after: b.notAfter,
      change: 'add',
      review_status: 'unsubmitted',
      created_by: b.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Removes an unsubmitted row. */
export async function deleteBinding(db: Db, id: string): Promise<void> {
  await db.deleteFrom('ca_bindings').where('id', '=', id).execute();
}

/** Adds an unsubmitted request to remove a binding in force (one per binding while waiting: 23505 otherwise). */
export async function insertRemoval(db: Db, binding: BindingRow, createdBy: string): Promise<BindingRow> {
  return db
    .insertInto('ca_bindings')
    .values({
      ...binding,
      id: randomUUID(),
      change: 'remove',
      review_status: 'unsubmitted',
      active: false,
      removes_id: binding.id,
      reason: null,
      process_id: null,
      created_by: createdBy,
      created_at: new Date(),
      decided_at: null,
      ended_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Submits the enterprise's unsubmitted changes under the next binding process ID (submissions of one
 * enterprise are numbered one after another: the enterprise row serialises them); answers the process
 * ID and the changes.
 */
export async function submitChanges(db: Db, enterpriseId: string): Promise<{ processId: string; changeIds: string[] }> {
  return db.transaction().execute(async (trx) => {
    await trx
      .selectFrom('enterprises')
      .select('id')
      .where('id', '=', enterpriseId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const { n } = await trx
      .selectFrom('ca_bindings')
      .select(sql<number>`count(distinct process_id)::int`.as('n'))
      .where('enterprise_id', '=', enterpriseId)
      .executeTakeFirstOrThrow();
    const processId = bindingWorkflowId(enterpriseId, n + 1);
    const changed = await trx
      .updateTable('ca_bindings')
      .set({ review_status: 'pending', process_id: processId })
      .where('enterprise_id', '=', enterpriseId)
      .where('review_status', '=', 'unsubmitted')
      .returning('id')
      .execute();
    return { processId, changeIds: changed.map((row) => row.id) };
  });
}

/** Takes back a submission whose process did not start: its changes are unsubmitted again. */
export async function unsubmitChanges(db: Db, processId: string): Promise<void> {
  await db
    .updateTable('ca_bindings')
    .set({ review_status: 'unsubmitted', process_id: null })
    .where('process_id', '=', processId)
    .execute();
}
