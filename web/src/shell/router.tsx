/**
 * A small router over the History API. The console lives under `/console`; paths given to `navigate`
 * and `Link` leave that prefix out (`/tasks/42`). Links are real `<a href>`s: they open in a new tab,
 * can be copied, and reach the same screen when pasted (the API serves index.html for any console path).
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** The console's URL prefix. */
export const BASE = '/console';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
window.addEventListener('popstate', notify);

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current path inside the console (`/tasks/42`) with its query string. */
export function currentTarget(): string {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : location.pathname;
  return (path === '' ? '/' : path) + location.search;
}

/** Goes to a console path (`/inbox?tab=pool`), adding a history entry unless `replace`. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (BASE + to === location.pathname + location.search) return;
  history[options.replace ? 'replaceState' : 'pushState'](null, '', BASE + to);
  notify();
}

/** The current console path and its query, re-rendering on every navigation. */
export function useLocation(): { path: string; query: URLSearchParams; target: string } {
  const target = useSyncExternalStore(subscribe, currentTarget);
  const [path, search = ''] = target.split('?');
  return { path, query: new URLSearchParams(search), target };
}

/** The parameters of `path` when it matches `pattern` (`/tasks/:id`), else null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.replace(/\/+$/, '').split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      if (got[i] === '') return null;
      params[want[i].slice(1)] = decodeURIComponent(got[i]);
    } else if (want[i] !== got[i]) return null;
  }
  return params;
}

/** True for a path inside the console that is safe to return to after signing in. */
export function isConsolePath(to: string | null): to is string {
  return !!to && to.startsWith('/') && !to.startsWith('//') && !to.includes('\\');
}

/** A link to a console path; a plain left click navigates in place, anything else is the browser's. */
export function Link({ to, onClick, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const follow = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || rest.target) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={BASE + to} onClick={follow} {...rest} />;
}
