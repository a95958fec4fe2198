/** Token stations as they report themselves (heartbeats). Functions take `db` or a transaction. */
import type { Db } from '../../platform/db';

/** A station seen within this window is online. */
const STATION_ONLINE_MS = 60_000;

/** True when a station last seen at `lastSeenAt` counts as online now. */
export function isOnline(lastSeenAt: Date): boolean {
  return lastSeenAt.getTime() > Date.now() - STATION_ONLINE_MS;
}

/** Whether a station exists and is online. */
export async function stationPresence(db: Db, id: string): Promise<'unknown' | 'offline' | 'online'> {
  const station = await db.selectFrom('stations').select('last_seen_at').where('id', '=', id).executeTakeFirst();
  if (!station) return 'unknown';
  return isOnline(station.last_seen_at) ? 'online' : 'offline';
}

/** Stations by ID; only the online ones unless `all`. */
export async function listStations(db: Db, all: boolean) {
  let q = db.selectFrom('stations').selectAll();
  if (!all) q = q.where('last_seen_at', '>', new Date(Date.now() - STATION_ONLINE_MS));
  return q.orderBy('id').execute();
}
