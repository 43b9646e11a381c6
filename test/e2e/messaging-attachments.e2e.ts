import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type AttachmentDescriptor,
  decryptAttachment,
  encryptAttachment,
  sha256Digest,
  toB64,
  utf8,
} from '@liaison/e2ee';
import { aPerson, aThread, type Person } from '../support/messaging.js';
import type { TestUser } from '../support/identity.js';
import { startTestApi, type TestApi } from '../support/test-api.js';

const LIMIT = 1024 * 1024;
const CANARY = 'CANARY-attachment-4b1d-do-not-store-in-clear';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * Encrypted attachments of MLS threads: each file encrypted by the sender's client under its own
 * key, the descriptor (key and hash) only inside the MLS message; the server streams ciphertext.
 */
describe('messaging: encrypted attachments', () => {
  let api: TestApi;
  let ana: Person, jurgen: Person, outsider: Person;
  let threadId: string;
  const store = () => join(api.dataDir, 'attachments');
  const url = (thread: string, id: string) => `/api/v1/threads/${thread}/attachments/${id}`;
  const put = (
    user: TestUser,
    thread: string,
    id: string,
    body: Uint8Array | ReadableStream<Uint8Array>,
    headers: Record<string, string> = {},
  ) =>
    api.fetch(url(thread, id), {
      method: 'PUT',
      headers: { ...user.auth, 'content-type': 'application/octet-stream', ...headers },
      body,
      // Node's fetch streams a ReadableStream body only in half-duplex mode.
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);

  beforeAll(async () => {
    api = await startTestApi({ ATTACHMENT_MAX_BYTES: String(LIMIT) });
    [ana, jurgen, outsider] = [await aPerson(api), await aPerson(api), await aPerson(api)];
    threadId = await aThread(ana, [jurgen]);
  });
  afterAll(async () => {
    await api.close();
  });

  it('stores the ciphertext a member uploads and gives it to members only; the recipient decrypts it', async () => {
    const id = crypto.randomUUID();
    const plaintext = utf8(`Report with a canary: ${CANARY} `.repeat(2000));
    const { descriptor, ciphertext } = encryptAttachment(plaintext, { id, name: 'report.txt', type: 'text/plain' });
    const uploaded = await put(ana.user, threadId, id, ciphertext);
    expect(uploaded.status).toBe(201);
    expect(await uploaded.json()).toMatchObject({ id, threadId, size: ciphertext.length, sha256: descriptor.sha256 });
    await ana.client.send(threadId, { text: 'the report', attachments: [descriptor] });

    // Jürgen reads the descriptor in the message, downloads the ciphertext and opens it.
    const events = await jurgen.client.sync(threadId);
    const received = events.flatMap((e) => (e.kind === 'message' ? (e.body.attachments ?? []) : []));
    expect(received).toEqual([descriptor]);
    const got: AttachmentDescriptor = received[0]!;
    const download = await api.fetch(url(threadId, got.id), { headers: jurgen.user.auth });
    expect(download.status).toBe(200);
    expect(download.headers.get('cache-control')).toContain('no-store');
    expect(download.headers.get('x-content-sha256')).toBe(got.sha256);
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(toB64(sha256Digest(bytes))).toBe(got.sha256);
    expect(new TextDecoder().decode(decryptAttachment(bytes, got))).toContain(CANARY);
    // Altered bytes are refused by the client.
    bytes[100] ^= 1;
    expect(() => decryptAttachment(bytes, got)).toThrow(expect.objectContaining({ reason: 'attachment_corrupted' }));

    // Someone outside the thread can neither read nor write (even with devices of their own).
    expect((await api.fetch(url(threadId, id), { headers: outsider.user.auth })).status).toBe(404);
    expect((await put(outsider.user, threadId, crypto.randomUUID(), new Uint8Array(10))).status).toBe(404);
    expect((await put(ana.user, threadId, id, new Uint8Array(10))).status).toBe(409);
    expect((await put(ana.user, threadId, 'not-an-id', new Uint8Array(10))).status).toBe(400);
    expect((await api.fetch(url(threadId, crypto.randomUUID()), { headers: ana.user.auth })).status).toBe(404);

    // The store holds ciphertext only.
    const files = await filesUnder(store());
    expect(files).toHaveLength(1);
    for (const file of files) expect((await readFile(file)).includes(CANARY)).toBe(false);
  });

  it('refuses an attachment over the limit, declared or streamed, and keeps nothing of it', async () => {
    const before = await filesUnder(store());
    const declared = await put(ana.user, threadId, crypto.randomUUID(), new Uint8Array(LIMIT + 1));
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
    const streamed = await put(jurgen.user, threadId, crypto.randomUUID(), stream);
    expect(streamed.status).toBe(413);
    expect(await filesUnder(store())).toEqual(before);
  });
});
