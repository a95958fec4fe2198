/** One operation at a time per token: a UKey's login state is shared by every session on it. */

/** Per-token queues: operations on one serial run one after another, different serials in parallel. */
export class TokenLocks {
  /** The last queued operation per serial, settled either way. */
  private readonly tails = new Map<string, Promise<void>>();

  /** True when no operation is running or waiting on any token. */
  idle(): boolean {
    return this.tails.size === 0;
  }

  /** Runs `fn` once every earlier operation on `serial` has finished (failed ones included). */
  async run<T>(serial: string, fn: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(serial) ?? Promise.resolve()).then(fn);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(serial, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(serial) === tail) this.tails.delete(serial);
    }
  }
}
