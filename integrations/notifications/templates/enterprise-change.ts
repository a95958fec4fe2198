/** Change of enterprise information (变更): returned, approved, rejected, withdrawn. */
import { fieldNames, sentence, type TemplateSet } from './template';

/** Templates by name. */
export const enterpriseChangeTemplates: TemplateSet = {
  'enterprise_change.returned': (p) => ({
    sms: `您的企业信息变更申请已被退回补正：${sentence(p.reason)}需补正：${fieldNames(p.fields, 'zh')}。请登录系统修改后重新提交。`,
    subject: '企业信息变更退回补正 / Change request returned for correction',
    email: `您的企业信息变更申请已被退回补正。\n意见：${p.reason}\n需补正的内容：${fieldNames(p.fields, 'zh')}\n请登录系统修改后重新提交。\n\nYour change of enterprise information was returned for correction.\nReason: ${p.reason}\nTo correct: ${fieldNames(p.fields, 'en')}\nPlease sign in, correct and resubmit.`,
  }),
  'enterprise_change.approved': () => ({
    sms: '您的企业信息变更已审核通过。企业名称或统一社会信用代码有变化的，请在“我的证书”中办理证书补办。',
    subject: '企业信息变更审核通过 / Change of enterprise information approved',
    email:
      '您的企业信息变更已审核通过，企业资料已更新。企业名称或统一社会信用代码有变化的，原证书的主题信息已不符，请在“我的证书”中办理证书补办。\n\nYour change of enterprise information is approved and the enterprise record updated. If the name or the credit code changed, the certificates name the old one: order their re-issue under My certificates.',
  }),
  'enterprise_change.rejected': (p) => ({
    sms: `您的企业信息变更未通过审核：${sentence(p.reason)}`,
    subject: '企业信息变更未通过 / Change of enterprise information rejected',
    email: `您的企业信息变更未通过审核。\n原因：${p.reason}\n\nYour change of enterprise information was rejected.\nReason: ${p.reason}`,
  }),
  'enterprise_change.withdrawn': (p) => ({
    sms: `您的企业信息变更申请已撤回（${p.reason}）。`,
    subject: '企业信息变更申请已撤回 / Change request withdrawn',
    email: `您的企业信息变更申请已撤回：${p.reason}\n\nYour change request was withdrawn: ${p.reason}`,
  }),
};
