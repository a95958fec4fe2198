/**
 * The server's types the console uses: the only place web/ reaches into the server, and only with
 * `import type` (nothing of the server is bundled). Views come from the HTTP contract (api/schemas/,
 * `Static<typeof …Schema>`); the rest of web/ imports from here.
 */
import type { UserView } from '../../../api/schemas/auth';
import type { ErrorBody } from '../../../api/schemas/common';
import type { TaskView } from '../../../api/schemas/tasks';
import type { Role } from '../../../domain/roles';
import type { FieldProblem } from '../../../domain/text';

/** A human task as `GET /api/v1/tasks` and `GET /api/v1/tasks/:id` return it. */
export type Task = TaskView;
/** The signed-in user as `GET /api/v1/auth/me` returns it. */
export type User = UserView;
/** A list page: `{ items, nextCursor }`. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A problem with one input field, named by its JSON path (the server's `FieldProblem`). */
export type FieldError = FieldProblem;

export type { ErrorBody, Role };
