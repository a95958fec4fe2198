/**
 * A running instance of the product reached over HTTP, shaped like the test harness's `http` so that
 * the journey helpers (enterprise.ts, orders.ts) drive it: reads go to one API instance, writes to another.
 */
import type { InjectOptions } from 'fastify';
import type { Harness } from './harness';
import { CAPTCHA } from './harness';

/** An answer as the journey helpers read it. */
interface Answer {
  statusCode: number;
  body: string;
  headers: Record<string, string>;
  json(): any;
}

/** Sends one request to `base` (a connection error rejects). */
export async function send(base: string, opts: InjectOptions & { token?: string }): Promise<Answer> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.headers ?? {})) if (v !== undefined) headers[k] = String(v);
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | Buffer | undefined;
  if (Buffer.isBuffer(opts.payload) || typeof opts.payload === 'string') body = opts.payload;
  else if (opts.payload !== undefined) {
    body = JSON.stringify(opts.payload);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${base}${opts.url}`, { method: opts.method ?? 'GET', headers, body });
  const text = await res.text();
  return {
    statusCode: res.status,
    body: text,
    headers: Object.fromEntries(res.headers.entries()),
    json: () => JSON.parse(text),
  };
}

/** The harness subset the journey helpers use, over HTTP: GET and HEAD to `read`, the rest to `write`. */
export function remoteHarness(write: string, read: string): Harness {
  const http = (opts: InjectOptions & { token?: string }) =>
    send(opts.method === undefined || opts.method === 'GET' || opts.method === 'HEAD' ? read : write, opts);
  return { http } as unknown as Harness;
}

/** Signs in with the captcha every development instance accepts under CAPTCHA_TEST_ANSWER; answers the token. */
export async function signIn(base: string, loginName: string, password: string): Promise<string> {
  const { captchaId } = (await send(base, { method: 'GET', url: '/api/v1/auth/captcha' })).json();
  const res = await send(base, {
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { loginName, password, captchaId, captcha: CAPTCHA },
  });
  if (res.statusCode !== 200) throw new Error(`login ${loginName}: ${res.statusCode} ${res.body}`);
  return res.json().token;
}
