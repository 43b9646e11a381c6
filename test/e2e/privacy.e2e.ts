import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { DeviceClient } from '@liaison/e2ee';
import { PrivacyService } from '@liaison/privacy';
import { aContact, anOrganisation } from '../support/directory.js';
import { aUser, PASSWORD, signIn, type TestUser } from '../support/identity.js';
import { aPerson, memoryStorage, type Person, transportOf } from '../support/messaging.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

const DAY = 86_400_000;
const localIn = (days: number, hour = 9) => {
  const d = new Date(Date.now() + days * DAY);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
};

/**
 * Privacy rights: a person's export of everything held about them, the secretariat's erasure of
 * a departed person (everywhere, audit chain intact) and retention applied by the job.
 */
describe('privacy rights', () => {
  let api: TestApi;
  let db: DataSource;
  let secretariat: TestUser;
  let orgAdmin: TestUser;
  let organisationId: string;
  const NAME = 'Grzegorz Brzęczyszczykiewicz';
  const EMAIL = `grzegorz.b.${Date.now()}@police.example.test`;
  let departing: Person;
  let contact: { id: string; version: number };
  let colleague: Person;
  let threadId: string;

  const call = (user: TestUser, method: string, path: string, body?: unknown) =>
    api.json(method, `/api/v1${path}`, body, user.auth);
  const fresh = async (user: TestUser) => {
    const proved = await call(user, 'POST', '/auth/reauthenticate', {
      password: PASSWORD,
      // A recovery code each time: a TOTP code is refused the second time in its window.
      ...(user.recoveryCodes?.length ? { code: user.recoveryCodes.pop() } : {}),
    });
    if (proved.status >= 300) throw new Error(JSON.stringify(proved.body));
  };

  beforeAll(async () => {
    api = await startTestApi();
    db = api.app.get(DataSource);
    secretariat = await aUser(api, { role: 'secretariat' });
    organisationId = await anOrganisation(api, secretariat, { kind: 'law_enforcement', countryCode: 'PL' });
    orgAdmin = await aUser(api, { role: 'org_admin', organisationId });
    contact = await aContact(api, secretariat, {
      organisationId,
      fullName: NAME,
      emails: [EMAIL],
      position: 'Head of the victim identification unit',
      phones: [{ kind: 'work', number: '+48 22 621 20 20' }],
      languages: ['pl', 'en'],
    });
    // The person has an account with the entry's address, a device, a thread, a group, an item.
    const user = await aUser(api, { email: EMAIL, organisationId });
    expect((await call(user, 'PATCH', '/me', { displayName: NAME })).status).toBe(200);
    const { client } = await DeviceClient.setUp(user.id, transportOf(api, user), memoryStorage());
    departing = { user, client };
    colleague = await aPerson(api);
    threadId = crypto.randomUUID();
    await colleague.client.startThread(threadId, [departing.user.id]);
    await departing.client.joinWelcomes();
    await departing.client.send(threadId, { text: 'Handing over the case files tomorrow.' });
    const group = await call(orgAdmin, 'POST', '/groups', {
      name: 'Victim identification',
      purpose: `Chaired until May by ${NAME}.`,
      members: [{ userId: departing.user.id, role: 'member' }],
    });
    expect(group.status).toBe(201);
    const plan = await call(orgAdmin, 'POST', '/plans', {
      groupId: group.body.id,
      title: 'Handover plan',
      tlp: 'GREEN',
      status: 'active',
    });
    expect(plan.status).toBe(201);
    const item = await call(orgAdmin, 'POST', `/plans/${plan.body.id}/items`, {
      title: 'Hand over the open cases',
      description: `Write to ${EMAIL} first; Grzegorz Nowak keeps the list.`,
      assigneeIds: [departing.user.id],
    });
    expect(item.status).toBe(201);
    const comment = await call(orgAdmin, 'POST', `/items/${item.body.id}/comments`, {
      body: `Ask ${NAME} (${EMAIL}) for the list first.`,
    });
    expect(comment.status).toBe(201);
    expect(
      (await call(orgAdmin, 'POST', `/items/${item.body.id}/comments`, { body: 'Grzegorz Nowak has the list.' }))
        .status,
    ).toBe(201);
    // An invitation naming them in a delegation (someone else's answer) and their own answer.
    const a = await call(secretariat, 'POST', '/announcements', {
      title: 'Expert meeting',
      body: 'Please answer.',
      audience: { include: [{ users: [departing.user.id, orgAdmin.id] }] },
      event: {
        startsAt: localIn(20),
        endsAt: localIn(20, 17),
        timeZone: 'Europe/Warsaw',
        location: 'Warsaw',
        rsvpDeadline: localIn(10),
      },
    });
    expect(a.status).toBe(201);
    expect(
      (await call(secretariat, 'POST', `/announcements/${a.body.id}/publish`, { version: a.body.version })).status,
    ).toBe(200);
    for (let tries = 0; tries < 200; tries++) {
      if ((await call(secretariat, 'GET', `/announcements/${a.body.id}`)).body.fannedOut) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const eventId = a.body.event.id as string;
    expect(
      (
        await call(orgAdmin, 'POST', `/events/${eventId}/rsvp`, {
          response: 'accepted',
          delegation: [{ name: NAME, role: 'head_of_delegation', level: 'senior_official' }],
        })
      ).status,
    ).toBeLessThan(300);
    const own = await call(departing.user, 'POST', `/events/${eventId}/rsvp`, {
      response: 'accepted',
      delegation: [{ name: NAME, role: 'head_of_delegation', level: 'expert' }],
      dietary: 'coeliac',
    });
    if (own.status >= 300) throw new Error(JSON.stringify(own.body));
    // A failed sign-in with their address: the audit log names them.
    await signIn(api, EMAIL, 'not the password at all');
    // An event naming them and someone else, who leaves later.
    await api.app.get(AuditService).record({
      action: 'directory.handover.noted',
      actorId: secretariat.id,
      details: { note: `${NAME} hands over to Ewa Zielińska` },
    });
  }, 60_000);
  afterAll(async () => {
    await api.close();
  });

  describe('export', () => {
    it('gives a person everything held about them, and nothing about anyone else', async () => {
      const res = await call(departing.user, 'GET', '/me/personal-data');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ format: 'liaison.personal-data/1', subject: { userId: departing.user.id } });
      expect(res.body.summary).toMatchObject({
        identity: { sessions: expect.any(Number) },
        directory: { entries: 1 },
        messaging: { devices: 1, threads: 1 },
        planning: { workingGroups: 1, assignments: 1 },
        outreach: { announcements: 1, rsvps: 1 },
      });
      expect(res.body.summary.audit.events).toBeGreaterThan(0);
      const text = JSON.stringify(res.body);
      expect(text).toContain('Head of the victim identification unit');
      expect(text).toContain('coeliac');
      expect(text).not.toContain(secretariat.email);
      expect(text).not.toContain('secret');
      expect(text).not.toMatch(/password_?hash|token_?hash|"\$argon2/i);
    });

    it('is the caller’s own: no one else’s export, no export without a session', async () => {
      expect((await api.json('GET', '/api/v1/me/personal-data')).status).toBe(401);
      const other = await call(orgAdmin, 'GET', '/me/personal-data');
      expect(other.body.subject.userId).toBe(orgAdmin.id);
      const text = JSON.stringify(other.body);
      expect(text).not.toContain(departing.user.id);
      expect(text).not.toContain('coeliac');
      expect(text).not.toContain('Head of the victim identification unit');
    });
  });

  describe('erasure', () => {
    it('is the secretariat’s, with fresh authentication, of a departed entry only', async () => {
      const body = { contactId: contact.id, reason: `${NAME} left the service; erasure asked by the unit` };
      expect((await call(orgAdmin, 'POST', '/privacy/erasures', body)).status).toBe(403);
      expect((await call(orgAdmin, 'POST', '/privacy/erasures/preview', { contactId: contact.id })).status).toBe(403);
      expect((await call(departing.user, 'POST', '/privacy/erasures', body)).status).toBe(403);
      const bad = await call(secretariat, 'POST', '/privacy/erasures', { contactId: 'nope', reason: '' });
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['contactId', 'reason']);
      await db.query(`UPDATE session SET reauthenticated_at = NULL WHERE user_id = $1`, [secretariat.id]);
      expect((await call(secretariat, 'POST', '/privacy/erasures', body)).body.code).toBe('reauthentication_required');
      await fresh(secretariat);
      const active = await call(secretariat, 'POST', '/privacy/erasures', body);
      expect(active.status).toBe(409);
      expect(active.body.code).toBe('contact_not_departed');
      const unknown = await call(secretariat, 'POST', '/privacy/erasures/preview', { contactId: crypto.randomUUID() });
      expect(unknown.status).toBe(404);
    });

    it('needs the account disabled first, so an entry cannot take a live account along', async () => {
      const departed = await call(secretariat, 'PATCH', `/directory/contacts/${contact.id}`, {
        version: contact.version,
        status: 'departed',
      });
      expect(departed.status).toBe(200);
      // A departed entry made up with a colleague's address would take their account along.
      const decoy = await aContact(api, secretariat, {
        organisationId,
        fullName: 'Somebody Who Left',
        emails: [orgAdmin.email.toUpperCase()],
      });
      await call(secretariat, 'PATCH', `/directory/contacts/${decoy.id}`, {
        version: decoy.version,
        status: 'departed',
      });
      await fresh(secretariat);
      const refused = await call(secretariat, 'POST', '/privacy/erasures', { contactId: decoy.id, reason: 'left' });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('account_active');
      expect((await call(orgAdmin, 'GET', '/me')).status).toBe(200);
      // Nor can an entry listing two people's addresses take the second account along.
      const [one, two] = await Promise.all([aUser(api, { organisationId }), aUser(api, { organisationId })]);
      await call(secretariat, 'PATCH', `/users/${one.id}`, { status: 'disabled' });
      const pair = await aContact(api, secretariat, {
        organisationId,
        fullName: 'Two People',
        emails: [one.email, two.email],
      });
      await call(secretariat, 'PATCH', `/directory/contacts/${pair.id}`, { version: pair.version, status: 'departed' });
      const several = await call(secretariat, 'POST', '/privacy/erasures', { contactId: pair.id, reason: 'left' });
      expect(several.body.code).toBe('several_accounts');
      const active = await call(secretariat, 'POST', '/privacy/erasures', { contactId: contact.id, reason: 'left us' });
      expect(active.body.code).toBe('account_active');
      expect((await call(secretariat, 'PATCH', `/users/${departing.user.id}`, { status: 'disabled' })).status).toBe(
        200,
      );
    });

    it('previews what it will change without changing it', async () => {
      const preview = await call(secretariat, 'POST', '/privacy/erasures/preview', { contactId: contact.id });
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({
        names: expect.arrayContaining([NAME]),
        hasAccount: true,
        counts: {
          identity: { accounts: 1 },
          directory: { entries: 1 },
          messaging: { threadsLeft: 1 },
          planning: {
            assignments: 1,
            groupMemberships: 1,
            commentsRewritten: 1,
            groupsRewritten: 1,
            itemsRewritten: 1,
          },
          outreach: { rsvps: 1, delegationsRewritten: 2 },
        },
      });
      expect(preview.body.counts.audit.events).toBeGreaterThan(0);
      const still = await call(secretariat, 'GET', `/directory/contacts/${contact.id}`);
      expect(still.body.fullName).toBe(NAME);
    });

    it('leaves no trace of the person’s name or address in any table, and the audit chain verifies', async () => {
      await fresh(secretariat);
      const body = { contactId: contact.id, reason: `${NAME} left the service; erasure asked by the unit` };
      // Two at once: one erases, the other finds it done.
      const both = await Promise.all([
        call(secretariat, 'POST', '/privacy/erasures', body),
        call(secretariat, 'POST', '/privacy/erasures', body),
      ]);
      expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
      const erased = both.find((r) => r.status === 201)!;
      const pseudonym = erased.body.pseudonym as string;
      expect(pseudonym).toMatch(/^∅ [0-9A-Z]{5}$/);
      expect(erased.body.reason).toBe(`${pseudonym} left the service; erasure asked by the unit`);

      // Every text column of every table, searched for the name, its parts and the address.
      const columns = (await db.query(
        `SELECT table_name AS t, column_name AS c FROM information_schema.columns
          WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'jsonb', 'ARRAY', 'USER-DEFINED')
            AND table_name NOT IN ('schema_migrations')`,
      )) as { t: string; c: string }[];
      const found: string[] = [];
      for (const { t, c } of columns) {
        const [{ n }] = (await db.query(
          `SELECT count(*)::int AS n FROM "${t}" WHERE "${c}"::text ILIKE ANY($1::text[])`,
          [[`%${EMAIL}%`, `%${NAME}%`, '%Brzęczyszczykiewicz%', '%brzeczyszczykiewicz%', '%Head of the victim%']],
        )) as { n: number }[];
        if (n > 0) found.push(`${t}.${c}: ${n}`);
      }
      expect(found).toEqual([]);
      // Another Grzegorz is someone else: a first name alone is never replaced.
      const [{ n: nowak }] = (await db.query(
        `SELECT count(*)::int AS n FROM action_item_comment WHERE body = 'Grzegorz Nowak has the list.'`,
      )) as { n: number }[];
      expect(nowak).toBe(1);
      // Nor in the e-mails kept in the outbox (embedded mode).
      const outbox = join(api.dataDir, 'outbox');
      for (const file of await readdir(outbox).catch(() => [] as string[]))
        expect((await readFile(join(outbox, file), 'utf8')).toLowerCase()).not.toContain(EMAIL.toLowerCase());

      const verify = await call(secretariat, 'GET', '/audit/verify');
      expect(verify.body).toMatchObject({ ok: true });
      expect(verify.body.redacted).toBeGreaterThan(0);
      const events = await call(secretariat, 'GET', '/audit?action=privacy.erased');
      expect(events.body.items[0]).toMatchObject({ actorId: secretariat.id, details: { pseudonym } });
    });

    it('keeps what others rely on under the pseudonym, and the person can no longer get in', async () => {
      const entry = await call(secretariat, 'GET', `/directory/contacts/${contact.id}`);
      expect(entry.body).toMatchObject({ fullName: expect.stringMatching(/^∅ /), status: 'departed' });
      // Secretariat-only from now on (their organisation's admins see the pseudonym, as for any such entry).
      expect((await call(colleague.user, 'GET', `/directory/contacts/${contact.id}`)).status).toBe(404);
      expect((await call(orgAdmin, 'GET', `/directory/contacts/${contact.id}`)).body.fullName).toMatch(/^∅ /);
      expect((await signIn(api, EMAIL, PASSWORD)).status).toBe(401);
      expect((await call(departing.user, 'GET', '/me')).status).toBe(401);
      // Their messages stay as ciphertext; the colleague still reads the thread.
      const [{ n }] = (await db.query(
        `SELECT count(*)::int AS n FROM mls_message WHERE thread_id = $1 AND sender_user_id = $2`,
        [threadId, departing.user.id],
      )) as { n: number }[];
      expect(n).toBeGreaterThan(0);
      const members = await call(colleague.user, 'GET', `/threads/${threadId}`);
      expect(JSON.stringify(members.body)).not.toContain(NAME);
      const again = await call(secretariat, 'POST', '/privacy/erasures', { contactId: contact.id, reason: 'again' });
      expect([403, 409]).toContain(again.status);
    });

    it('a changed redacted event, or a redaction no erasure declared, is refused and breaks the chain', async () => {
      const audit = api.app.get(AuditService);
      const [row] = (await db.query(`SELECT seq FROM audit_event WHERE redacted_by IS NOT NULL LIMIT 1`)) as {
        seq: string;
      }[];
      await expect(db.query(`UPDATE audit_event SET details = '{}'::jsonb WHERE seq = $1`, [row.seq])).rejects.toThrow(
        /append-only/,
      );
      // Another person's event, rewritten as if the erasure had redacted it.
      const [erasure] = (await db.query(
        `SELECT seq FROM audit_event WHERE action = 'privacy.erased' ORDER BY seq DESC LIMIT 1`,
      )) as { seq: string }[];
      const [victim] = (await db.query(
        `SELECT seq FROM audit_event WHERE salt IS NOT NULL AND seq < $1 ORDER BY seq DESC LIMIT 1`,
        [erasure.seq],
      )) as { seq: string }[];
      const forge = `UPDATE audit_event SET details = '{"forged": true}', ip = '10.6.6.6', salt = NULL, redacted_by = $2
                      WHERE seq = $1`;
      await expect(db.query(forge, [victim.seq, erasure.seq])).rejects.toThrow(/append-only/);
      // An operator who switches the trigger off is caught by verification.
      const [original] = (await db.query(`SELECT ip, details, salt FROM audit_event WHERE seq = $1`, [victim.seq])) as {
        ip: string | null;
        details: unknown;
        salt: Buffer;
      }[];
      const withoutTrigger = async (sql: string, params: unknown[]) =>
        db.transaction(async (m) => {
          await m.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
          await m.query(sql, params);
          await m.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
        });
      await withoutTrigger(forge, [victim.seq, erasure.seq]);
      expect(await audit.verify()).toMatchObject({ ok: false, brokenAt: Number(victim.seq) });
      await withoutTrigger(
        `UPDATE audit_event SET ip = $2, details = $3::jsonb, salt = $4, redacted_by = NULL WHERE seq = $1`,
        [victim.seq, original.ip, JSON.stringify(original.details), original.salt],
      );
      expect((await audit.verify()).ok).toBe(true);
    });
  });

  describe('a second erasure', () => {
    it('redacts again an event the first one redacted, and the chain still verifies', async () => {
      const ewa = await aContact(api, secretariat, {
        organisationId,
        fullName: 'Ewa Zielińska',
        emails: [`ewa.z.${Date.now()}@police.example.test`],
      });
      await call(secretariat, 'PATCH', `/directory/contacts/${ewa.id}`, { version: ewa.version, status: 'departed' });
      await fresh(secretariat);
      const erased = await call(secretariat, 'POST', '/privacy/erasures', { contactId: ewa.id, reason: 'retired' });
      expect(erased.status).toBe(201);
      const [event] = (await db.query(
        `SELECT details, redacted_by::int AS "redactedBy" FROM audit_event WHERE action = 'directory.handover.noted'`,
      )) as { details: { note: string }; redactedBy: number }[];
      expect(event.details.note).toMatch(/^∅ [0-9A-Z]{5} hands over to ∅ [0-9A-Z]{5}$/);
      expect(event.redactedBy).toBe(erased.body.auditSeq);
      expect(await api.app.get(AuditService).verify()).toMatchObject({ ok: true });
    });
  });

  describe('retention', () => {
    it('is read by anyone signed in and set by the secretariat within bounds', async () => {
      const read = await call(orgAdmin, 'GET', '/privacy/retention');
      expect(read.status).toBe(200);
      expect(read.body.items.map((i: { kind: string }) => i.kind)).toEqual(['audit_events', 'deliveries', 'messages']);
      expect((await call(orgAdmin, 'PUT', '/privacy/retention', { messagesDays: 30 })).status).toBe(403);
      const bad = await call(secretariat, 'PUT', '/privacy/retention', { auditEventsDays: 10, messagesDays: 'x' });
      expect(bad.status).toBe(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'auditEventsDays',
        'messagesDays',
      ]);
      expect((await call(secretariat, 'PUT', '/privacy/retention', {})).status).toBe(400);
      // Shorter periods remove records for good: a session alone does not set them.
      await db.query(`UPDATE session SET reauthenticated_at = NULL WHERE user_id = $1`, [secretariat.id]);
      const stale = await call(secretariat, 'PUT', '/privacy/retention', { messagesDays: 30 });
      expect(stale.body.code).toBe('reauthentication_required');
      await fresh(secretariat);
      const set = await call(secretariat, 'PUT', '/privacy/retention', {
        messagesDays: 30,
        deliveriesDays: 365,
        auditEventsDays: 90,
      });
      expect(set.status).toBe(200);
      expect(set.body.items).toEqual(
        expect.arrayContaining([expect.objectContaining({ kind: 'messages', days: 30, minimumDays: 1 })]),
      );
    });

    it('removes what is older than its period and prunes the audit log behind a verified checkpoint', async () => {
      const audit = api.app.get(AuditService);
      // Younger than 90 days, an event cannot be deleted, even behind a checkpoint.
      await expect(db.query(`DELETE FROM audit_event WHERE seq = 1`)).rejects.toThrow(/append-only/);
      await db.query(`UPDATE mls_message SET created_at = now() - interval '40 days' WHERE thread_id = $1`, [threadId]);
      await db.query(`UPDATE announcement_delivery SET delivered_at = now() - interval '400 days'`);
      // The log as if it had been written over 400 days (all but its newest event).
      const before = await audit.verify();
      await db.transaction(async (m) => {
        await m.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
        await m.query(`UPDATE audit_event SET at = at - interval '400 days' WHERE seq < $1`, [before.events]);
        await m.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
      });
      const removed = await api.app.get(PrivacyService).applyRetention(new Date());
      expect(removed.messaging.messages).toBeGreaterThan(0);
      expect(removed.outreach.deliveries).toBeGreaterThan(0);
      expect(removed.audit.events).toBe(before.events - 1);
      expect(await audit.verify()).toMatchObject({ ok: true, events: before.events + 1 });
      const retention = await call(secretariat, 'GET', '/privacy/retention');
      expect(retention.body.items.find((i: { kind: string }) => i.kind === 'audit_events').lastRemoved).toBe(
        before.events - 1,
      );
      // The checkpoint neither moves back nor goes, and one moved by an operator fails verification.
      await expect(db.query(`UPDATE audit_checkpoint SET through_seq = 1`)).rejects.toThrow(/only moves forward/);
      await expect(db.query(`DELETE FROM audit_checkpoint`)).rejects.toThrow(/only moves forward/);
      await db.query(`ALTER TABLE audit_checkpoint DISABLE TRIGGER audit_checkpoint_forward`);
      await db.query(`UPDATE audit_checkpoint SET head = repeat('0', 64)`);
      expect((await audit.verify()).ok).toBe(false);
    });
  });
});
