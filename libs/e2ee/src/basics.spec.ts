import { fromB64, isB64, randomBytes, toB64, utf8 } from './bytes.js';
import { identityFingerprint } from './client/device-client.js';
import { safetyNumber } from './identity.js';
import { decryptAttachment, encryptAttachment } from './message.js';
import { generateSigningKeyPair } from './primitives.js';

describe('safety numbers', () => {
  it('are 12 groups of 5 digits, one per identity key', () => {
    const number = safetyNumber(identityFingerprint(generateSigningKeyPair().publicKey));
    expect(number).toHaveLength(12);
    for (const group of number) expect(group).toMatch(/^\d{5}$/);
    expect(safetyNumber(identityFingerprint(generateSigningKeyPair().publicKey))).not.toEqual(number);
    // The fingerprint read as a big-endian integer, reduced to 60 digits.
    expect(safetyNumber(new Uint8Array(32)).join('')).toBe('0'.repeat(60));
    expect(safetyNumber(Uint8Array.of(1, 0)).join('')).toBe('256'.padStart(60, '0'));
  });
});

describe('isB64', () => {
  it('says yes exactly for the texts fromB64 decodes', () => {
    const texts = ['', 'A', 'AA', 'AB', 'AAA', 'AAB', 'AAAA', 'QQ', 'QR', 'QUI', 'QUJ', 'a+b', 'a=', 'ab c', 'ü'];
    for (let n = 0; n < 40; n++) texts.push(toB64(randomBytes(n)), toB64(randomBytes(n)).slice(0, -1) + 'B');
    for (const text of texts) {
      let decodes = true;
      try {
        fromB64(text);
      } catch {
        decodes = false;
      }
      expect([text, isB64(text)]).toEqual([text, decodes]);
    }
  });
});

describe('attachments', () => {
  it('decrypt with their descriptor only, and refuse altered bytes or another id', () => {
    const id = crypto.randomUUID();
    const data = utf8('a report, encrypted under its own key');
    const { descriptor, ciphertext } = encryptAttachment(data, { id, name: 'report.txt', type: 'text/plain' });
    expect(descriptor).toMatchObject({ id, name: 'report.txt', type: 'text/plain', size: data.length });
    expect(decryptAttachment(ciphertext, descriptor)).toEqual(data);
    const altered = ciphertext.slice();
    altered[30] ^= 1;
    expect(() => decryptAttachment(altered, descriptor)).toThrow(
      expect.objectContaining({ reason: 'attachment_corrupted' }),
    );
    // Bound to its id: the same bytes presented as another attachment do not open.
    expect(() => decryptAttachment(ciphertext, { ...descriptor, id: crypto.randomUUID() })).toThrow(
      expect.objectContaining({ reason: 'attachment_corrupted' }),
    );
  });
});
