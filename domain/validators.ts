/**
 * Identity-number and contact rules of the domain, as pure functions: the unified social credit code
 * (GB 32100-2015), the resident ID number (GB 11643-1999), mobile and landline numbers, account names.
 */
import { fieldProblem, type FieldProblem } from './text';

/** The 31 characters of a unified social credit code, in value order (no I, O, S, V, Z). */
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character a credit code's first 17 characters call for, or null if they are not valid characters. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_ALPHABET.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * CREDIT_WEIGHTS[i];
  }
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Why a unified social credit code is wrong, or null when it holds. */
export function creditCodeProblem(code: string): 'length' | 'characters' | 'check' | null {
  if (code.length !== 18) return 'length';
  if (![...code].every((c) => CREDIT_ALPHABET.includes(c))) return 'characters';
  return creditCodeCheckChar(code.slice(0, 17)) === code[17] ? null : 'check';
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character (ISO 7064 MOD 11-2) the first 17 digits of a resident ID call for. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

/** The earliest date a birth or an enterprise's establishment may plausibly have (YYYY-MM-DD). */
export const EARLIEST_DATE = '1900-01-01';

/** A real calendar date written YYYY-MM-DD (not 2015-13-45, 2015-02-30 or 2015-00-10); never throws. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d); // (Date.UTC would read years 0–99 as 1900–1999)
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Why a resident ID number is wrong, or null when it holds. `today` bounds the birth date (YYYY-MM-DD). */
export function residentIdProblem(id: string, today?: string): 'format' | 'birth_date' | 'check' | null {
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isCalendarDate(birth) || birth < EARLIEST_DATE || (today !== undefined && birth > today)) return 'birth_date';
  return residentIdCheckChar(id.slice(0, 17)) === id[17] ? null : 'check';
}

/** 11 digits starting with 1. */
export function isMobile(s: string): boolean {
  return /^1\d{10}$/.test(s);
}

/** Area code and number, e.g. `0571-88234700` (extension allowed: `0579-88894332-801`). */
export function isLandline(s: string): boolean {
  return /^0\d{2,3}-\d{7,8}(-\d{1,6})?$/.test(s);
}

/** A plausible email address (one @, a dot in the domain, no spaces). */
export function isEmail(s: string): boolean {
  return s.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);
}

/** Login names: 6–15 letters, digits or the symbols `_ . - @`. */
export const LOGIN_NAME_PATTERN = '^[A-Za-z0-9_.@-]{6,15}$';

/** Account passwords: 6–15 characters with both letters and digits (common symbols allowed). */
export const PASSWORD_PATTERN = '^(?=.*[A-Za-z])(?=.*\\d)[A-Za-z\\d!@#$%^&*()_+\\-=.,?]{6,15}$';

/**
 * Characters that show nothing: zero-width spaces and joiners, bidi embeddings, overrides and isolates,
 * the word joiner and invisible operators, the byte-order mark, soft hyphen, variation selectors.
 */
const INVISIBLE = /[\p{Cf}\u034F\u115F\u1160\u3164\uFFA0\uFE00-\uFE0F]/gu;

/** Cyrillic and Greek letters that look like Latin ones, and the Latin letter each looks like. */
const LOOK_ALIKES: Record<string, string> = Object.fromEntries(
  [
    // Cyrillic
    'аa Аa Вb вb еe Еe ёe Ёe Кk кk Мm мm Нh нh оo Оo рp Рp сc Сc Тt тt уy Уy хx Хx ѕs Ѕs іi Іi їi Їi',
    'јj Јj ԁd ԛq Ԛq ԝw Ԝw үy Үy һh Һh ӏl Ӏl ԍg',
    // Greek
    'αa Αa Βb βb εe Εe Ζz Ηh ιi Ιi κk Κk Μm νv Νn οo Οo ρp Ρp τt Τt υu Υy χx Χx ϲc Ϲc ϳj ϱp',
  ]
    .join(' ')
    .split(' ')
    .map((pair) => [pair[0], pair[1]]),
);
const LOOK_ALIKE = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`, 'gu');

/**
 * The form of an entity name used for uniqueness: full-width folded, invisible characters (zero-width,
 * bidi controls) and all whitespace removed, Cyrillic and Greek look-alikes read as the Latin letters
 * they look like, case folded. Two names with the same key count as the same name.
 */
export function entityNameKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/\s+/g, '')
    .replace(LOOK_ALIKE, (c) => LOOK_ALIKES[c])
    .toLowerCase();
}

/** An entity name as stored: full-width folded, invisible characters removed, trimmed, whitespace collapsed to one space. */
export function normaliseEntityName(name: string): string {
  return name.normalize('NFKC').replace(INVISIBLE, '').trim().replace(/\s+/g, ' ');
}

/** Rules of a staff password beyond its pattern: it does not contain the login name. */
export function staffPasswordProblems(password: string, loginName: string): FieldProblem[] {
  return password.toLowerCase().includes(loginName.toLowerCase())
    ? [fieldProblem('password', 'contains_login', '密码不能包含登录名', 'The password must not contain the login name')]
    : [];
}
