/**
 * Tabs that are links: each tab is its own URL, so it can be shared, reloaded and opened in a new tab.
 * The current one carries aria-current="page". Lighter than antd's Tabs, which a list page does not need.
 */
import { Link } from '../shell/router';

/** One tab: its key, where it leads, its text. */
export interface TabLink {
  key: string;
  to: string;
  label: string;
}

/** A row of tab links under a labelled nav. */
export function TabLinks({ label, tabs, current }: { label: string; tabs: TabLink[]; current: string }) {
  return (
    <nav aria-label={label} style={{ display: 'flex', gap: 32, borderBottom: '1px solid #e8e8e8', marginBottom: 16 }}>
      {tabs.map((tab) => {
        const selected = tab.key === current;
        return (
          <Link
            key={tab.key}
            to={tab.to}
            aria-current={selected ? 'page' : undefined}
            style={{
              padding: '10px 0',
              marginBottom: -1,
              fontSize: 15,
              color: selected ? '#0958d9' : 'rgba(0,0,0,0.88)',
              borderBottom: `2px solid ${selected ? '#0958d9' : 'transparent'}`,
            }}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
