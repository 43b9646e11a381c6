import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { OutboxMailer, SmtpMailer } from '@liaison/core';

const invitation = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Liaison//test//EN',
  'METHOD:REQUEST',
  'BEGIN:VEVENT',
  'UID:summit-2026@liaison.test',
  'DTSTAMP:20261128T120000Z',
  'DTSTART:20261211T070000Z',
  'SUMMARY:Summit',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

describe('mail', () => {
  it('writes an .eml file with the calendar part in embedded mode', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'liaison-outbox-')), 'outbox');
    const mailer = new OutboxMailer(dir, 'Liaison <no-reply@liaison.test>');
    await mailer.send({
      to: 'ana@police.ro.test',
      subject: 'Zaproszenie: spotkanie w Łodzi',
      text: 'Żółć',
      calendar: { method: 'REQUEST', content: invitation },
    });
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const raw = readFileSync(join(dir, files[0]), 'utf8');
    expect(raw).toMatch(/^To: ana@police\.ro\.test$/m);
    expect(raw).toMatch(/text\/calendar; charset=utf-8; method=REQUEST/i);
    expect(raw).toContain('Subject: =?UTF-8?');
  });

  it('delivers through a real SMTP server', async () => {
    const received: { from?: string; to: string[]; data: string }[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            to: session.envelope.rcptTo.map((r) => r.address),
            data,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as { port: number };
    const mailer = new SmtpMailer(`smtp://127.0.0.1:${port}`, 'Liaison <no-reply@liaison.test>');
    try {
      const sent = await mailer.send({
        to: ['jurgen@bka.de.test', 'ana@police.ro.test'],
        subject: 'Hello',
        text: 'Body',
        calendar: { method: 'REQUEST', content: invitation },
      });
      expect(sent.messageId).toMatch(/@/);
      expect(received).toHaveLength(1);
      expect(received[0].from).toBe('no-reply@liaison.test');
      expect(received[0].to).toEqual(['jurgen@bka.de.test', 'ana@police.ro.test']);
      expect(received[0].data).toMatch(/method=REQUEST/);
      expect(received[0].data).toContain('UID:summit-2026@liaison.test');
    } finally {
      await mailer.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
