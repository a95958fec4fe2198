/** Loading a panel's data once per key, with its failure kept for display. */
import { useEffect, useState } from 'react';

/** `load(signal)` run for `key`; `{ data, error }` as it settles. */
export function useLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>): { data: T | null; error: unknown } {
  const [state, setState] = useState<{ data: T | null; error: unknown }>({ data: null, error: null });
  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => setState({ data, error: null }),
      (error: unknown) => {
        if ((error as Error).name !== 'AbortError') setState({ data: null, error });
      },
    );
    return () => controller.abort();
    // `load` is a fresh closure each render; `key` says what it loads.
  }, [key]);
  return state;
}
