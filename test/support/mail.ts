import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestApi } from './test-api.js';

/** A raw RFC 5322 message, split just enough for tests: headers, and its text/calendar part decoded. */
export interface RawMail {
  raw: string;
  to: string;
  subject: string;
  header(name: string): string | undefined;
  calendar: string | null;
}

const decodeWord = (value: string) =>
  value.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, encoding: string, text: string) =>
    encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );

function decodePart(body: string, encoding: string | undefined): string {
  const e = (encoding ?? '7bit').toLowerCase();
  if (e === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (e === 'quoted-printable')
    return Buffer.from(
      body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  return body;
}

function headersOf(block: string): Map<string, string> {
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  const map = new Map<string, string>();
  for (const line of unfolded.split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0) map.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
  }
  return map;
}

export function parseMail(raw: string): RawMail {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = headersOf(raw.slice(0, split));
  let calendar: string | null = null;
  // Every MIME part whose own headers say text/calendar (the first one: nodemailer adds it once as an alternative).
  const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
  for (const part of parts) {
    const end = part.search(/\r?\n\r?\n/);
    if (end < 0) continue;
    const h = headersOf(part.slice(0, end));
    if (!/^text\/calendar/i.test(h.get('content-type') ?? '')) continue;
    const body = part
      .slice(end)
      .replace(/^\r?\n\r?\n/, '')
      .replace(/\r?\n--[^\r\n]*--\s*$/, '');
    calendar = decodePart(body, h.get('content-transfer-encoding'));
    break;
  }
  return {
    raw,
    to: headers.get('to') ?? '',
    subject: decodeWord(headers.get('subject') ?? ''),
    header: (name) => headers.get(name.toLowerCase()),
    calendar,
  };
}

/** Every message in the API's outbox (embedded-style mail) to this address, oldest first. */
export async function mailsTo(api: TestApi, email: string): Promise<RawMail[]> {
  const dir = join(api.dataDir, 'outbox');
  const files = (await readdir(dir).catch(() => [] as string[])).sort();
  const mails: RawMail[] = [];
  for (const file of files) {
    const mail = parseMail(await readFile(join(dir, file), 'utf8'));
    if (mail.to === email) mails.push(mail);
  }
  return mails;
}

/** Polls the outbox until `count` messages to the address satisfy `match`. */
export async function awaitMails(
  api: TestApi,
  email: string,
  match: (m: RawMail) => boolean,
  count = 1,
  ms = 10_000,
): Promise<RawMail[]> {
  const until = Date.now() + ms;
  for (;;) {
    const found = (await mailsTo(api, email)).filter(match);
    if (found.length >= count) return found;
    if (Date.now() > until) throw new Error(`expected ${count} matching mail(s) to ${email}, found ${found.length}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
