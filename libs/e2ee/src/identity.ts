/**
 * The safety number of an identity: its fingerprint (`identityFingerprint`, the SHA-256 of the
 * identity key) read as a 256-bit integer, reduced to 60 decimal digits, in 12 groups of 5. Two
 * people compare them out of band.
 */
export function safetyNumber(fp: Uint8Array): string[] {
  let n = 0n;
  for (const b of fp) n = (n << 8n) | BigInt(b);
  const digits = (n % 10n ** 60n).toString().padStart(60, '0');
  return Array.from({ length: 12 }, (_, i) => digits.slice(5 * i, 5 * i + 5));
}
