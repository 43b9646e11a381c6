/** A calendar part sent as `text/calendar; method=...` alongside the text. */
export interface CalendarPart {
  method: 'REQUEST' | 'CANCEL' | 'PUBLISH';
  content: string;
  filename?: string;
}

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html?: string;
  calendar?: CalendarPart;
  headers?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
}

/** Where every e-mail leaves Liaison: SMTP in production, `.eml` files in embedded mode. */
export abstract class MailPort {
  abstract send(message: MailMessage): Promise<SentMail>;
  abstract close(): Promise<void>;

  /**
   * Forgets mail kept here that names these addresses (an erasure): the `.eml` outbox deletes
   * such files; SMTP keeps nothing, so there is nothing to forget. Returns how many went.
   */
  forget(_addresses: string[]): Promise<number> {
    return Promise.resolve(0);
  }
}
