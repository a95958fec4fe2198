/** A message a person reads, in Chinese and English. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** Builds a bilingual message. */
export function msg(zh: string, en: string): Bilingual {
  return { zh, en };
}
