/** Every migration, by name; names sort in the order they apply. */
import type { Migration } from 'kysely';
import * as m0001 from './0001_platform';
import * as m0002 from './0002_registration';
import * as m0003 from './0003_ca_orders';
import * as m0004 from './0004_bindings';
import * as m0005 from './0005_entity_name_look_alikes';
import * as m0006 from './0006_idempotency_lease';
import * as m0007 from './0007_order_refunds';
import * as m0008 from './0008_previous_submission';
import * as m0009 from './0009_inbox_search';
import * as m0010 from './0010_certificate_renewal';
import * as m0011 from './0011_enterprise_changes';
import * as m0012 from './0012_order_deliveries';
import * as m0013 from './0013_sign_in_codes';
import * as m0014 from './0014_provider_refunds';
import * as m0015 from './0015_order_reissue';
import * as m0016 from './0016_inbox_covering_walk';

export const migrations: Record<string, Migration> = {
  '0001_platform': m0001,
  '0002_registration': m0002,
  '0003_ca_orders': m0003,
  '0004_bindings': m0004,
  '0005_entity_name_look_alikes': m0005,
  '0006_idempotency_lease': m0006,
  '0007_order_refunds': m0007,
  '0008_previous_submission': m0008,
  '0009_inbox_search': m0009,
  '0010_certificate_renewal': m0010,
  '0011_enterprise_changes': m0011,
  '0012_order_deliveries': m0012,
  '0013_sign_in_codes': m0013,
  '0014_provider_refunds': m0014,
  '0015_order_reissue': m0015,
  '0016_inbox_covering_walk': m0016,
};
