/** The shared services of a running product: database (migrated), notifier, secret store. */
import { AliyunSmsSender } from '../activities/notifications/sms-aliyun';
import { SmtpEmailSender } from '../activities/notifications/email-smtp';
import { Notifier, outboxSender } from '../activities/notifications/notifier';
import type { Config } from './config';
import { openDb, type Db } from './db';
import { migrateToLatest } from './db/migrate';
import { SecretStore } from './secret-store';

/** What the API and the workers share. */
export interface Services {
  db: Db;
  notifier: Notifier;
  secrets: SecretStore;
  close(): Promise<void>;
}

/** Opens the database, applies migrations, and wires the notification providers from `config`. */
export async function openServices(config: Config, db?: Db): Promise<Services> {
  const database = db ?? (await openDb(config));
  await migrateToLatest(database);
  const sms = config.sms.aliyun ? new AliyunSmsSender(config.sms.aliyun) : outboxSender;
  const email = config.email.smtpUrl ? new SmtpEmailSender(config.email.smtpUrl, config.email.from) : outboxSender;
  return {
    db: database,
    notifier: new Notifier(database, sms, email, config.secretStoreKey),
    secrets: new SecretStore(database, config.secretStoreKey),
    close: () => database.destroy(),
  };
}
