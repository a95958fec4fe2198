/** Every migration, by name; names sort in the order they apply. */
import type { Migration } from 'kysely';
import * as m0001 from './0001_platform';

export const migrations: Record<string, Migration> = {
  '0001_platform': m0001,
};
