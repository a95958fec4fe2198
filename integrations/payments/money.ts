/** Money at the edges: yuan as decimal text (Alipay's `total_amount`) to integer fen and back, never through floats. */

const YUAN = /^(\d+)(?:\.(\d{1,2}))?$/;

/** `'600'` → 60000, `'600.5'` and `'600.50'` → 60050, `'0.01'` → 1 fen; refuses negatives, more than 2 decimals and anything not a plain number. */
export function yuanToFen(text: string): number {
  const m = YUAN.exec(text);
  if (!m) throw new RangeError(`not an amount in yuan with at most 2 decimals: "${text}"`);
  const fen = BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`amount too large: "${text}"`);
  return Number(fen);
}

/** 60000 → `'600.00'`. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not an amount in fen: ${fen}`);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}
