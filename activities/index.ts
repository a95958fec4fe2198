/** Every activity the main worker ("bpm" task queue) runs, built from its dependencies. */
import type { Config } from '../platform/config';
import type { Services } from '../integrations';
import { createBindingActivities } from './binding';
import { createChangeActivities } from './enterprise-change';
import { createNotificationActivities } from './notifications';
import { createOrderActivities } from './certificate-order';
import { createDeliveryActivities } from './delivery';
import { createProjectionActivities } from './projections';
import { createRegistrationActivities } from './registration';
import { createRefundActivities } from './order-refund';
import { createRenewalActivities } from './certificate-renewal';

/** Dependencies of the main worker's activities. */
export type ActivityDeps = Pick<Services, 'db' | 'notifier' | 'secrets' | 'ca' | 'payments' | 'wechatpay'> & {
  config: Config;
};

/** Builds the activities of the main worker. */
export function createActivities(deps: ActivityDeps) {
  const { config } = deps;
  const publicUrl = config.http.publicUrl;
  return {
    ...createProjectionActivities(deps),
    ...createNotificationActivities({ ...deps, publicUrl }),
    ...createRegistrationActivities(deps),
    ...createBindingActivities({ ...deps, publicUrl }),
    ...createOrderActivities({
      ...deps,
      secretKey: config.secretStoreKey,
      authCodeTtlMs: config.orders.authCodeTtlMs,
      publicUrl,
    }),
    ...createChangeActivities(deps),
    ...createRefundActivities(deps),
    ...createDeliveryActivities(deps),
    ...createRenewalActivities(deps),
  };
}
