import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { MailPort, type MailMessage, type SentMail } from './mail.port.js';

function toNodemailer(from: string, message: MailMessage) {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: message.headers,
    icalEvent: message.calendar
      ? {
          method: message.calendar.method,
          content: message.calendar.content,
          filename: message.calendar.filename ?? 'invite.ics',
        }
      : undefined,
  };
}

/** Sends through an SMTP server (nodemailer), pooled. */
export class SmtpMailer extends MailPort {
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    super();
    this.transport = nodemailer.createTransport(url);
  }

  async send(message: MailMessage): Promise<SentMail> {
    const info = await this.transport.sendMail(toNodemailer(this.from, message));
    return { messageId: info.messageId };
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/** Writes each message as an RFC 5322 `.eml` file: the embedded mode's outbox. */
export class OutboxMailer extends MailPort {
  private readonly transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(
    private readonly dir: string,
    private readonly from: string,
  ) {
    super();
  }

  async send(message: MailMessage): Promise<SentMail> {
    const info = (await this.transport.sendMail(toNodemailer(this.from, message))) as {
      messageId: string;
      message: Buffer;
    };
    await mkdir(this.dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    await writeFile(join(this.dir, `${stamp}-${randomUUID()}.eml`), info.message, { mode: 0o600 });
    return { messageId: info.messageId };
  }

  async close(): Promise<void> {
    this.transport.close();
  }
  override async forget(addresses: string[]): Promise<number> {
    const needles = addresses.map((a) => a.toLowerCase()).filter(Boolean);
    if (needles.length === 0) return 0;
    const files = await readdir(this.dir).catch(() => [] as string[]);
    let removed = 0;
    for (const file of files.filter((f) => f.endsWith('.eml'))) {
      const text = (await readFile(join(this.dir, file), 'utf8').catch(() => '')).toLowerCase();
      // Whole addresses only: forgetting an@x.org keeps jan@x.org's mail.
      if (
        needles.some((n) => new RegExp(`(?<![\\w.+-])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`).test(text))
      ) {
        await rm(join(this.dir, file), { force: true });
        removed += 1;
      }
    }
    return removed;
  }
}
