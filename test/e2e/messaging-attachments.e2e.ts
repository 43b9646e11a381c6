import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decryptAttachment, encryptAttachment, sha256Digest, toB64, utf8 } from '@liaison/e2ee';
import { AttachmentsService } from '@liaison/messaging';
import { aUser, type TestUser } from '../support/identity.js';
import { aMember, aThread, type Member, openThread } from '../support/messaging.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

const LIMIT = 1024 * 1024;
const CANARY = 'CANARY-attachment-4b1d-do-not-store-in-clear';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('messaging: encrypted attachments, retention and deletion', () => {
  let api: TestApi;
  let ana: Member, jurgen: Member;
  let outsider: TestUser;
  let threadId: string;
  const store = () => join(api.dataDir, 'attachments');
  const put = (
    user: TestUser,
    thread: string,
    id: string,
    body: Uint8Array | ReadableStream<Uint8Array>,
    headers: Record<string, string> = {},
  ) =>
    api.fetch(`/api/v1/threads/${thread}/attachments/${id}`, {
      method: 'PUT',
      headers: { ...user.auth, 'content-type': 'application/octet-stream', ...headers },
      body,
      // Node's fetch streams a ReadableStream body only in half-duplex mode.
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);

  beforeAll(async () => {
    api = await startTestApi({ ATTACHMENT_MAX_BYTES: String(LIMIT) });
    [ana, jurgen] = await Promise.all([aMember(api), aMember(api)]);
    outsider = await aUser(api);
    threadId = await aThread(api, ana, [{ member: jurgen }]);
  });
  afterAll(async () => {
    await api.close();
  });

  it('stores the ciphertext a member uploads and gives it to members only; the recipient decrypts it', async () => {
    const id = crypto.randomUUID();
    const plaintext = utf8(`Report with a canary: ${CANARY} `.repeat(2000));
    const { descriptor, ciphertext } = encryptAttachment(plaintext, { id, name: 'report.txt', type: 'text/plain' });
    const uploaded = await put(ana, threadId, id, ciphertext);
    expect(uploaded.status).toBe(201);
    expect(await uploaded.json()).toMatchObject({ id, size: ciphertext.length, sha256: descriptor.sha256 });

    const download = await api.fetch(`/api/v1/threads/${threadId}/attachments/${id}`, { headers: jurgen.auth });
    expect(download.status).toBe(200);
    expect(download.headers.get('cache-control')).toContain('no-store');
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(toB64(sha256Digest(bytes))).toBe(descriptor.sha256);
    expect(new TextDecoder().decode(decryptAttachment(bytes, descriptor))).toContain(CANARY);
    // Altered bytes are refused by the client.
    bytes[100] ^= 1;
    expect(() => decryptAttachment(bytes, descriptor)).toThrow(
      expect.objectContaining({ reason: 'attachment_corrupted' }),
    );

    for (const user of [outsider]) {
      expect((await api.fetch(`/api/v1/threads/${threadId}/attachments/${id}`, { headers: user.auth })).status).toBe(
        404,
      );
      expect((await put(user, threadId, crypto.randomUUID(), new Uint8Array(10))).status).toBe(404);
    }
    expect((await put(ana, threadId, id, new Uint8Array(10))).status).toBe(409);
    expect((await put(ana, threadId, 'not-an-id', new Uint8Array(10))).status).toBe(400);
    expect(
      (await api.fetch(`/api/v1/threads/${threadId}/attachments/${crypto.randomUUID()}`, { headers: ana.auth })).status,
    ).toBe(404);

    // The store holds ciphertext only.
    const files = await filesUnder(store());
    expect(files).toHaveLength(1);
    for (const file of files) expect((await readFile(file)).includes(CANARY)).toBe(false);
  });

  it('refuses an attachment over the limit, declared or streamed, and keeps nothing of it', async () => {
    const before = await filesUnder(store());
    const declared = await put(ana, threadId, crypto.randomUUID(), new Uint8Array(LIMIT + 1));
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { code: string }).code).toBe('attachment_too_large');
    // Streamed without a length: counted while it arrives.
    const chunk = new Uint8Array(256 * 1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= LIMIT * 2) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const streamed = await put(ana, threadId, crypto.randomUUID(), stream);
    expect(streamed.status).toBe(413);
    expect(await filesUnder(store())).toEqual(before);
  });

  it('deletes messages and attachments older than the thread’s retention, and nothing else', async () => {
    const kept = await aThread(api, ana, [{ member: jurgen }]);
    const short = await aThread(api, ana, [{ member: jurgen }], { retentionDays: 1 });
    for (const thread of [kept, short]) {
      const client = await openThread(api, ana, thread);
      const {
        threadId: _t,
        senderUserId: _s,
        ...wire
      } = client.encrypt({ v: 1, kind: 'text', text: 'old' }, crypto.randomUUID());
      expect((await api.json('POST', `/api/v1/threads/${thread}/messages`, wire, ana.auth)).status).toBe(201);
      const { ciphertext } = encryptAttachment(utf8('old file'), {
        id: crypto.randomUUID(),
        name: 'a',
        type: 'text/plain',
      });
      expect((await put(ana, thread, crypto.randomUUID(), ciphertext)).status).toBe(201);
    }
    const service = api.app.get(AttachmentsService);
    expect(await service.applyRetention(new Date())).toEqual({ messages: 0, attachments: 0 });
    const twoDaysOn = new Date(Date.now() + 2 * 24 * 3600 * 1000);
    expect(await service.applyRetention(twoDaysOn)).toEqual({ messages: 1, attachments: 1 });
    const count = async (thread: string) =>
      (await api.json('GET', `/api/v1/threads/${thread}/messages`, undefined, ana.auth)).body.items.length;
    expect([await count(kept), await count(short)]).toEqual([1, 0]);
    expect(await filesUnder(join(store(), short))).toEqual([]);
    expect(await filesUnder(join(store(), kept))).toHaveLength(1);
  });

  it('lets only an admin change how long a thread keeps messages', async () => {
    const thread = await aThread(api, ana, [{ member: jurgen }]);
    const patch = (user: TestUser, body: unknown) => api.json('PATCH', `/api/v1/threads/${thread}`, body, user.auth);
    expect((await patch(jurgen, { retentionDays: 30 })).status).toBe(403);
    expect((await patch(outsider, { retentionDays: 30 })).status).toBe(404);
    const bad = await patch(ana, { retentionDays: 0 });
    expect([bad.status, bad.body.details[0].field]).toEqual([400, 'retentionDays']);
    expect((await patch(ana, {})).status).toBe(400);
    const set = await patch(ana, { retentionDays: 30 });
    expect([set.status, set.body.retentionDays]).toEqual([200, 30]);
    expect((await api.json('GET', `/api/v1/threads/${thread}`, undefined, jurgen.auth)).body.retentionDays).toBe(30);
    expect((await patch(ana, { retentionDays: null })).body.retentionDays).toBeNull();
  });

  it('lets only an admin delete a thread, with its messages and attachment files', async () => {
    const thread = await aThread(api, ana, [{ member: jurgen }]);
    const { ciphertext } = encryptAttachment(utf8('to be deleted'), {
      id: crypto.randomUUID(),
      name: 'a',
      type: 'text/plain',
    });
    expect((await put(jurgen, thread, crypto.randomUUID(), ciphertext)).status).toBe(201);
    const byMember = await api.json('DELETE', `/api/v1/threads/${thread}`, undefined, jurgen.auth);
    expect(byMember.status).toBe(403);
    expect((await api.json('DELETE', `/api/v1/threads/${thread}`, undefined, outsider.auth)).status).toBe(404);
    expect((await api.json('DELETE', `/api/v1/threads/${thread}`, undefined, ana.auth)).status).toBe(204);
    expect((await api.json('GET', `/api/v1/threads/${thread}`, undefined, ana.auth)).status).toBe(404);
    expect(await filesUnder(join(store(), thread))).toEqual([]);
  });
});
