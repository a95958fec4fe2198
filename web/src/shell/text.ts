/** Words the shell (sign-in, layout, page states) shows. */
import { msg } from '../i18n';

/** The shell's texts. */
export const SHELL_TEXT = {
  product: msg('CA 证书业务办理', 'CA certificate services'),
  loading: msg('加载中…', 'Loading…'),
  switchTo: msg('English', '中文'),
  switchToLabel: msg('Switch to English', '切换到中文'),
  signOut: msg('退出登录', 'Sign out'),
  mainMenu: msg('主菜单', 'Main menu'),
  notFound: msg('页面不存在，或您没有查看它的权限', 'This page does not exist, or you may not see it'),
  backHome: msg('返回首页', 'Back to the start page'),
  noScreens: msg('您的账号暂无可用的页面', 'There is no page for your account yet'),
  noScreensHint: msg(
    '企业用户的办理页面将在后续版本提供；员工账号请联系管理员分配角色。',
    'The pages for enterprise users come in a later version; staff, ask an administrator for a role.',
  ),
  loadFailed: msg('页面加载失败，请刷新重试', 'The page failed to load; reload to try again'),
  reload: msg('刷新', 'Reload'),
};
