/**
 * The console's screens: one entry per URL. A screen's code is loaded when it is first opened (its own
 * chunk), so the sign-in page carries none of it. A screen with `menu` appears in the menu of the
 * people holding one of its `roles`; anyone else opening its URL gets the not-found page.
 */
import type { ComponentType } from 'react';
import { outboxAvailable } from '../api/operations';
import type { Role, User } from '../api/types';
import { msg, type Bilingual } from '../i18n';
import { STAFF_ROLES } from '../i18n/labels';

/** What a screen component receives. */
export interface ScreenProps {
  /** The `:name` parts of its path. */
  params: Record<string, string>;
  query: URLSearchParams;
  user: User;
}

/** One screen of the console. */
export interface Screen {
  /** Console path, with `:name` parameters (`/tasks/:id`). */
  path: string;
  /** The page title (also the menu entry's text). */
  title: Bilingual;
  /** Who may open it: holders of any of these roles. */
  roles: readonly Role[];
  /** Listed in the menu (screens reached by links only leave it false). */
  menu: boolean;
  /** The start page of the people holding one of its `roles` (else their first menu entry is). */
  home?: boolean;
  /**
   * A menu group (企业信息 → 基础信息): the group's screens share one menu entry (`menu`, leading to the
   * first of them) and, on each of them, a row of tabs named `section`.
   */
  group?: MenuGroup;
  /** For a screen this server may lack: whether it has it (its menu entry shows once this answers true). */
  available?: () => Promise<boolean>;
  load: () => Promise<{ default: ComponentType<ScreenProps> }>;
}

/** A menu entry shared by several screens, and the name of their row of tabs. */
export interface MenuGroup {
  menu: Bilingual;
  section: Bilingual;
}

/** 企业信息 → 基础信息: the enterprise's registered information (变更) and its CA bindings. */
const ENTERPRISE_BASICS: MenuGroup = {
  menu: msg('企业信息', 'Enterprise'),
  section: msg('基础信息', 'Basic information'),
};

/** Every screen, in menu order. */
export const SCREENS: Screen[] = [
  {
    path: '/inbox',
    title: msg('待办任务', 'Inbox'),
    roles: STAFF_ROLES,
    menu: true,
    load: () => import('../inbox/InboxPage'),
  },
  {
    path: '/tasks/:id',
    title: msg('办理任务', 'Task'),
    roles: STAFF_ROLES,
    menu: false,
    load: () => import('../tasks/TaskPage'),
  },
  {
    path: '/processes',
    title: msg('业务流程', 'Processes'),
    roles: ['operator', 'admin'],
    menu: true,
    load: () => import('../operator/ProcessesPage'),
  },
  {
    path: '/processes/:id',
    title: msg('流程详情', 'Process'),
    roles: ['operator', 'admin'],
    menu: false,
    load: () => import('../operator/ProcessPage'),
  },
  {
    path: '/certificates',
    title: msg('证书管理', 'Certificates'),
    roles: ['ca_admin', 'operator', 'admin'],
    menu: true,
    load: () => import('../ca/CertificatesPage'),
  },
  {
    path: '/admin',
    title: msg('系统管理', 'Administration'),
    roles: ['admin'],
    menu: true,
    load: () => import('../admin/AdminPage'),
  },
  {
    path: '/dev/outbox',
    title: msg('开发发件箱', 'Dev outbox'),
    roles: ['operator', 'admin'],
    menu: true,
    available: outboxAvailable,
    load: () => import('../operator/OutboxPage'),
  },
  {
    path: '/portal/case',
    title: msg('我的业务', 'My case'),
    roles: ['applicant'],
    menu: true,
    home: true,
    load: () => import('../portal/station/MyCasePage'),
  },
  {
    path: '/portal/registration',
    title: msg('资料完善', 'Complete registration'),
    roles: ['applicant'],
    menu: true,
    load: () => import('../portal/registration/RegistrationPage'),
  },
  {
    path: '/portal/registration/status',
    title: msg('注册审核进度', 'Registration status'),
    roles: ['applicant'],
    menu: true,
    load: () => import('../portal/registration/StatusPage'),
  },
  {
    path: '/portal/orders/new',
    title: msg('选择服务', 'Services'),
    roles: ['applicant'],
    menu: true,
    load: () => import('../portal/order/CataloguePage'),
  },
  {
    path: '/portal/orders/new/:id',
    title: msg('填写订单', 'Order form'),
    roles: ['applicant'],
    menu: false,
    load: () => import('../portal/order/OrderFormPage'),
  },
  {
    path: '/portal/orders',
    title: msg('我的订单', 'My orders'),
    roles: ['applicant'],
    menu: true,
    load: () => import('../portal/order/MyOrdersPage'),
  },
  {
    path: '/portal/orders/:id',
    title: msg('订单详情', 'Order details'),
    roles: ['applicant'],
    menu: false,
    load: () => import('../portal/order/OrderDetailPage'),
  },
  {
    path: '/portal/orders/:id/payment',
    title: msg('支付', 'Payment'),
    roles: ['applicant'],
    menu: false,
    load: () => import('../portal/order/PaymentPage'),
  },
  {
    path: '/portal/orders/:id/materials',
    title: msg('提交材料', 'Materials'),
    roles: ['applicant'],
    menu: false,
    load: () => import('../portal/order/MaterialsPage'),
  },
  {
    path: '/portal/orders/:id/application-form',
    title: msg('打印申请单', 'Application form'),
    roles: ['applicant'],
    menu: false,
    load: () => import('../portal/order/ApplicationFormPage'),
  },
  {
    path: '/portal/station',
    title: msg('待制作证书', 'Certificates to make'),
    roles: ['applicant'],
    menu: true,
    load: () => import('../portal/station/ProductionPage'),
  },
  {
    path: '/portal/station/orders/:id',
    title: msg('制证', 'Make UKeys'),
    roles: ['applicant'],
    menu: false,
    load: () => import('../portal/station/MakeUKeyPage'),
  },
  {
    path: '/portal/enterprise/ca-bindings',
    title: msg('CA 绑定信息', 'CA bindings'),
    roles: ['applicant'],
    menu: true,
    group: ENTERPRISE_BASICS,
    load: () => import('../portal/station/BindingsPage'),
  },
  {
    path: '/portal/certificates',
    title: msg('我的证书', 'My certificates'),
    roles: ['applicant'],
    menu: true,
    load: () => import('../portal/station/MyCertificatesPage'),
  },
  {
    path: '/portal/enterprise/change',
    title: msg('变更', 'Change'),
    roles: ['applicant'],
    menu: true,
    group: ENTERPRISE_BASICS,
    load: () => import('../portal/enterprise/ChangePage'),
  },
  {
    path: '/portal/receipts',
    title: msg('我的签收', 'My deliveries'),
    roles: ['applicant'],
    menu: true,
    load: () => import('../portal/order/ReceiptsPage'),
  },
  {
    path: '/portal/certificates/:serial/renew',
    title: msg('证书续期', 'Renew a certificate'),
    roles: ['applicant'],
    menu: false,
    load: () => import('../portal/station/RenewalPage'),
  },
];

/** The screens `user` may open. */
export function screensFor(user: User): Screen[] {
  return SCREENS.filter((s) => s.roles.some((r) => user.roles.includes(r)));
}
