/**
 * The product as one child process for crash drills (test/support/stack-process.ts: API, workers and token
 * station), killed with SIGKILL and restarted; and a client that retries its request with the same key.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** Starts the product with `env` on the workflow bundle at `bundlePath`; resolves once it says it is ready. */
export async function spawnProduct(env: NodeJS.ProcessEnv, bundlePath: string): Promise<ChildProcess> {
  // (one process, no tsx wrapper: SIGKILL must reach the product itself)
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/stack-process.ts', bundlePath], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the product exited (${code}) before it was ready`)));
  });
  return child;
}

/** Kills the product with SIGKILL and waits until it is gone. */
export async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** A request a person makes, with its key. */
export interface Attempt {
  key: string;
  url: string;
  token: string;
  body: Record<string, unknown>;
}

/** An answer of the product. */
export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Sends the request to the product on `port`; null when nothing answers (the product is down). */
export async function send(port: number, r: Attempt): Promise<Answer | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${r.url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${r.token}`, 'idempotency-key': r.key },
      body: JSON.stringify(r.body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  } catch {
    return null;
  }
}

/** Retries as a client does (same key, every half second, `tries` times) until the answer is final: not 202, not 503, not "still running". */
export async function untilFinal(port: number, r: Attempt, tries = 120): Promise<Answer> {
  for (let i = 0; i < tries; i++) {
    const answer = await send(port, r);
    const running =
      !answer ||
      answer.status === 202 ||
      answer.status === 503 ||
      (answer.body.error as { code?: string } | undefined)?.code === 'REQUEST_IN_PROGRESS';
    if (!running) return answer;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`no final answer for ${r.key}`);
}
