/**
 * The console's frame: antd set up for old browsers and for contrast, the session (who is signed in,
 * and what happens when that ends), and the route → screen dispatch. Everything after sign-in loads
 * lazily, so the sign-in page brings only what it shows.
 */
import { legacyLogicalPropertiesTransformer, StyleProvider } from '@ant-design/cssinjs';
import LoadingOutlined from '@ant-design/icons/es/icons/LoadingOutlined';
import Button from 'antd/es/button';
import ConfigProvider from 'antd/es/config-provider';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { Component, lazy, Suspense, useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { signOut, whoAmI } from '../api/auth';
import { ApiFailure, onSessionExpired } from '../api/client';
import type { User } from '../api/types';
import { useLang } from '../i18n';
import { currentTarget, isConsolePath, matchPath, navigate, useLocation } from './router';
import { SCREENS, screensFor, type Screen, type ScreenProps } from './routes';
import { Loading } from '../ui/Loading';
import { isPublicPath, PublicPageAt } from '../portal/account/public-pages';
import { SignIn } from './SignIn';
import { SHELL_TEXT } from './text';
import { THEME } from './theme';

/** The layout's module once loaded (rendered directly then: React shows a lazy one only after a pause). */
let layout: typeof import('./ConsoleLayout') | null = null;
const layoutModule = () => import('./ConsoleLayout').then((m) => (layout = m));
const LazyLayout = lazy(layoutModule);
const LazyNotFound = lazy(() => layoutModule().then((m) => ({ default: m.NotFound })));
const LazyNoScreens = lazy(() => layoutModule().then((m) => ({ default: m.NoScreens })));

const screenComponents = new Map<Screen, ComponentType<ScreenProps>>();
/**
 * The component of a screen: its own once its code is loaded, else a lazy one (one per screen, so React
 * keeps its state). React reveals what a lazy component suspended no sooner than 300 ms after its
 * fallback, so a screen whose code is already here is rendered directly.
 */
function componentOf(screen: Screen): ComponentType<ScreenProps> {
  let component = screenComponents.get(screen);
  if (!component) screenComponents.set(screen, (component = lazy(screen.load)));
  return component;
}

/** Loads a screen's code and keeps its component for componentOf. */
async function loadScreen(screen: Screen): Promise<void> {
  const { default: component } = await screen.load();
  if (!screenComponents.has(screen)) screenComponents.set(screen, component);
}

/**
 * Fetches the layout and the code of the screen at `path` while the session is asked for, not after it:
 * opening a bookmarked screen waits for one round trip instead of three (a guess the roles then refuse
 * costs one unused chunk).
 */
async function prefetchFor(path: string): Promise<void> {
  if (path === '/signin' || isPublicPath(path)) return;
  const screen = SCREENS.find((s) => matchPath(s.path, path) !== null);
  await Promise.all([layoutModule(), screen && loadScreen(screen)]);
}

/** Goes to `to` once rendered. */
function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return <Loading />;
}

function LoadFailed({ reason }: { reason?: ApiFailure }) {
  const { t } = useLang();
  return (
    <div role="alert" style={{ padding: 48, textAlign: 'center' }}>
      <p>{t(reason?.bilingual ?? SHELL_TEXT.loadFailed)}</p>
      <Button onClick={() => location.reload()}>{t(SHELL_TEXT.reload)}</Button>
    </div>
  );
}

/** Catches a chunk that fails to load (e.g. after a new release replaced it) or a screen that throws. */
class ScreenBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? <LoadFailed /> : this.props.children;
  }
}

/** Where to go after signing in: the page the person came from, if it is a console page. */
function returnTarget(query: URLSearchParams): string {
  const next = query.get('next');
  return isConsolePath(next) && !next.startsWith('/signin') ? next : '/';
}

