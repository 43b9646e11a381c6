// Publishing to 10,000 recipients, in rounds on a fresh database. Each round measures
//  - the baseline: a bare `INSERT INTO announcement_delivery ... SELECT $1, unnest($2::uuid[])` of the
//    10,000 rows, straight through `pg`;
//  - POST /api/v1/announcements/:id/publish: how long the request takes (target <= 300 ms), and how
//    long until every delivery row exists (target <= 2x the baseline), polled every 2 ms;
//  - the 10,000 e-mails the publication owes, through nodemailer (pooled SMTP) to a local
//    `smtp-server`, from the publish request until the last is recorded as sent;
//  - the baseline: a bare nodemailer pool loop sending 10,000 messages of the same size to the same
//    server (target: ours at >= 0.8x its rate).
// Everything (API, jobs, SMTP server) runs in this one process, so the ratios compare like with like.
// Run after `node scripts/build-server.mjs`:
//   node bench/outreach.mjs [rounds, default 5] [recipients, default 10000]
// Uses the PostgreSQL server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432); creates
// and finally drops its own database there.
import http from 'node:http';
import nodemailer from 'nodemailer';
import { generate } from 'otplib';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { InvitationsService } from '../dist/libs/identity/src/index.js';
import { mailFor } from '../dist/libs/outreach/src/delivery/mail-content.js';
import { BenchDatabase } from './support/bench-database.mjs';
import { jsonRequester } from './support/json-request.mjs';

const ROUNDS = Number(process.argv[2] ?? 5);
const RECIPIENTS = Number(process.argv[3] ?? 10_000);
const POOL = 5;
const TARGETS = { publishMs: 300, deliveryRatio: 2, mailRatio: 0.8 };

const database = new BenchDatabase('outreach');
const benchUrl = database.url;
const log = (...args) => console.log(...args);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const agent = new http.Agent({ keepAlive: true });
const request = jsonRequester(agent);
const until = async (check, everyMs) => {
  for (;;) {
    if (await check()) return performance.now();
    await new Promise((r) => setTimeout(r, everyMs));
  }
};

// A local SMTP server that accepts everything and counts.
let received = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => {});
    stream.on('end', () => {
      received++;
      callback();
    });
  },
});
await new Promise((resolve) => smtp.listen(0, '127.0.0.1', resolve));
const smtpUrl = `smtp://127.0.0.1:${smtp.server.address().port}/?pool=true&maxConnections=${POOL}`;

