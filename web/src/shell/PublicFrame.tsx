/** The frame of the pages reached without a session: sign-in, register, activate, forgotten password. */
import Typography from 'antd/es/typography';
import type { ReactNode } from 'react';
import { useLang } from '../i18n';
import { LangSwitch } from './LangSwitch';
import { SHELL_TEXT } from './text';

/** A page titled `title`, its content on a white card `width` wide, `top` below the header. */
export function PublicFrame({
  title,
  width = 420,
  top = 48,
  children,
}: {
  title: string;
  width?: number;
  top?: number;
  children: ReactNode;
}) {
  const { t } = useLang();
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5', display: 'flex', flexDirection: 'column' }}>
      <header style={{ display: 'flex', alignItems: 'center', padding: '12px 24px', background: '#fff' }}>
        <Typography.Text strong style={{ fontSize: 18, flex: 1 }}>
          {t(SHELL_TEXT.product)}
        </Typography.Text>
        <LangSwitch />
      </header>
      <main
        style={{
          flex: 1,
          display: 'flex',
          justifyContent: 'center',
          alignItems: 'flex-start',
          padding: `${top}px 16px`,
        }}
      >
        <div style={{ width, maxWidth: '100%', background: '#fff', padding: 32, borderRadius: 8 }}>
          <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
            {title}
          </Typography.Title>
          {children}
        </div>
      </main>
    </div>
  );
}