/** The signed-in part: the layout with its menu, and the screen at `path`. */
function SignedIn({
  user,
  path,
  query,
  onSignOut,
}: {
  user: User;
  path: string;
  query: URLSearchParams;
  onSignOut(): void;
}) {
  const { t } = useLang();
  const screens = screensFor(user);
  const home = screens.find((s) => s.home) ?? screens.find((s) => s.menu);
  const match = screens.map((s) => ({ screen: s, params: matchPath(s.path, path) })).find((m) => m.params !== null);
  const screen = match?.screen;
  if (screen) void screen.load(); // fetched beside the layout, not after it

  useEffect(() => {
    document.title = screen ? `${t(screen.title)} · ${t(SHELL_TEXT.product)}` : t(SHELL_TEXT.product);
  }, [screen, t]);

  if (path === '/' && home) return <Redirect to={home.path} />;
  const Page = screen ? componentOf(screen) : null;
  const ConsoleLayout = layout?.default ?? LazyLayout;
  const NotFound = layout?.NotFound ?? LazyNotFound;
  const NoScreens = layout?.NoScreens ?? LazyNoScreens;
  return (
    <Suspense fallback={<Loading />}>
      <ConsoleLayout user={user} screens={screens} current={screen?.path ?? null} onSignOut={onSignOut}>
        <ScreenBoundary key={path}>
          <Suspense fallback={<Loading />}>
            {Page ? (
              <Page params={match!.params!} query={query} user={user} />
            ) : path === '/' ? (
              <NoScreens />
            ) : (
              <NotFound />
            )}
          </Suspense>
        </ScreenBoundary>
      </ConsoleLayout>
    </Suspense>
  );
}

/** The session and the routes. */
function Routes() {
  const { t } = useLang();
  const { path, query, target } = useLocation();
  /** `undefined` while asking the API who is signed in. */
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [failure, setFailure] = useState<ApiFailure | undefined>();

  useEffect(() => {
    // A signed-in person's first screen renders once its code is here (it is fetched meanwhile).
    const prefetched = prefetchFor(path).catch(() => undefined);
    whoAmI()
      .then(async (u) => {
        if (u) await prefetched;
        setUser(u);
      })
      .catch((err: unknown) => setFailure(err instanceof ApiFailure ? err : undefined));
  }, []);
  useEffect(
    () =>
      onSessionExpired(() => {
        setUser(null);
        const here = currentTarget();
        if (!here.startsWith('/signin'))
          navigate(`/signin?expired=1&next=${encodeURIComponent(here)}`, { replace: true });
      }),
    [],
  );
  useEffect(() => {
    if (path === '/signin') document.title = t(SHELL_TEXT.product);
  }, [path, t]);

  if (failure) return <LoadFailed reason={failure} />;
  if (user === undefined) return <Loading />;
  if (isPublicPath(path)) return <PublicPageAt path={path} />;
  if (path === '/signin') {
    if (user) return <Redirect to={returnTarget(query)} />;
    return <SignIn onSignedIn={(u) => (setUser(u), navigate(returnTarget(query), { replace: true }))} />;
  }
  if (!user) return <Redirect to={`/signin?next=${encodeURIComponent(target)}`} />;
  const leave = async () => {
    await signOut().catch(() => undefined); // signed out locally even if the API is unreachable
    setUser(null);
    navigate('/signin', { replace: true });
  };
  return <SignedIn user={user} path={path} query={query} onSignOut={() => void leave()} />;
}

/**
 * Buttons: no space put between two Chinese characters ("提 交" reads and is named wrongly); a loading
 * icon hidden from assistive technology, since antd's is named "loading" and its exit animation can
 * leave it in the button, which then is named "loading 登录" long after it stopped loading.
 */
const BUTTONS = { autoInsertSpace: false, loadingIcon: <LoadingOutlined aria-hidden /> };

/** The whole console. */
export function App() {
  const { lang } = useLang();
  return (
    <StyleProvider hashPriority="high" transformers={[legacyLogicalPropertiesTransformer]}>
      <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={THEME} button={BUTTONS}>
        <Routes />
      </ConfigProvider>
    </StyleProvider>
  );
}
