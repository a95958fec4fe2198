/** The one h1 of a screen, with room for actions on its right. */
import Typography from 'antd/es/typography';
import type { ReactNode } from 'react';

/** A screen's heading. */
export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 16, marginBottom: 16, flexWrap: 'wrap' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0, flex: 1 }}>
        {children}
      </Typography.Title>
      {extra}
    </div>
  );
}
