/** The API names a refused input by its JSON path (`legalRepresentative.idNumber`, `items[0].name`). */

/** A form field's name as antd's Form takes it (`['legalRepresentative', 'idNumber']`). */
export type NamePath = (string | number)[];

/** The form field name of a JSON path: dots separate keys, `[n]` is an array index. */
export function namePathOf(jsonPath: string): NamePath {
  const path: NamePath = [];
  for (const part of jsonPath.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    path.push(/^\[\d+\]$/.test(part) ? Number(part.slice(1, -1)) : part);
  }
  return path;
}
