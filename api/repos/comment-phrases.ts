/** 快捷输入 — stock phrases for comments. Functions take `db` or a transaction. */
import type { Db } from '../../platform/db';

type PhraseRow = { id: number; text: string; sort_order: number };

/** The API view of a phrase. */
export function phraseView(p: PhraseRow) {
  return { id: p.id, text: p.text, sortOrder: p.sort_order };
}

/** The phrases, in their order. */
export async function listPhrases(db: Db): Promise<PhraseRow[]> {
  return db.selectFrom('comment_phrases').selectAll().orderBy('sort_order').orderBy('id').execute();
}

/** Adds a phrase (at the end unless an order is given). */
export async function addPhrase(db: Db, text: string, sortOrder?: number): Promise<PhraseRow> {
  const last = await db
    .selectFrom('comment_phrases')
    .select('sort_order')
    .orderBy('sort_order', 'desc')
    .limit(1)
    .executeTakeFirst();
  return db
    .insertInto('comment_phrases')
    .values({ text: text.trim(), sort_order: sortOrder ?? (last?.sort_order ?? 0) + 10 })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Changes a phrase; `undefined` if there is none. */
export async function changePhrase(
  db: Db,
  id: number,
  text: string,
  sortOrder?: number,
): Promise<PhraseRow | undefined> {
  return db
    .updateTable('comment_phrases')
    .set({
      text: text.trim(),
      ...(sortOrder !== undefined ? { sort_order: sortOrder } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Removes a phrase; false if there was none. */
export async function removePhrase(db: Db, id: number): Promise<boolean> {
  const deleted = await db.deleteFrom('comment_phrases').where('id', '=', id).executeTakeFirst();
  return Number(deleted.numDeletedRows) > 0;
}
