/**
 * Sends notifications exactly once per message key: the row in `notifications` is claimed before the
 * provider is called and marked sent after, so a retried activity does not send twice, and a send that
 * failed (or a worker that died mid-send) is tried again. The development outbox is the table itself:
 * its message is recorded as sent in one statement, so no crash can send it twice.
 */
import { sql } from 'kysely';
import type { Db } from '../../platform/db';
import { EFFECT_ATTEMPT_MS } from '../../workflows/activity-options';
import { seal, unseal } from '../../platform/seal';
import type { EmailSender, SmsSender } from './ports';
import type { TemplateRegistry } from './templates';

/** One message to one recipient. */
export interface Notification {
  /** Unique per message; the same key is never sent twice. */
  key: string;
  channel: 'sms' | 'email';
  to: string;
  template: string;
  params: Record<string, string>;
}

/** A message as the development outbox lists it. */
export interface OutboxItem {
  channel: 'sms' | 'email';
  to: string;
  subject: string | null;
  body: string;
  at: string;
}

/** A claim older than this is from a worker that died mid-send (no attempt of a sending activity lasts longer). */
const STALE_CLAIM_MS = EFFECT_ATTEMPT_MS;

/** Sends SMS and email through the configured providers. */
export class Notifier {
  constructor(
    private readonly db: Db,
    private readonly sms: SmsSender,
    private readonly email: EmailSender,
    private readonly sealKey: Buffer,
    /** The texts it sends, by template name. */
    private readonly templates: TemplateRegistry,
  ) {}

  /** Sends `n` unless a message with its key was already sent; returns false when it was. */
  async send(n: Notification): Promise<boolean> {
    const rendered = this.templates.render(n.template, n.params);
    const sender = n.channel === 'sms' ? this.sms : this.email;
    const keepBody = sender.provider === 'outbox';
    const body = n.channel === 'sms' ? rendered.sms : rendered.email;
    const subject = n.channel === 'email' ? rendered.subject : null;
    const deliver = () =>
      n.channel === 'sms'
        ? this.sms.send({ to: n.to, template: n.template, params: n.params, text: rendered.sms })
        : this.email.send({ to: n.to, subject: rendered.subject, text: rendered.email });
    if (keepBody) return this.keep(n, seal(this.sealKey, body), subject, deliver);
    const claimed = await this.claim(n, subject, sender.provider);
    if (!claimed) return false;
    try {
      const ref = await deliver();
      await this.db
        .updateTable('notifications')
        .set({ status: 'sent', sent_at: new Date(), provider_ref: ref })
        .where('message_key', '=', n.key)
        .execute();
      return true;
    } catch (err) {
      await this.db
        .deleteFrom('notifications')
        .where('message_key', '=', n.key)
        .where('status', '=', 'sending')
        .execute();
      throw err;
    }
  }

  /** Records a message of the development outbox as sent, unless its key was; true if it was recorded now. */
  private async keep(
    n: Notification,
    bodySealed: string,
    subject: string | null,
    deliver: () => Promise<unknown>,
  ): Promise<boolean> {
    const known = await this.db
      .selectFrom('notifications')
      .select('id')
      .where('message_key', '=', n.key)
      .executeTakeFirst();
    if (known) return false;
    await deliver();
    const inserted = await this.db
      .insertInto('notifications')
      .values({
        message_key: n.key,
        channel: n.channel,
        recipient: n.to,
        template: n.template,
        subject,
        body_sealed: bodySealed,
        provider: 'outbox',
        status: 'sent',
        sent_at: new Date(),
      })
      .onConflict((oc) => oc.column('message_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    return !!inserted;
  }

  private async claim(n: Notification, subject: string | null, provider: string): Promise<boolean> {
    const inserted = await this.db
      .insertInto('notifications')
      .values({
        message_key: n.key,
        channel: n.channel,
        recipient: n.to,
        template: n.template,
        subject,
        body_sealed: null,
        provider,
        status: 'sending',
      })
      .onConflict((oc) =>
        oc
          .column('message_key')
          .doUpdateSet({ created_at: sql`now()` })
          .where('notifications.status', '=', 'sending')
          .where('notifications.created_at', '<', new Date(Date.now() - STALE_CLAIM_MS)),
      )
      .returning('id')
      .executeTakeFirst();
    if (inserted) return true;
    const existing = await this.db
      .selectFrom('notifications')
      .select('status')
      .where('message_key', '=', n.key)
      .executeTakeFirst();
    if (existing?.status === 'sent') return false;
    throw new Error(`notification ${n.key} is being sent by another worker`);
  }

  /** The development outbox: messages kept by the outbox provider, newest first. */
  async outbox(to: string | null, limit: number): Promise<OutboxItem[]> {
    let q = this.db
      .selectFrom('notifications')
      .select(['channel', 'recipient', 'subject', 'body_sealed', 'created_at'])
      .where('provider', '=', 'outbox')
      .where('body_sealed', 'is not', null);
    // (an email address is looked up case-insensitively)
    if (to) q = q.where(sql`lower(recipient)`, '=', to.trim().toLowerCase());
    const rows = await q.orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      channel: r.channel,
      to: r.recipient,
      subject: r.subject,
      body: unseal(this.sealKey, r.body_sealed as string),
      at: r.created_at.toISOString(),
    }));
  }
}

/** The development provider: the message is kept (sealed) in the database and listed by the outbox endpoint. */
export const outboxSender: SmsSender & EmailSender = {
  provider: 'outbox',
  async send() {
    return null;
  },
};
