/** The catalogue of certificate services (选择服务). Functions take `db` or a transaction. */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db';
import type { ServiceRow } from '../../platform/db/schema';
import type { ServiceView } from '../schemas/certificate-order';

/** A service as an admin writes it. */
export interface ServiceInput {
  name: string;
  certificateType: 'organization' | 'personal';
  lockRole: 'primary' | 'secondary';
  termYears: number;
  unitPriceFen: number;
  active?: boolean;
}

/** The API view of a service row. */
export function serviceView(s: ServiceRow): ServiceView {
  return {
    id: s.id,
    name: s.name,
    certificateType: s.certificate_type,
    lockRole: s.lock_role,
    bindingType: s.binding_type,
    termYears: s.term_years,
    unitPriceFen: s.unit_price_fen,
    active: s.active,
  };
}

/** The services on offer, in catalogue order. */
export async function activeServices(db: Db): Promise<ServiceRow[]> {
  return db.selectFrom('ca_services').selectAll().where('active', '=', true).orderBy('sort_order').execute();
}

/** A service on offer by ID. */
export async function findActiveService(db: Db, id: string): Promise<ServiceRow | undefined> {
  return db.selectFrom('ca_services').selectAll().where('id', '=', id).where('active', '=', true).executeTakeFirst();
}

/** Adds a service at the end of the catalogue. */
export async function addService(db: Db, s: ServiceInput): Promise<ServiceRow> {
  const last = await db
    .selectFrom('ca_services')
    .select('sort_order')
    .orderBy('sort_order', 'desc')
    .limit(1)
    .executeTakeFirst();
  return db
    .insertInto('ca_services')
    .values({
      id: randomUUID(),
      name: s.name,
      certificate_type: s.certificateType,
      lock_role: s.lockRole,
      term_years: s.termYears,
      unit_price_fen: s.unitPriceFen,
      active: s.active ?? true,
      sort_order: (last?.sort_order ?? 0) + 10,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Changes a service (orders keep the price they were placed at); `undefined` if there is none. */
export async function changeService(db: Db, id: string, s: ServiceInput): Promise<ServiceRow | undefined> {
  return db
    .updateTable('ca_services')
    .set({
      name: s.name,
      certificate_type: s.certificateType,
      lock_role: s.lockRole,
      term_years: s.termYears,
      unit_price_fen: s.unitPriceFen,
      ...(s.active !== undefined ? { active: s.active } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
