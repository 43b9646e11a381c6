import { concat, utf8 } from './bytes.js';

/** A field of a canonical encoding: bytes, text (UTF-8) or a non-negative integer. */
export type Field = Uint8Array | string | number;

/** Domain-separation labels: every signed or authenticated byte string begins with one. */
export const LABEL = {
  // Kept from protocol v1 (the strings are part of what was sealed): the key backup and attachments.
  backup: 'liaison/v1/backup',
  backupKey: 'liaison/v1/backup-key',
  attachment: 'liaison/v1/attachment',
  // Protocol v2 (MLS): identities, devices, the transparency log and MLS credentials.
  identityKey: 'liaison/v2/identity',
  succession: 'liaison/v2/succession',
  device: 'liaison/v2/device',
  deviceRevoked: 'liaison/v2/device-revoked',
  logEntry: 'liaison/v2/log-entry',
  logHead: 'liaison/v2/log-head',
  credential: 'liaison/v2/credential',
  commitContext: 'liaison/v2/commit-context',
} as const;

const TAG = { bytes: 1, text: 2, uint: 3 } as const;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function u32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
}

function u64(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(`canonical integers are non-negative safe integers: ${n}`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n));
  return out;
}

/**
 * The one canonical encoder: the label, then every field as type tag (1 byte), length (4 bytes,
 * big-endian) and value. Integers are 8 bytes big-endian. Two different field lists never encode
 * to the same bytes, and no JSON is ever signed.
 */
export function canonical(label: string, ...fields: Field[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const push = (tag: number, value: Uint8Array) => parts.push(Uint8Array.of(tag), u32(value.length), value);
  push(TAG.text, utf8(label));
  for (const field of fields) {
    if (field instanceof Uint8Array) push(TAG.bytes, field);
    else if (typeof field === 'string') {
      // A lone surrogate would encode as U+FFFD: two different strings, the same bytes.
      if (LONE_SURROGATE.test(field)) throw new RangeError('canonical text must be well-formed Unicode');
      push(TAG.text, utf8(field));
    } else push(TAG.uint, u64(field));
  }
  return concat(...parts);
}
