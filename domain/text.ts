/** A message a person reads, in Chinese and English. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** Builds a bilingual message. */
export function msg(zh: string, en: string): Bilingual {
  return { zh, en };
}

/** A problem with one input field, named by its JSON path (`legalRepresentative.idNumber`, `fields.notes`). */
export interface FieldProblem {
  field: string;
  code: string;
  message: Bilingual;
}

/** Builds a field problem. */
export function fieldProblem(field: string, code: string, zh: string, en: string): FieldProblem {
  return { field, code, message: { zh, en } };
}
