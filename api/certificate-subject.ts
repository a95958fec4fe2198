/**
 * Whether a certificate's subject still names its enterprise as the approved record now does (a change of
 * name or credit code makes it wrong), and the re-issue order to offer when it does not.
 */
import { subjectOutdated } from '../domain/enterprise-change';
import { ORGANIZATION_IDENTIFIER, x509 } from '../integrations/ca/x509';
import type { Db } from '../platform/db';

/** What the certificate list says of a subject that no longer names the enterprise. */
export interface SubjectCheck {
  subjectOutdated: boolean;
  /** The re-issue order's pre-fill (service, one UKey) when the subject is outdated. */
  reissue: { serviceId: string; quantity: 1 } | null;
}

/** The organisation name and credit code a subject DN (`C=CN, O=…, organizationIdentifier=…`) holds. */
export function subjectOf(dn: string): { organizationName: string | null; creditCode: string | null } {
  const name = new x509.Name(dn, { organizationIdentifier: ORGANIZATION_IDENTIFIER });
  return {
    organizationName: name.getField('O')[0] ?? null,
    creditCode: name.getField(ORGANIZATION_IDENTIFIER)[0] ?? null,
  };
}

/** The check of each listed certificate, by serial. */
export async function subjectChecks(
  db: Db,
  rows: readonly { serial_hex: string; enterprise_id: string; order_id: string; subject_dn: string }[],
): Promise<Map<string, SubjectCheck>> {
  const out = new Map<string, SubjectCheck>();
  if (!rows.length) return out;
  const [enterprises, orders] = await Promise.all([
    db
      .selectFrom('enterprises')
      .select(['id', 'entity_name', 'credit_code'])
      .where('id', 'in', [...new Set(rows.map((r) => r.enterprise_id))])
      .execute(),
    db
      .selectFrom('ca_orders')
      .select(['id', 'service_id'])
      .where('id', 'in', [...new Set(rows.map((r) => r.order_id))])
      .execute(),
  ]);
  for (const row of rows) {
    const enterprise = enterprises.find((e) => e.id === row.enterprise_id);
    const outdated =
      !!enterprise &&
      subjectOutdated(subjectOf(row.subject_dn), {
        entityName: enterprise.entity_name,
        creditCode: enterprise.credit_code,
      });
    const serviceId = orders.find((o) => o.id === row.order_id)?.service_id;
    out.set(row.serial_hex, {
      subjectOutdated: outdated,
      reissue: outdated && serviceId ? { serviceId, quantity: 1 } : null,
    });
  }
  return out;
}