let api;
const client = await database.create();
try {
  api = await database.startApi({
    SMTP_URL: smtpUrl,
    MAIL_FROM: 'Liaison secretariat <secretariat@bench.test>',
  });

  // One ministry per EU country and 10,000 members spread over them (inserted directly: the
  // accounts are not what is measured); the secretariat signs in the real way.
  const { rows: orgs } = await client.query(
    `INSERT INTO organisation (name, kind, country_code) SELECT 'Ministry ' || code, 'ministry', code FROM country WHERE eu_member RETURNING id`,
  );
  await client.query(
    `INSERT INTO user_account (email, display_name, password_hash, roles, organisation_id)
     SELECT 'member' || n || '@bench.test', 'Member ' || n, '!', '{member}', ($1::uuid[])[n % $2 + 1] FROM generate_series(1, $3) n`,
    [orgs.map((o) => o.id), orgs.length, RECIPIENTS],
  );
  const invitations = api.app.get(InvitationsService);
  const password = 'a long enough benchmark passphrase 2026';
  const { token } = await invitations.invite(null, { email: 'secretariat@bench.test', role: 'secretariat' }, null);
  await invitations.accept(token, password, 'Secretariat', null);
  const signIn = await request(
    'POST',
    `${api.url}/api/v1/auth/login`,
    {},
    { email: 'secretariat@bench.test', password },
  );
  if (!signIn.body.accessToken) throw new Error(`sign-in: ${JSON.stringify(signIn.body)}`);
  // The secretariat must enrol two-step verification before anything else.
  let auth = { authorization: `Bearer ${signIn.body.accessToken}` };
  const enrolled = await request('POST', `${api.url}/api/v1/auth/mfa/enroll`, auth);
  const confirmed = await request('POST', `${api.url}/api/v1/auth/mfa/confirm`, auth, {
    code: await generate({ secret: enrolled.body.secret }),
  });
  if (confirmed.status !== 200) throw new Error(`MFA: ${JSON.stringify(confirmed.body)}`);
  const refreshed = await request(
    'POST',
    `${api.url}/api/v1/auth/refresh`,
    {},
    { refreshToken: signIn.body.refreshToken },
  );
  auth = { authorization: `Bearer ${refreshed.body.accessToken}` };
  const { rows: members } = await client.query(`SELECT id FROM user_account WHERE roles = '{member}'`);
  const memberIds = members.map((m) => m.id);
  await client.query('ANALYZE');
  const audience = { include: [{ roles: ['member'] }] };
  const body = 'The summit takes place in Addis Ababa. Please confirm your delegation.\n\n'.repeat(4);

  // The baseline's message: what the service sends, rendered once.
  const sample = mailFor({
    kind: 'announcement',
    to: { email: 'member1@bench.test', displayName: 'Member 1' },
    announcement: {
      id: '00000000-0000-4000-8000-000000000000',
      title: 'Round',
      body,
      bodyHtml: `<p>${body}</p>`,
      requiresAcknowledgement: false,
      acknowledgeBy: null,
      withdrawnReason: null,
    },
    event: null,
    response: null,
    acknowledged: false,
    publicUrl: 'http://localhost:3000',
    mailFrom: 'Liaison secretariat <secretariat@bench.test>',
  });

  const rounds = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // Baseline 1: the bare INSERT of the same number of delivery rows, for an announcement of its own.
    const { rows: dummy } = await client.query(
      `INSERT INTO announcement (title, audience, status, created_by, updated_by)
       VALUES ('baseline', '{"include":[]}', 'withdrawn', (SELECT id FROM user_account WHERE email = 'secretariat@bench.test'), (SELECT id FROM user_account WHERE email = 'secretariat@bench.test')) RETURNING id`,
    );
    let t = performance.now();
    await client.query(`INSERT INTO announcement_delivery (announcement_id, user_id) SELECT $1, unnest($2::uuid[])`, [
      dummy[0].id,
      memberIds,
    ]);
    const bareInsertMs = performance.now() - t;

    // Ours: draft, then publish; the request's time and the time until every delivery row exists.
    const draft = await request('POST', `${api.url}/api/v1/announcements`, auth, {
      title: `Round ${round}`,
      body,
      audience,
    });
    if (draft.status !== 201) throw new Error(JSON.stringify(draft.body));
    const id = draft.body.id;
    const sentBefore = received;
    t = performance.now();
    const published = await request('POST', `${api.url}/api/v1/announcements/${id}/publish`, auth, {
      version: draft.body.version,
    });
    const publishMs = performance.now() - t;
    if (published.status !== 200) throw new Error(JSON.stringify(published.body));
    const poll = new pg.Client({ connectionString: benchUrl });
    await poll.connect();
    const deliveredAt = await until(
      async () =>
        (await poll.query(`SELECT count(*)::int AS n FROM announcement_delivery WHERE announcement_id = $1`, [id]))
          .rows[0].n >= RECIPIENTS,
      2,
    );
    const deliveryMs = deliveredAt - t;
    const mailedAt = await until(
      async () =>
        (
          await poll.query(
            `SELECT count(*)::int AS n FROM outreach_mail WHERE announcement_id = $1 AND status = 'sent'`,
            [id],
          )
        ).rows[0].n >= RECIPIENTS,
      20,
    );
    await poll.end();
    const mailMs = mailedAt - t;
    const { rows: failed } = await client.query(
      `SELECT count(*)::int AS n FROM outreach_mail WHERE announcement_id = $1 AND status <> 'sent'`,
      [id],
    );

    // Baseline 2: a bare nodemailer pool loop of the same number of messages to the same server.
    const transport = nodemailer.createTransport(smtpUrl);
    const from = 'Liaison secretariat <secretariat@bench.test>';
    t = performance.now();
    await Promise.all(
      memberIds.map((_, n) =>
        transport.sendMail({
          from,
          to: `member${n + 1}@bench.test`,
          subject: sample.subject,
          text: sample.text,
          html: sample.html,
          headers: sample.headers,
        }),
      ),
    );
    const bareMailMs = performance.now() - t;
    transport.close();
    rounds.push({
      round,
      bareInsertMs,
      publishMs,
      deliveryMs,
      mailMs,
      bareMailMs,
      failed: failed[0].n,
      smtpReceived: received - sentBefore,
    });
    log(
      `round ${round}: bare insert ${bareInsertMs.toFixed(1)} ms; publish request ${publishMs.toFixed(1)} ms; all deliveries ${deliveryMs.toFixed(1)} ms (${(deliveryMs / bareInsertMs).toFixed(2)}x); ` +
        `e-mails ${(RECIPIENTS / (mailMs / 1000)).toFixed(0)}/s vs bare pool ${(RECIPIENTS / (bareMailMs / 1000)).toFixed(0)}/s (${(bareMailMs / mailMs).toFixed(2)}x); not sent ${failed[0].n}`,
    );
  }

  const m = (key) => median(rounds.map((r) => r[key]));
  const deliveryRatio = median(rounds.map((r) => r.deliveryMs / r.bareInsertMs));
  const mailRatio = median(rounds.map((r) => r.bareMailMs / r.mailMs));
  log('');
  log(`Median of ${ROUNDS} rounds, ${RECIPIENTS} recipients, SMTP pool of ${POOL} connections:`);
  log('| measure | result | target | met |');
  log('|---|---|---|---|');
  log(
    `| publish request | ${m('publishMs').toFixed(1)} ms (max ${Math.max(...rounds.map((r) => r.publishMs)).toFixed(1)} ms) | <= ${TARGETS.publishMs} ms | ${Math.max(...rounds.map((r) => r.publishMs)) <= TARGETS.publishMs ? 'yes' : 'no'} |`,
  );
  log(
    `| every delivery row written | ${m('deliveryMs').toFixed(1)} ms vs bare INSERT ${m('bareInsertMs').toFixed(1)} ms: ${deliveryRatio.toFixed(2)}x | <= ${TARGETS.deliveryRatio}x | ${deliveryRatio <= TARGETS.deliveryRatio ? 'yes' : 'no'} |`,
  );
  log(
    `| e-mails sent | ${(RECIPIENTS / (m('mailMs') / 1000)).toFixed(0)}/s vs bare pool loop ${(RECIPIENTS / (m('bareMailMs') / 1000)).toFixed(0)}/s: ${mailRatio.toFixed(2)}x | >= ${TARGETS.mailRatio}x | ${mailRatio >= TARGETS.mailRatio ? 'yes' : 'no'} |`,
  );
  log(
    `| e-mails not sent | ${rounds.reduce((s, r) => s + r.failed, 0)} | 0 | ${rounds.every((r) => r.failed === 0) ? 'yes' : 'no'} |`,
  );
} finally {
  await client.end().catch(() => {});
  await api?.close();
  await new Promise((resolve) => smtp.close(resolve));
  await database.cleanUp();
}
