/**
 * The console's only way to the API: same-origin fetch carrying the HttpOnly session cookie (no token
 * in JavaScript), JSON in and out, errors as `ApiFailure` with the API's `{ code, message, fields }`.
 * A 401 on a signed-in call tells the session (`onSessionExpired`), which sends the person to sign in.
 * A submission answered 202 in_progress is sent again with the same key until its answer is final.
 */
import { msg, type Bilingual } from '../i18n';
import { retryAfterMs, stillRunning } from './accepted';
import type { Submission } from './submission';
import type { ErrorBody, FieldError } from './types';

/** Where the API lives (same origin as the console). */
export const API_BASE = '/api/v1';

/** A refused or failed call: the API's error, or the client's own (`NETWORK`, `BAD_RESPONSE`). */
export class ApiFailure extends Error {
  constructor(
    /** HTTP status; 0 when no answer came. */
    readonly status: number,
    readonly code: string,
    readonly bilingual: Bilingual,
    readonly fields: FieldError[] = [],
  ) {
    super(bilingual.en);
    this.name = 'ApiFailure';
  }
}

/** The failure for a request that got no answer. */
export const networkFailure = () =>
  new ApiFailure(
    0,
    'NETWORK',
    msg('网络连接失败，请检查网络后重试', 'The network connection failed; check it and try again'),
  );

const expiryListeners = new Set<() => void>();

/** Calls `listener` when a signed-in call answers 401; returns the unsubscribe function. */
export function onSessionExpired(listener: () => void): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

/** Options of one call. */
export interface CallOptions {
  query?: Record<string, string | number | undefined | null>;
  body?: unknown;
  /** Sends the submission's Idempotency-Key for `body` (routes that honour one). */
  submission?: Submission;
  /**
   * `session` (default): a 401 means the session ended, and the session is told. `none`: a 401 is
   * this call's own answer (sign-in, and the first "who am I").
   */
  auth?: 'session' | 'none';
  signal?: AbortSignal;
}

function urlOf(path: string, query: CallOptions['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {}))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

/** The `ApiFailure` of a refused answer (its error body, or a generic one when it has none). */
export async function failureOf(res: Response): Promise<ApiFailure> {
  const body = (await res.json().catch(() => null)) as Partial<ErrorBody> | null;
  const error = body?.error;
  if (error && typeof error.code === 'string' && error.message) {
    return new ApiFailure(res.status, error.code, error.message, error.fields ?? []);
  }
  return new ApiFailure(
    res.status,
    'BAD_RESPONSE',
    msg(
      `服务暂时不可用（HTTP ${res.status}），请稍后重试`,
      `The service is unavailable (HTTP ${res.status}); try again shortly`,
    ),
  );
}

/** Whether the API asked for the same request to be sent again. */
function askedToRetry(failure: ApiFailure): boolean {
  return failure.status === 503 || failure.code === 'REQUEST_IN_PROGRESS';
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });
}

/** Calls the API; resolves with the JSON answer (undefined for 204), rejects with `ApiFailure`. */
export async function call<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  options: CallOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.submission) headers['idempotency-key'] = options.submission.keyFor(options.body);
  let res: Response;
  for (;;) {
    try {
      res = await fetch(urlOf(path, options.query), {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        credentials: 'same-origin',
        signal: options.signal,
      });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      options.submission?.ended('retry');
      throw networkFailure();
    }
    // 202 in_progress: the work goes on past the route's wait; the same key fetches its answer later.
    if (res.status !== 202 || !options.submission) break;
    if (
      !stillRunning(
        res.status,
        await res
          .clone()
          .json()
          .catch(() => null),
      )
    )
      break;
    await pause(retryAfterMs(res.headers.get('retry-after')), options.signal);
  }
  if (res.ok) {
    options.submission?.ended('answered');
    return (res.status === 204 ? undefined : await res.json()) as T;
  }
  const failure = await failureOf(res);
  options.submission?.ended(askedToRetry(failure) ? 'retry' : 'answered');
  if (res.status === 401 && (options.auth ?? 'session') === 'session')
    for (const listener of expiryListeners) listener();
  throw failure;
}
