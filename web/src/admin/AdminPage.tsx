/**
 * R9 administration (admins): tabs for staff users and their roles, the 快捷输入 comment phrases, and the
 * catalogue's prices. Each tab is its own URL (`?tab=users|phrases|catalog`).
 */
import { msg, useLang } from '../i18n';
import type { ScreenProps } from '../shell/routes';
import { PageTitle } from '../ui/PageTitle';
import { TabLinks } from '../ui/TabLinks';
import CatalogPrices from './CatalogPrices';
import Phrases from './Phrases';
import StaffUsers from './StaffUsers';

const TEXT = {
  title: msg('系统管理', 'Administration'),
  tabs: msg('管理项目', 'Administration sections'),
  users: msg('人员与角色', 'Staff and roles'),
  phrases: msg('快捷输入', 'Comment phrases'),
  catalog: msg('服务价格', 'Catalogue prices'),
};

const TABS = ['users', 'phrases', 'catalog'] as const;

export default function AdminPage({ query }: ScreenProps) {
  const { t } = useLang();
  const asked = query.get('tab');
  const tab = TABS.find((k) => k === asked) ?? 'users';
  return (
    <section>
      <PageTitle>{t(TEXT.title)}</PageTitle>
      <TabLinks
        label={t(TEXT.tabs)}
        current={tab}
        tabs={TABS.map((key) => ({ key, to: `/admin?tab=${key}`, label: t(TEXT[key]) }))}
      />
      {tab === 'users' && <StaffUsers />}
      {tab === 'phrases' && <Phrases />}
      {tab === 'catalog' && <CatalogPrices />}
    </section>
  );
}
