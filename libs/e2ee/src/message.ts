import { concat, fromB64, fromUtf8, toB64, utf8 } from './bytes.js';
import { canonical, LABEL } from './canonical.js';
import { fail } from './errors.js';
import { deriveKey, NONCE_BYTES, open, seal, sha256Digest, sign, SIGNATURE_BYTES, verify } from './primitives.js';
import type { RosterState, SigningKeysOf } from './roster.js';

/** A message as the server stores and relays it: ciphertext, nonce and signature only. */
export interface EncryptedMessage {
  threadId: string;
  epoch: number;
  senderUserId: string;
  clientMessageId: string;
  /** When the sender's client sent it (ISO 8601); signed, unlike the server's createdAt. */
  sentAt: string;
  nonce: string;
  ciphertext: string;
  signature: string;
}

/** An attachment's description, inside the encrypted plaintext only. */
export interface AttachmentDescriptor {
  id: string;
  name: string;
  type: string;
  size: number;
  /** The attachment's own random key (base64url). */
  key: string;
  /** SHA-256 of the attachment's ciphertext (base64url). */
  sha256: string;
}

/** What a message says, once decrypted: small, versioned JSON. */
export interface MessageBody {
  v: 1;
  kind: 'text' | 'subject';
  text: string;
  replyTo?: string;
  attachments?: AttachmentDescriptor[];
}

export const MAX_PLAINTEXT_BYTES = 64 * 1024;

export const messageKey = (epochSecret: Uint8Array, threadId: string, senderUserId: string): Uint8Array =>
  deriveKey(epochSecret, utf8(threadId), concat(utf8(LABEL.msgkey), utf8(senderUserId)));

const header = (m: Omit<EncryptedMessage, 'nonce' | 'ciphertext' | 'signature'>) =>
  canonical(LABEL.msg, m.threadId, m.epoch, m.senderUserId, m.clientMessageId, m.sentAt);

const signedBytes = (head: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array) =>
  canonical(LABEL.msgsig, head, nonce, ciphertext);

export function encryptMessage(
  body: MessageBody,
  context: {
    threadId: string;
    epoch: number;
    epochSecret: Uint8Array;
    sender: { userId: string; signSecretKey: Uint8Array };
    clientMessageId: string;
    sentAt?: Date;
  },
): EncryptedMessage {
  const plaintext = utf8(JSON.stringify(body));
  if (plaintext.length > MAX_PLAINTEXT_BYTES) throw new RangeError('the message is too long');
  const fields = {
    threadId: context.threadId,
    epoch: context.epoch,
    senderUserId: context.sender.userId,
    clientMessageId: context.clientMessageId,
    sentAt: (context.sentAt ?? new Date()).toISOString(),
  };
  const head = header(fields);
  const key = messageKey(context.epochSecret, context.threadId, context.sender.userId);
  const { nonce, ciphertext } = seal(key, plaintext, head);
  const signature = sign(signedBytes(head, nonce, ciphertext), context.sender.signSecretKey);
  return { ...fields, nonce: toB64(nonce), ciphertext: toB64(ciphertext), signature: toB64(signature) };
}

/** A signature check: the library's strict one by default; a server may pass a native one. */
export type Verifier = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean;

/**
 * The bytes a message's signature covers and the signature, after checking the message's shape
 * (`malformed` otherwise): for servers that verify with their own (native, asynchronous) code.
 */
export function signedMessageParts(m: EncryptedMessage): { bytes: Uint8Array; signature: Uint8Array } {
  let nonce: Uint8Array, ciphertext: Uint8Array, signature: Uint8Array;
  try {
    nonce = fromB64(m.nonce);
    ciphertext = fromB64(m.ciphertext);
    signature = fromB64(m.signature);
  } catch {
    return fail('malformed', 'the message is not base64url');
  }
  if (nonce.length !== NONCE_BYTES || signature.length !== SIGNATURE_BYTES || ciphertext.length < 16)
    fail('malformed', 'the message has the wrong sizes');
  return { bytes: signedBytes(header(m), nonce, ciphertext), signature };
}

/** Checks the signature only (no secret needed): the server refuses unsigned or forged messages. */
export function verifyMessageSignature(m: EncryptedMessage, keysOf: SigningKeysOf, verifier: Verifier = verify): void {
  const { bytes, signature } = signedMessageParts(m);
  if (!keysOf(m.senderUserId).some((k) => verifier(signature, bytes, k)))
    fail('bad_signature', `the message is not signed by ${m.senderUserId}`);
}

/**
 * Decrypts after checking, in order: the epoch is known, the sender was a member during it, the
 * signature, the AEAD, and that this sender's clientMessageId was not seen before. Each failure
 * names its reason.
 */
export function decryptMessage(
  m: EncryptedMessage,
  context: {
    roster: RosterState;
    epochSecrets: ReadonlyMap<number, Uint8Array>;
    keysOf: SigningKeysOf;
    /** `${senderUserId}/${clientMessageId}` of the messages already read in this thread. */
    seen: Set<string>;
  },
): MessageBody {
  if (m.threadId !== context.roster.threadId) fail('wrong_thread', 'the message belongs to another thread');
  const secret = context.epochSecrets.get(m.epoch);
  if (!secret) fail('unknown_epoch', `no key is known for epoch ${m.epoch}`);
  if (!context.roster.membersOfEpoch.get(m.epoch)?.has(m.senderUserId))
    fail('sender_not_member', `${m.senderUserId} was not a member during epoch ${m.epoch}`);
  verifyMessageSignature(m, context.keysOf);
  const plaintext = open(
    messageKey(secret!, m.threadId, m.senderUserId),
    fromB64(m.nonce),
    fromB64(m.ciphertext),
    header(m),
  );
  if (!plaintext) return fail('decrypt_failed', 'the message does not decrypt');
  const id = `${m.senderUserId}/${m.clientMessageId}`;
  if (context.seen.has(id)) fail('replayed_message', 'this message was already received');
  context.seen.add(id);
  let body: MessageBody;
  try {
    body = JSON.parse(fromUtf8(plaintext)) as MessageBody;
  } catch {
    return fail('malformed', 'the decrypted message is not valid');
  }
  if (body?.v !== 1 || typeof body.text !== 'string' || (body.kind !== 'text' && body.kind !== 'subject'))
    fail('malformed', 'the decrypted message has an unknown format');
  return body;
}

/** Encrypts an attachment under its own random key; the descriptor travels inside a message. */
export function encryptAttachment(
  data: Uint8Array,
  meta: { id: string; name: string; type: string },
): { descriptor: AttachmentDescriptor; ciphertext: Uint8Array } {
  const key = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const { nonce, ciphertext } = seal(key, data, canonical(LABEL.attachment, meta.id));
  const stored = concat(nonce, ciphertext);
  return {
    descriptor: { ...meta, size: data.length, key: toB64(key), sha256: toB64(sha256Digest(stored)) },
    ciphertext: stored,
  };
}

export function decryptAttachment(stored: Uint8Array, descriptor: AttachmentDescriptor): Uint8Array {
  if (toB64(sha256Digest(stored)) !== descriptor.sha256) fail('attachment_corrupted', 'the attachment was changed');
  const data = open(
    fromB64(descriptor.key),
    stored.subarray(0, NONCE_BYTES),
    stored.subarray(NONCE_BYTES),
    canonical(LABEL.attachment, descriptor.id),
  );
  if (!data) return fail('attachment_corrupted', 'the attachment does not decrypt');
  return data;
}
