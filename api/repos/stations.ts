/** Token stations as they report themselves (heartbeats). Functions take `db` or a transaction. */
import type { Db } from '../../platform/db';

/** A station by ID: when it was last seen. */
export async function findStation(db: Db, id: string): Promise<{ id: string; last_seen_at: Date } | undefined> {
  return db.selectFrom('stations').select(['id', 'last_seen_at']).where('id', '=', id).executeTakeFirst();
}

/** Stations by ID; only those seen since `seenSince`, if given. */
export async function listStations(db: Db, seenSince?: Date) {
  let q = db.selectFrom('stations').selectAll();
  if (seenSince) q = q.where('last_seen_at', '>', seenSince);
  return q.orderBy('id').execute();
}
