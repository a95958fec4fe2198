/**
 * Entity names that differ only by invisible characters (zero-width, bidi controls) or by Cyrillic and
 * Greek look-alikes of Latin letters count as the same name: `enterprises.name_key` is computed again
 * with that folding. A copy of the folding as it stood when this migration was written (migrations
 * import nothing from the app). Rows whose new keys collide keep their names; the oldest keeps the
 * key, the others get `<key>#<id>` so the unique index holds and a new registration of the name is refused.
 */
import type { Kysely } from 'kysely';

const INVISIBLE = /[\p{Cf}\u034F\u115F\u1160\u3164\uFFA0\uFE00-\uFE0F]/gu;
const LOOK_ALIKES: Record<string, string> = Object.fromEntries(
  [
    'аa Аa Вb вb еe Еe ёe Ёe Кk кk Мm мm Нh нh оo Оo рp Рp сc Сc Тt тt уy Уy хx Хx ѕs Ѕs іi Іi їi Їi',
    'јj Јj ԁd ԛq Ԛq ԝw Ԝw үy Үy һh Һh ӏl Ӏl ԍg',
    'αa Αa Βb βb εe Εe Ζz Ηh ιi Ιi κk Κk Μm νv Νn οo Οo ρp Ρp τt Τt υu Υy χx Χx ϲc Ϲc ϳj ϱp',
  ]
    .join(' ')
    .split(' ')
    .map((pair) => [pair[0], pair[1]]),
);
const LOOK_ALIKE = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'gu');

const folded = (name: string) =>
  name
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/\s+/g, '')
    .replace(LOOK_ALIKE, (c) => LOOK_ALIKES[c])
    .toLowerCase();

/** The folding of 0002 (full width and whitespace only). */
const before = (name: string) => name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** Sets every enterprise's name key to `key` (the migrator's transaction): first out of the way, then the new keys. */
async function rekey(db: Kysely<any>, key: (name: string) => string): Promise<void> {
  const rows = (await db
    .selectFrom('enterprises')
    .select(['id', 'entity_name', 'name_key'])
    .orderBy('created_at')
    .orderBy('id')
    .execute()) as { id: string; entity_name: string; name_key: string }[];
  const taken = new Set<string>();
  const next = rows.map((row) => {
    let k = key(row.entity_name);
    if (taken.has(k)) k = `${k}#${row.id}`;
    taken.add(k);
    return { id: row.id, key: k, changed: k !== row.name_key };
  });
  for (const row of next.filter((r) => r.changed))
    await db
      .updateTable('enterprises')
      .set({ name_key: `#rekey#${row.id}` })
      .where('id', '=', row.id)
      .execute();
  for (const row of next.filter((r) => r.changed))
    await db.updateTable('enterprises').set({ name_key: row.key }).where('id', '=', row.id).execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  await rekey(db, folded);
}

export async function down(db: Kysely<any>): Promise<void> {
  await rekey(db, before);
}
