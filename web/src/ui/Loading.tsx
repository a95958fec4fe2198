/** Shown while a screen or its data loads. */
import { useLang } from '../i18n';
import { SHELL_TEXT } from '../shell/text';

/** A polite "loading" line (announced by screen readers). */
export function Loading() {
  const { t } = useLang();
  return (
    <div role="status" style={{ padding: 48, textAlign: 'center' }}>
      {t(SHELL_TEXT.loading)}
    </div>
  );
}
