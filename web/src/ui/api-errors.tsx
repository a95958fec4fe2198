/**
 * Showing the API's refusals: each `fields[]` entry goes onto the form field its JSON path names, in
 * the current language (and follows a language switch); what has no field on the form, and the
 * message of a refusal without fields, goes into an alert above the form.
 */
import Alert from 'antd/es/alert';
import type { FormInstance } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiFailure } from '../api/client';
import { namePathOf, type NamePath } from '../api/field-paths';
import type { FieldError } from '../api/types';
import { msg, useLang } from '../i18n';

/** What `useApiErrors` gives a form. */
export interface ApiErrors {
  failure: ApiFailure | null;
  /** Field problems that name no field of this form. */
  unplaced: FieldError[];
  /** Shows a caught error (an `ApiFailure`, or anything else as an unexpected one). */
  show(error: unknown): void;
  /** Clears the alert and the field messages set by the last failure. */
  clear(): void;
}

/** A failure the console did not expect (a bug), shown plainly rather than swallowed. */
const unexpected = (error: unknown) =>
  new ApiFailure(0, 'CLIENT_ERROR', msg(`页面出错：${String(error)}`, `The page failed: ${String(error)}`));

/** Keeps a form's last API failure and places its field problems on `form`'s fields. */
export function useApiErrors(form?: FormInstance): ApiErrors {
  const { t, lang } = useLang();
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [unplaced, setUnplaced] = useState<FieldError[]>([]);
  const placed = useRef<NamePath[]>([]);

  useEffect(() => {
    if (!failure) {
      setUnplaced([]);
      return;
    }
    const onForm = new Set((form?.getFieldsError() ?? []).map((f) => JSON.stringify(f.name)));
    const here: { name: NamePath; errors: string[] }[] = [];
    const elsewhere: FieldError[] = [];
    for (const problem of failure.fields) {
      const name = namePathOf(problem.field);
      if (onForm.has(JSON.stringify(name))) here.push({ name, errors: [t(problem.message)] });
      else elsewhere.push(problem);
    }
    form?.setFields(here);
    placed.current = here.map((f) => f.name);
    setUnplaced(elsewhere);
    // Re-placed when the language changes, so the messages follow it.
  }, [failure, lang]);

  const clear = useCallback(() => {
    form?.setFields(placed.current.map((name) => ({ name, errors: [] })));
    placed.current = [];
    setFailure(null);
  }, [form]);
  const show = useCallback((error: unknown) => setFailure(error instanceof ApiFailure ? error : unexpected(error)), []);
  return useMemo(() => ({ failure, unplaced, show, clear }), [failure, unplaced, show, clear]);
}

/** The alert for a failure: its message when no field shows it, and each problem no field could take. */
export function FailureAlert({ errors }: { errors: ApiErrors }) {
  const { t } = useLang();
  const { failure, unplaced } = errors;
  if (!failure || (failure.fields.length > 0 && unplaced.length === 0)) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={t(failure.bilingual)}
      description={
        unplaced.length ? (
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {unplaced.map((p) => (
              <li key={p.field}>
                {p.field}：{t(p.message)}
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
