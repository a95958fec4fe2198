/**
 * The pages anyone may open without a session (A3, A4): register, activate, forgotten and reset
 * password. The shell shows them whoever is signed in or not; each loads in its own chunk.
 */
import { lazy, Suspense, useEffect, type ComponentType, type LazyExoticComponent } from 'react';
import { msg, useLang, type Bilingual } from '../../i18n';
import { SHELL_TEXT } from '../../shell/text';
import { Loading } from '../../ui/Loading';

interface PublicPage {
  path: string;
  title: Bilingual;
  Page: LazyExoticComponent<ComponentType>;
}

const PUBLIC_PAGES: PublicPage[] = [
  { path: '/register', title: msg('企业用户注册', 'Register'), Page: lazy(() => import('./RegisterPage')) },
  { path: '/activate', title: msg('激活账号', 'Activate your account'), Page: lazy(() => import('./ActivatePage')) },
  {
    path: '/password/forgot',
    title: msg('忘记密码', 'Forgot password'),
    Page: lazy(() => import('./ForgotPasswordPage')),
  },
  {
    path: '/password/reset',
    title: msg('重置密码', 'Reset your password'),
    Page: lazy(() => import('./ResetPasswordPage')),
  },
];

/** Whether `path` is a page reached without a session. */
export const isPublicPath = (path: string) => PUBLIC_PAGES.some((p) => p.path === path.replace(/\/+$/, ''));

/** The public page at `path` (see `isPublicPath`), titled. */
export function PublicPageAt({ path }: { path: string }) {
  const { t } = useLang();
  const page = PUBLIC_PAGES.find((p) => p.path === path.replace(/\/+$/, ''))!;
  useEffect(() => {
    document.title = `${t(page.title)} · ${t(SHELL_TEXT.product)}`;
  }, [page, t]);
  return (
    <Suspense fallback={<Loading />}>
      <page.Page />
    </Suspense>
  );
}
