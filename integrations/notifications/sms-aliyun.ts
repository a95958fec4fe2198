/** The Alibaba Cloud SMS adapter (dysmsapi 2017-05-25, SendSms). */
import Dysmsapi, { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { Config as OpenApiConfig } from '@alicloud/openapi-client';
import type { SmsMessage, SmsSender } from './ports';

/** Settings of the Alibaba Cloud adapter (from `ALIYUN_SMS_*`). */
export interface AliyunSmsSettings {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  endpoint: string;
  /** Product template name → Alibaba Cloud template code (`SMS_123456789`). */
  templates: Record<string, string>;
}

/** Sends SMS through Alibaba Cloud with a registered template per message kind. */
export class AliyunSmsSender implements SmsSender {
  readonly provider = 'aliyun';
  private readonly client: Dysmsapi;

  constructor(private readonly settings: AliyunSmsSettings) {
    this.client = new Dysmsapi(
      new OpenApiConfig({
        accessKeyId: settings.accessKeyId,
        accessKeySecret: settings.accessKeySecret,
        endpoint: settings.endpoint,
      }),
    );
  }

  async send(message: SmsMessage): Promise<string | null> {
    const templateCode = this.settings.templates[message.template.replace(/[^a-z0-9]+/gi, '_').toLowerCase()];
    if (!templateCode)
      throw new Error(`no Alibaba Cloud template configured for "${message.template}" (ALIYUN_SMS_TEMPLATE_*)`);
    const res = await this.client.sendSms(
      new SendSmsRequest({
        phoneNumbers: message.to,
        signName: this.settings.signName,
        templateCode,
        templateParam: JSON.stringify(message.params),
      }),
    );
    if (res.body?.code !== 'OK')
      throw new Error(`Alibaba Cloud SMS refused the message: ${res.body?.code ?? 'no code'}`);
    return res.body.bizId ?? null;
  }
}
