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
}
