/** Amounts in fen shown in 元. */

/** `12345` → `¥123.45`. */
export const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
