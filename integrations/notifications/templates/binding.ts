/** Process 4, CA binding: the changes decided. */
import type { TemplateSet } from './template';

/** Templates by name. */
export const bindingTemplates: TemplateSet = {
  'binding.decided': (p) => ({
    sms: `您提交的 CA 锁绑定变更已审核：通过 ${p.approved} 项，未通过 ${p.rejected} 项。详情请登录系统查看。`,
    subject: 'CA 锁绑定审核结果 / CA-lock binding decided',
    email: `您提交的 CA 锁绑定变更已审核：通过 ${p.approved} 项，未通过 ${p.rejected} 项。\n\nYour CA-lock binding changes were decided: ${p.approved} approved, ${p.rejected} refused.`,
  }),
};
