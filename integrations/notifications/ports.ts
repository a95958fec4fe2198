/** The notification ports: how the product sends an SMS or an email, whatever the provider. */

/** An SMS ready to send: the template the provider knows, its parameters, and the rendered text. */
export interface SmsMessage {
  to: string;
  template: string;
  params: Record<string, string>;
  text: string;
}

/** An email ready to send. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends SMS through a provider. */
export interface SmsSender {
  readonly provider: string;
  /** Sends one SMS; resolves with the provider's message ID, rejects on failure. */
  send(message: SmsMessage): Promise<string | null>;
}

/** Sends email through a provider. */
export interface EmailSender {
  readonly provider: string;
  /** Sends one email; resolves with the provider's message ID, rejects on failure. */
  send(message: EmailMessage): Promise<string | null>;
}
