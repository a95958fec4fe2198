/** What a notification template is: params in, the texts of both channels out. SMS in Chinese; email in Chinese and English. */
import { choiceLabel } from '../../../domain/task-labels';

/** A rendered message for both channels. */
export interface Rendered {
  sms: string;
  subject: string;
  email: string;
}

/** A template: its parameters in, the message out. */
export type Template = (params: Record<string, string>) => Rendered;

/** Templates by name (one set per process). */
export type TemplateSet = Record<string, Template>;

/** The sender's name at the end of an email. */
export const SIGNATURE = '兰溪市公共资源交易中心 / Lanxi Public Resource Trading Centre';

/** `text` closed as a Chinese sentence: one full stop, whatever the person who wrote it ended it with. */
export function sentence(text: string): string {
  const t = text.trim();
  if (!t || /[。！？!?]$/.test(t)) return t;
  return `${t.replace(/[.,，;；、:：\s]+$/, '')}。`;
}

/** The fields marked for correction (codes joined by 、) by their names, in Chinese or English. */
export function fieldNames(codes: string, lang: 'zh' | 'en'): string {
  const names = (codes ?? '')
    .split('、')
    .filter(Boolean)
    .map((code) => choiceLabel(code)[lang]);
  return names.join(lang === 'zh' ? '、' : '; ');
}

/** Refused documents as the workflow lists them (`kind：reason；…`), each kind by its name. */
export function documentReasons(listed: string, lang: 'zh' | 'en'): string {
  return (listed ?? '')
    .split('；')
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf('：');
      return at < 0 ? entry : `${choiceLabel(entry.slice(0, at))[lang]}：${entry.slice(at + 1)}`;
    })
    .join('；');
}
