/** The composition root: the shared services of a running product — database (migrated), notifier, secret store, CA, payments. */
import fs from 'node:fs';
import path from 'node:path';
import { BuiltinCa } from './ca/builtin-ca';
import type { CertificateAuthority } from './ca/ca';
import { AliyunSmsSender } from './notifications/sms-aliyun';
import { SmtpEmailSender } from './notifications/email-smtp';
import { Notifier, outboxSender } from './notifications/notifier';
import { productTemplates } from './notifications/templates';
import { AlipayProvider } from './payments/alipay';
import type { PaymentProvider } from './payments/ports';
import { PaymentSimulator } from './payments/simulator';
import { WechatPayProvider } from './payments/wechatpay';
import { WechatPaySimulator } from './payments/wechatpay-simulator';
import type { Config } from '../platform/config';
import { openDb, type Db } from '../platform/db';
import { migrateToLatest } from '../platform/db/migrate';
import { SecretStore } from '../platform/secret-store';

/** What the API and the workers share. */
export interface Services {
  db: Db;
  notifier: Notifier;
  secrets: SecretStore;
  ca: CertificateAuthority;
  payments: PaymentProvider;
  /** The development payment simulator when it is the provider. */
  simulator: PaymentSimulator | null;
  /** 微信支付, when offered: the real API, or the simulator playing it in the embedded default. */
  wechatpay: WechatPayProvider | null;
  /** The simulator playing WeChat Pay, when it does. */
  wechatpaySimulator: WechatPaySimulator | null;
  close(): Promise<void>;
}

/** The certificate authority from configuration: key files, or the built-in CA's folder. */
export async function openCa(config: Config): Promise<CertificateAuthority> {
  const { ca } = config;
  if (ca.keyPath && ca.certPath) {
    return BuiltinCa.fromPem({
      keyPem: fs.readFileSync(ca.keyPath, 'utf8'),
      certPem: fs.readFileSync(ca.certPath, 'utf8'),
      crlUrl: ca.crlUrl,
    });
  }
  return BuiltinCa.open({ dir: ca.dir, crlUrl: ca.crlUrl });
}

/** Opens the database, applies migrations, and wires notification, CA and payment providers from `config`. */
export async function openServices(config: Config, db?: Db): Promise<Services> {
  const database = db ?? (await openDb(config));
  await migrateToLatest(database);
  const sms = config.sms.aliyun ? new AliyunSmsSender(config.sms.aliyun) : outboxSender;
  const email = config.email.smtpUrl ? new SmtpEmailSender(config.email.smtpUrl, config.email.from) : outboxSender;
  const { alipay } = config.payments;
  const simulator = alipay ? null : PaymentSimulator.open(config.payments.simulatorDir, config.http.publicUrl);
  const payments: PaymentProvider = alipay
    ? new AlipayProvider({
        appId: alipay.appId,
        privateKeyPem: fs.readFileSync(alipay.privateKeyPath, 'utf8'),
        alipayPublicKeyPem: fs.readFileSync(alipay.alipayPublicKeyPath, 'utf8'),
        gateway: alipay.gateway,
      })
    : simulator!;
  const { wechatpay: wechat, wechatpayProvider } = config.payments;
  const wechatpaySimulator =
    wechatpayProvider === 'simulator'
      ? WechatPaySimulator.open(path.join(config.payments.simulatorDir, 'wechatpay'), config.http.publicUrl)
      : null;
  const wechatpay = wechat
    ? new WechatPayProvider({
        mchId: wechat.mchId,
        appId: wechat.appId,
        merchantSerial: wechat.merchantSerial,
        merchantPrivateKeyPem: fs.readFileSync(wechat.privateKeyPath, 'utf8'),
        apiV3Key: fs.readFileSync(wechat.apiV3KeyPath, 'utf8').trim(),
        platformKeyPem: fs.readFileSync(wechat.platformKeyPath, 'utf8'),
        platformKeyId: wechat.platformKeyId ?? undefined,
        baseUrl: wechat.baseUrl,
      })
    : wechatpaySimulator
      ? new WechatPayProvider(wechatpaySimulator.settings(), wechatpaySimulator.transport)
      : null;
  return {
    db: database,
    notifier: new Notifier(database, sms, email, config.secretStoreKey, productTemplates),
    secrets: new SecretStore(database, config.secretStoreKey),
    ca: await openCa(config),
    payments,
    simulator,
    wechatpay,
    wechatpaySimulator,
    close: () => database.destroy(),
  };
}
