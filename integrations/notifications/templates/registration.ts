/** Process 1, enterprise registration: returned, approved, rejected, withdrawn. */
import { fieldNames, sentence, type TemplateSet } from './template';

/** Templates by name. */
export const registrationTemplates: TemplateSet = {
  'registration.returned': (p) => ({
    sms: `您的企业注册资料已被退回补正：${sentence(p.reason)}需补正：${fieldNames(p.fields, 'zh')}。请登录系统修改后重新提交。`,
    subject: '企业注册资料退回补正 / Registration returned for correction',
    email: `您的企业注册资料已被退回补正。\n意见：${p.reason}\n需补正的内容：${fieldNames(p.fields, 'zh')}\n请登录系统修改后重新提交。\n\nYour registration was returned for correction.\nReason: ${p.reason}\nTo correct: ${fieldNames(p.fields, 'en')}\nPlease sign in, correct and resubmit.`,
  }),
  'registration.approved': () => ({
    sms: '您的企业注册已审核通过，账号已激活，可办理 CA 数字证书业务。',
    subject: '企业注册审核通过 / Registration approved',
    email:
      '您的企业注册已审核通过，企业账号已激活，可以申领 CA 数字证书。\n\nYour enterprise registration is approved and the enterprise is active; you may now order a CA certificate.',
  }),
  'registration.rejected': (p) => ({
    sms: `您的企业注册未通过审核：${sentence(p.reason)}如有疑问请致电 0579-88894332。`,
    subject: '企业注册未通过 / Registration rejected',
    email: `您的企业注册未通过审核。\n原因：${p.reason}\n您可以修改资料后重新提交。如有疑问请致电 0579-88894332。\n\nYour registration was rejected.\nReason: ${p.reason}\nYou may correct the profile and submit again.`,
  }),
  'registration.withdrawn': (p) => ({
    sms: `您的企业注册申请已撤回（${p.reason}）。`,
    subject: '企业注册申请已撤回 / Registration withdrawn',
    email: `您的企业注册申请已撤回：${p.reason}\n\nYour registration application was withdrawn: ${p.reason}`,
  }),
};
