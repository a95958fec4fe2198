/**
 * The one-time token of an activation or reset link: in the fragment (`#token=…`, never sent to a
 * server), or in the query string of older links, which is then dropped from the address bar; and how
 * a refused token is shown.
 */
import Alert from 'antd/es/alert';
import { useLang } from '../../i18n';
import { FailureAlert, type ApiErrors } from '../../ui/api-errors';

/** The link's token, or '' if the link holds none. */
export function linkToken(): string {
  const token =
    new URLSearchParams(location.hash.slice(1)).get('token') ?? new URLSearchParams(location.search).get('token') ?? '';
  if (new URLSearchParams(location.search).has('token'))
    history.replaceState(history.state, '', location.pathname + location.hash);
  return token;
}

/** A refused token: the field message (invalid, expired, used) in an alert, since the token has no field. */
export function TokenFailure({ errors }: { errors: ApiErrors }) {
  const { t } = useLang();
  const tokenProblem = errors.failure?.fields.find((f) => f.field === 'token');
  if (tokenProblem) return <Alert type="error" showIcon title={t(tokenProblem.message)} style={{ marginBottom: 16 }} />;
  return <FailureAlert errors={errors} />;
}
