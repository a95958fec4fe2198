/** The texts the product sends, by template name. SMS in Chinese; email in Chinese and English. */

/** A rendered message for both channels. */
export interface Rendered {
  sms: string;
  subject: string;
  email: string;
}

type Params = Record<string, string>;
type Template = (p: Params) => Rendered;

const SIGNATURE = '兰溪市公共资源交易中心 / Lanxi Public Resource Trading Centre';

const templates: Record<string, Template> = {
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

/** Registers further templates (each process adds its own). */
export function addTemplates(more: Record<string, Template>): void {
  for (const [name, t] of Object.entries(more)) {
    if (templates[name]) throw new Error(`notification template "${name}" is defined twice`);
    templates[name] = t;
  }
}

/** Renders `name` with `params`; throws on an unknown template. */
export function render(name: string, params: Params): Rendered {
  const t = templates[name];
  if (!t) throw new Error(`unknown notification template "${name}"`);
  return t(params);
}
