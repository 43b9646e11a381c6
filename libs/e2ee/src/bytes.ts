import { base64urlnopad } from '@scure/base';

/** Byte helpers that behave the same in browsers and Node (no Buffer). */
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
export const fromUtf8 = (bytes: Uint8Array): string => new TextDecoder('utf-8', { fatal: true }).decode(bytes);

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Constant-time comparison for equal lengths. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  globalThis.crypto.getRandomValues(out);
  return out;
}

/** base64url without padding, the one text form of bytes on the wire and in storage. */
export const toB64 = (bytes: Uint8Array): string => base64urlnopad.encode(bytes);
export function fromB64(text: string): Uint8Array {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) throw new TypeError('not base64url');
  return base64urlnopad.decode(text);
}

const B64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Whether `text` is base64url that `fromB64` decodes, without decoding it: the alphabet, no
 * impossible length, and zero bits where the last character pads (for checks on a hot path).
 */
export function isB64(text: string): boolean {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) return false;
  const tail = text.length % 4;
  if (tail === 1) return false;
  if (tail === 0) return true;
  const last = B64URL_ALPHABET.indexOf(text[text.length - 1]!);
  return (last & (tail === 2 ? 0x0f : 0x03)) === 0;
}

export const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new TypeError('not hex');
  return Uint8Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}
