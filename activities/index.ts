/** Every activity the main worker ("bpm" task queue) runs, built from its dependencies. */
import type { Services } from '../platform/services';
import { createNotificationActivities } from './notifications/activities';
import { createProjectionActivities } from './projections';
import { createRegistrationActivities } from './registration';

/** Dependencies of the main worker's activities. */
export interface ActivityDeps extends Pick<Services, 'db' | 'notifier' | 'secrets'> {
  publicUrl: string;
}

/** Builds the activities of the main worker. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createProjectionActivities(deps),
    ...createNotificationActivities(deps),
    ...createRegistrationActivities(deps),
  };
}
