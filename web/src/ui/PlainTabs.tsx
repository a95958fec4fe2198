/**
 * Tabs as WAI-ARIA describes them (tablist, tab, tabpanel; arrow keys, Home and End move between tabs),
 * without antd's Tabs, whose overflow menu brings rc-menu and rc-dropdown into the page that uses it. A
 * panel is mounted when its tab is first opened and kept (hidden) afterwards, so what was typed stays.
 */
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

/** One tab: its key, its label and its panel. */
export interface PlainTab {
  key: string;
  label: string;
  children: ReactNode;
}

/** Tabs named `id` (the prefix of their elements' IDs); the first is open. */
export function PlainTabs({ id, items }: { id: string; items: PlainTab[] }) {
  const [active, setActive] = useState(items[0].key);
  const [opened, setOpened] = useState<ReadonlySet<string>>(() => new Set([items[0].key]));
  const tabs = useRef(new Map<string, HTMLButtonElement>());

  const open = (key: string) => {
    setActive(key);
    setOpened((was) => new Set(was).add(key));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    const at = items.findIndex((it) => it.key === active);
    const to =
      e.key === 'ArrowRight'
        ? (at + 1) % items.length
        : e.key === 'ArrowLeft'
          ? (at - 1 + items.length) % items.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? items.length - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    open(items[to].key);
    tabs.current.get(items[to].key)?.focus();
  };

  return (
    <>
      <div role="tablist" style={{ display: 'flex', gap: 32, borderBottom: '1px solid #f0f0f0', marginBottom: 16 }}>
        {items.map((it) => {
          const selected = it.key === active;
          return (
            <button
              key={it.key}
              ref={(el) => {
                if (el) tabs.current.set(it.key, el);
              }}
              type="button"
              role="tab"
              id={`${id}-tab-${it.key}`}
              aria-selected={selected}
              aria-controls={`${id}-panel-${it.key}`}
              tabIndex={selected ? 0 : -1}
              onClick={() => open(it.key)}
              onKeyDown={onKeyDown}
              style={{
                padding: '12px 0',
                marginBottom: -1,
                border: 0,
                borderBottom: `2px solid ${selected ? '#0958d9' : 'transparent'}`,
                background: 'none',
                color: selected ? '#0958d9' : 'rgba(0, 0, 0, 0.88)',
                font: 'inherit',
                cursor: 'pointer',
              }}
            >
              {it.label}
            </button>
          );
        })}
      </div>
      {items.map(
        (it) =>
          opened.has(it.key) && (
            <div
              key={it.key}
              role="tabpanel"
              id={`${id}-panel-${it.key}`}
              aria-labelledby={`${id}-tab-${it.key}`}
              hidden={it.key !== active}
            >
              {it.children}
            </div>
          ),
      )}
    </>
  );
}
