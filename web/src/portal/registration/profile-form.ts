/**
 * The registration form's fields, where each is (wizard step), and the form's values as the API's
 * profile. Local checks are the server's own rules (domain/registration.ts, bundled), so a field shows
 * the message the API would answer before any request.
 */
import {
  normaliseProfile,
  PROFILE_FIELDS,
  profileProblems,
  valueAt,
  type RegistrationProfile,
} from '../../../../domain/registration';
import type { FieldProblem } from '../../../../domain/text';

/** A profile field's JSON path. */
export type ProfilePath = (typeof PROFILE_FIELDS)[number];

/** The wizard step each profile field is on (the attachments are on the last). */
export function stepOf(path: string): number {
  if (path.startsWith('attachments')) return 4;
  if (path.startsWith('enterprise.')) return 1;
  if (path.startsWith('legalRepresentative.')) return 2;
  if (path.startsWith('contact.')) return 3;
  return 0;
}

/** The number of the attachments step. */
export const ATTACHMENTS_STEP = 4;

/** The profile fields on `step`. */
export const fieldsOfStep = (step: number): ProfilePath[] => PROFILE_FIELDS.filter((f) => stepOf(f) === step);

/** A field's name as the antd Form takes it. */
export const nameOf = (path: string): string[] => path.split('.');

/** The form's values as a profile: filled fields only, trimmed and normalised as the API stores them. */
export function profileOf(values: unknown): RegistrationProfile {
  const out: Record<string, Record<string, string> | string> = {};
  for (const path of PROFILE_FIELDS) {
    const v = valueAt(values, path);
    if (typeof v !== 'string' || v.trim() === '') continue;
    const [head, key] = path.split('.');
    if (key === undefined) out[head] = v;
    else out[head] = { ...((out[head] as Record<string, string> | undefined) ?? {}), [key]: v };
  }
  return normaliseProfile(out as RegistrationProfile);
}

/** Today in China (YYYY-MM-DD), as the server bounds dates. */
export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The server's problems with the form's values; with `complete`, also every required field left empty. */
export function problemsOf(values: unknown, entityName: string, complete: boolean): FieldProblem[] {
  return profileProblems(profileOf(values), { entityName, today: todayInChina(), complete });
}
