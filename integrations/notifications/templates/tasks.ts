/** Human tasks of every process: the reminder at the due time, the escalation after it. */
import { SIGNATURE, type TemplateSet } from './template';

/** Templates by name. */
export const taskTemplates: TemplateSet = {
  'task.reminder': (p) => ({
    sms: `您有待办任务“${p.title}”已到办理时限（${p.dueAt}），请及时处理。`,
    subject: `待办提醒 / Task reminder: ${p.title}`,
    email: `您有待办任务“${p.title}”已到办理时限（${p.dueAt}），请及时处理：${p.link}\n\nThe task "${p.title}" was due at ${p.dueAt}. Please act on it: ${p.link}\n\n${SIGNATURE}`,
  }),
  'task.escalation': (p) => ({
    sms: `任务“${p.title}”已超时未办理（时限 ${p.dueAt}），已升级由您处理。`,
    subject: `任务升级 / Task escalated: ${p.title}`,
    email: `任务“${p.title}”已超时未办理（时限 ${p.dueAt}），已升级由您处理：${p.link}\n\nThe task "${p.title}" is overdue (due ${p.dueAt}) and has been escalated to you: ${p.link}\n\n${SIGNATURE}`,
  }),
};
