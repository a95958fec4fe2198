/** The SMTP email adapter (nodemailer). */
import nodemailer, { type Transporter } from 'nodemailer';
import type { EmailMessage, EmailSender } from './ports';

/** Sends email over SMTP (`SMTP_URL`, e.g. `smtps://user:pass@smtp.example.com:465`). */
export class SmtpEmailSender implements EmailSender {
  readonly provider = 'smtp';
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(message: EmailMessage): Promise<string | null> {
    const info = await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
    });
    return info.messageId ?? null;
  }
}
