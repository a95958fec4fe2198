/** Signing in with a one-time code: the code, and the notice when a number or address serves several accounts. */
import { SIGNATURE, type TemplateSet } from './template';

/** Templates by name. */
export const signInTemplates: TemplateSet = {
  'auth.sign_in_code': (p) => ({
    sms: `您的登录验证码为 ${p.code}，${p.minutes} 分钟内有效，仅可使用一次。请勿告诉他人；如非本人操作请忽略。`,
    subject: '登录验证码 / Your sign-in code',
    email: `您正在登录账号 ${p.loginName}，验证码为：${p.code}\n${p.minutes} 分钟内有效，仅可使用一次。请勿告诉他人；如非本人操作，请忽略本邮件。\n\nYour code to sign in to ${p.loginName} is ${p.code}. It works once, within ${p.minutes} minutes. Tell nobody; if this was not you, ignore this email.\n\n${SIGNATURE}`,
  }),
  'auth.sign_in_code_ambiguous': () => ({
    sms: `有人请求用本号码登录，但本号码属于多个账号，无法用验证码登录。请使用用户名和密码登录；如非本人操作请忽略。`,
    subject: '无法用验证码登录 / Cannot sign in with a code',
    email: `有人请求用本邮箱登录，但本邮箱属于多个账号，无法用验证码登录。请使用用户名和密码登录；如非本人操作，请忽略本邮件。\n\nA sign-in code was asked for this address, but it belongs to several accounts, so it cannot be used to sign in. Sign in with your login name and password; if this was not you, ignore this email.\n\n${SIGNATURE}`,
  }),
};
