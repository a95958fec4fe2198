/**
 * The one-time token of an activation or reset link: in the fragment (`#token=…`, never sent to a
 * server), or in the query string of older links, which is then dropped from the address bar.
 */

/** The link's token, or '' if the link holds none. */
export function linkToken(): string {
  const token =
    new URLSearchParams(location.hash.slice(1)).get('token') ?? new URLSearchParams(location.search).get('token') ?? '';
  if (new URLSearchParams(location.search).has('token'))
    history.replaceState(history.state, '', location.pathname + location.hash);
  return token;
}
