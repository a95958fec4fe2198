/** Words of the applicant's account pages (guide 一.1–3), Chinese first. */
import { msg } from '../../i18n';

/** The account pages' texts. */
export const ACCOUNT_TEXT = {
  register: msg('注册', 'Register'),
  registerTitle: msg('企业用户注册', 'Register an enterprise account'),
  entityName: msg('主体名称', 'Entity name'),
  entityNameHint: msg('请输入主体营业执照上的主体名称', 'The name on the business licence'),
  entityNameShort: msg('主体名称过短', 'The entity name is too short'),
  checkEntityName: msg('检测主体名称', 'Check entity name'),
  entityNameFree: msg('该主体名称可用', 'This entity name is available'),
  loginName: msg('登录用户名', 'Login name'),
  loginNameHint: msg('长度在6-15位，支持英文数字符号', '6–15 letters, digits or _ . - @'),
  loginNameRule: msg(
    '登录名长度 6–15 位，可用英文字母、数字及 _ . - @',
    'A login name has 6–15 letters, digits or _ . - @',
  ),
  checkLoginName: msg('检测登录名', 'Check login name'),
  loginNameFree: msg('该登录用户名可用', 'This login name is available'),
  checking: msg('正在检测…', 'Checking…'),
  password: msg('输入密码', 'Password'),
  passwordHint: msg('长度在6-15位，支持英文数字组合', '6–15 characters, letters and digits combined'),
  passwordRule: msg(
    '密码长度 6–15 位，须同时包含字母和数字',
    'A password has 6–15 characters with both letters and digits',
  ),
  ruleLength: msg('长度 6–15 位', '6–15 characters'),
  ruleLetterDigit: msg('同时包含字母和数字', 'both letters and digits'),
  ruleCharacters: msg(
    '只用字母、数字和常用符号 !@#$%^&*()_+-=.,?',
    'only letters, digits and the symbols !@#$%^&*()_+-=.,?',
  ),
  ruleNotLogin: msg('不能与登录名相同', 'not the same as the login name'),
  ruleMet: msg('已满足', 'met'),
  ruleNotMet: msg('未满足', 'not met'),
  sameAsLogin: msg('密码不能与登录名相同', 'The password must differ from the login name'),
  confirmPassword: msg('确认密码', 'Confirm password'),
  enterConfirm: msg('请再次输入密码', 'Enter the password again'),
  mismatch: msg('两次输入的密码不一致', 'The two passwords do not match'),
  contactName: msg('联系人', 'Contact person'),
  mobile: msg('手机号', 'Mobile'),
  mobileRule: msg('手机号应为以 1 开头的 11 位数字', 'A mobile number has 11 digits starting with 1'),
  email: msg('电子邮箱', 'Email'),
  emailRule: msg('电子邮箱格式不正确', 'This is not a valid email address'),
  required: (label: { zh: string; en: string }) => msg(`请填写${label.zh}`, `Enter the ${label.en.toLowerCase()}`),
  submitRegister: msg('马上注册', 'Register now'),
  back: msg('返回页面', 'Back'),
  registered: msg('注册成功', 'Registered'),
  registeredHint: (email: string) =>
    msg(
      `激活链接已发送到您的电子邮箱 ${email} 和手机，请点击邮件中的链接激活账号，激活后即可登录。`,
      `An activation link was sent to ${email} and to your mobile; open the link in the email to activate the account, then sign in.`,
    ),
  toSignIn: msg('去登录', 'Go to sign-in'),
  backToSignIn: msg('返回登录', 'Back to sign-in'),
  activateTitle: msg('激活账号', 'Activate your account'),
  activateHint: msg(
    '点击下面的按钮激活账号，之后即可登录。',
    'Press the button to activate your account; you can then sign in.',
  ),
  activate: msg('激活', 'Activate'),
  activated: (loginName: string) =>
    msg(`账号 ${loginName} 已激活，请登录`, `The account ${loginName} is active; please sign in`),
  noToken: msg(
    '链接不完整，请从邮件或短信中完整复制；或在下面重新获取激活链接。',
    'The link is incomplete: copy it whole from the message, or ask for a new activation link below.',
  ),
  resendTitle: msg('重新发送激活链接', 'Send the activation link again'),
  resend: msg('重新发送', 'Send again'),
  accountLoginName: msg('用户名', 'Login name'),
  enterLoginName: msg('请输入用户名', 'Enter your login name'),
  resent: msg(
    '如该账号尚未激活，激活链接已重新发送到注册时填写的电子邮箱和手机。',
    'If the account is not yet active, a new activation link was sent to its email and mobile.',
  ),
  forgotTitle: msg('忘记密码', 'Forgot password'),
  forgotHint: msg(
    '输入登录用户名，重置密码的链接将发送到注册时填写的电子邮箱和手机。',
    'Enter your login name; a link to reset the password will be sent to the account’s email and mobile.',
  ),
  sendReset: msg('发送重置链接', 'Send the reset link'),
  resetSent: msg(
    '如该账号存在，重置密码链接已发送到其电子邮箱和手机，请尽快使用（链接有时效）。',
    'If the account exists, a reset link was sent to its email and mobile; use it soon (it expires).',
  ),
  resetTitle: msg('重置密码', 'Reset your password'),
  newPassword: msg('新密码', 'New password'),
  confirmNewPassword: msg('确认新密码', 'Confirm the new password'),
  reset: msg('重置密码', 'Reset password'),
  resetDone: (loginName: string) =>
    msg(`账号 ${loginName} 的密码已重置，请用新密码登录`, `The password of ${loginName} is reset; sign in with it`),
  resetAgain: msg('重新申请重置链接', 'Ask for a new reset link'),
};
