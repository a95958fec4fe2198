/** The 202 of work that goes on past the route's wait: retry with the same `Idempotency-Key` for the result. */
import { Type } from '@sinclair/typebox';
import { BilingualSchema } from './common';

/** `{ status: 'in_progress', message }` (and what the route adds, e.g. the UKey's `itemId`). */
export const AcceptedSchema = Type.Object(
  {
    status: Type.Literal('in_progress'),
    message: Type.Optional(BilingualSchema),
    itemId: Type.Optional(Type.String()),
  },
  {
    description:
      'Still running past the wait; retry the same request with the same Idempotency-Key (after Retry-After seconds) for its result',
  },
);
