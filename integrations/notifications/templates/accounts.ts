/** Enterprise accounts: the activation link and the password reset link. */
import type { TemplateSet } from './template';

/** Templates by name. */
export const accountTemplates: TemplateSet = {
  'account.activation': (p) => ({
    sms: `【兰溪公共资源交易】您的账号 ${p.loginName} 已注册，请在 ${p.hours} 小时内打开链接激活：${p.link}`,
    subject: '激活您的账号 / Activate your account',
    email: `您好，${p.contactName}：\n\n您为“${p.entityName}”注册的账号 ${p.loginName} 需要激活。请在 ${p.hours} 小时内打开以下链接，或在激活页面输入激活码：\n${p.link}\n激活码：${p.token}\n\nHello ${p.contactName}, the account ${p.loginName} registered for "${p.entityName}" needs activating within ${p.hours} hours: ${p.link}\nActivation code: ${p.token}`,
  }),
  'account.password_reset': (p) => ({
    sms: `您正在重置账号 ${p.loginName} 的密码，请在 ${p.minutes} 分钟内打开：${p.link}。如非本人操作请忽略。`,
    subject: '重置密码 / Reset your password',
    email: `您正在重置账号 ${p.loginName} 的密码。请在 ${p.minutes} 分钟内打开以下链接设置新密码：\n${p.link}\n重置码：${p.token}\n如非本人操作，请忽略本邮件。\n\nA password reset was asked for the account ${p.loginName}. Open the link within ${p.minutes} minutes: ${p.link}\nReset code: ${p.token}\nIf this was not you, ignore this email.`,
  }),
};
