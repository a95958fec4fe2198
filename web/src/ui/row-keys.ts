/**
 * Keyboard work on a list: J and K move down and up, Enter opens the selected row, Esc clears the
 * selection. Keys typed into a field, or with a modifier, are left alone.
 */
import { useEffect, useRef } from 'react';

/** True when `target` takes text (so J and K are letters there). */
function takesText(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** True when Enter on `target` already does something (follows a link, presses a button). */
function pressable(target: EventTarget | null): boolean {
  return ['A', 'BUTTON'].includes((target as HTMLElement | null)?.tagName ?? '');
}

/** Listens on the document while mounted; `selected` is -1 when no row is. */
export function useRowKeys(options: {
  count: number;
  selected: number;
  select(index: number): void;
  open(index: number): void;
}): void {
  const latest = useRef(options);
  latest.current = options;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || takesText(e.target)) return;
      const { count, selected, select, open } = latest.current;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      if (key === 'j' && count > 0) select(Math.min(selected + 1, count - 1));
      else if (key === 'k' && count > 0) select(Math.max(selected - 1, 0));
      else if (key === 'Enter' && selected >= 0 && !pressable(e.target)) open(selected);
      else if (key === 'Escape' && selected >= 0) select(-1);
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
