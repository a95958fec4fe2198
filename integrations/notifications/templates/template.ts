/** What a notification template is: params in, the texts of both channels out. SMS in Chinese; email in Chinese and English. */

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
