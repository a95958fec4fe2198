/** Operations: the development outbox (`/api/v1/dev/outbox`, the embedded default only). */
import { ApiFailure, call } from './client';
import type { OutboxMessage } from './types';

/** Messages the development outbox holds, newest first; `to` narrows them to one mobile or address. */
export const listOutbox = (query: { to?: string; limit?: number }, signal?: AbortSignal) =>
  call<{ items: OutboxMessage[] }>('GET', '/dev/outbox', { query: { ...query }, signal });

/** Whether this server has the development outbox (its route answers 404 where it has none). */
export const outboxAvailable = (): Promise<boolean> =>
  listOutbox({ limit: 1 }).then(
    () => true,
    (err: unknown) => {
      if (err instanceof ApiFailure && err.status === 404) return false;
      throw err;
    },
  );
