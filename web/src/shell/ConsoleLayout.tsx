/**
 * The signed-in frame (its own chunk, loaded after sign-in): the header with the menu of the screens
 * the person's roles allow (plain links: antd's Menu measures and re-renders for nothing here; a menu
 * group's screens share one entry and show a row of tabs), who is signed in, the language switch and
 * sign-out; the screen below.
 */
import AntApp from 'antd/es/app';
import Button from 'antd/es/button';
import Layout from 'antd/es/layout';
import Typography from 'antd/es/typography';
import { useEffect, useState, type ReactNode } from 'react';
import type { User } from '../api/types';
import { useLang } from '../i18n';
import { ROLE_LABELS } from '../i18n/labels';
import { PageTitle } from '../ui/PageTitle';
import { TabLinks } from '../ui/TabLinks';
import { LangSwitch } from './LangSwitch';
import { Link } from './router';
import type { Screen } from './routes';
import { SHELL_TEXT } from './text';

/** The paths of the screens with an `available` check that answered true (asked once per mount). */
function useAvailability(screens: Screen[]): Set<string> {
  const [available, setAvailable] = useState<Set<string>>(new Set());
  useEffect(() => {
    let live = true;
    for (const s of screens) {
      s.available?.()
        .then((yes) => {
          if (yes && live) setAvailable((known) => new Set(known).add(s.path));
        })
        .catch(() => undefined); // not shown when the check fails
    }
    return () => {
      live = false;
    };
    // Asked again only when the screens change (not on every navigation).
  }, [screens.map((s) => s.path).join(' ')]);
  return available;
}

/** The layout around every signed-in screen. */
export default function ConsoleLayout(props: {
  user: User;
  screens: Screen[];
  /** The path pattern of the screen shown, to mark its menu entry. */
  current: string | null;
  onSignOut(): void;
  children: ReactNode;
}) {
  const { t } = useLang();
  const { user } = props;
  const available = useAvailability(props.screens);
  const menu = props.screens.filter((s) => s.menu && (!s.available || available.has(s.path)));
  const shown = props.screens.find((s) => s.path === props.current);
  const sameGroup = (s: Screen, other: Screen | undefined) => !!s.group && s.group.menu.zh === other?.group?.menu.zh;
  // One entry per group: its first screen's, with the group's text.
  const entries = menu.filter((s, i) => !menu.slice(0, i).some((earlier) => sameGroup(s, earlier)));
  const section = shown?.group ? menu.filter((s) => sameGroup(s, shown)) : [];
  return (
    <AntApp>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 16,
            background: '#fff',
            borderBottom: '1px solid #f0f0f0',
            padding: '0 24px',
            // A menu longer than the window wraps onto a second row of whole entries.
            height: 'auto',
            minHeight: 64,
            lineHeight: 1.5715,
          }}
        >
          <Link to="/" style={{ fontSize: 18, fontWeight: 600, color: 'rgba(0,0,0,0.88)', whiteSpace: 'nowrap' }}>
            {t(SHELL_TEXT.product)}
          </Link>
          <nav
            aria-label={t(SHELL_TEXT.mainMenu)}
            style={{ flex: 1, minWidth: 0, display: 'flex', flexWrap: 'wrap', columnGap: 24, alignSelf: 'stretch' }}
          >
            {entries.map((s) => {
              const here = s.path === props.current || sameGroup(s, shown);
              return (
                <Link
                  key={s.path}
                  to={s.path}
                  aria-current={here ? 'page' : undefined}
                  style={{
                    display: 'flex',
                    alignItems: 'center',
                    minHeight: 62,
                    whiteSpace: 'nowrap',
                    color: here ? '#0958d9' : 'rgba(0,0,0,0.88)',
                    borderBottom: `2px solid ${here ? '#0958d9' : 'transparent'}`,
                  }}
                >
                  {t(s.group?.menu ?? s.title)}
                </Link>
              );
            })}
          </nav>
          <Typography.Text>
            {user.displayName}
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {user.roles.map((r) => t(ROLE_LABELS[r])).join('、')}
            </Typography.Text>
          </Typography.Text>
          <LangSwitch />
          <Button onClick={props.onSignOut}>{t(SHELL_TEXT.signOut)}</Button>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          {shown?.group && section.length > 1 && (
            <TabLinks
              label={t(shown.group.section)}
              current={shown.path}
              tabs={section.map((s) => ({ key: s.path, to: s.path, label: t(s.title) }))}
            />
          )}
          {props.children}
        </Layout.Content>
      </Layout>
    </AntApp>
  );
}

/** A path that names no screen this person may open. */
export function NotFound() {
  const { t } = useLang();
  return (
    <section>
      <PageTitle>{t(SHELL_TEXT.notFound)}</PageTitle>
      <Link to="/">{t(SHELL_TEXT.backHome)}</Link>
    </section>
  );
}

/** The start page of a person none of whose roles has a screen yet. */
export function NoScreens() {
  const { t } = useLang();
  return (
    <section>
      <PageTitle>{t(SHELL_TEXT.noScreens)}</PageTitle>
      <Typography.Paragraph>{t(SHELL_TEXT.noScreensHint)}</Typography.Paragraph>
    </section>
  );
}
