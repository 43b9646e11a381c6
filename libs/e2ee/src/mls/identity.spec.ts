import { generateSigningKeyPair } from '../primitives.js';
import { certifyDevice, generateIdentityKey, isCertifiedDevice } from './identity.js';

describe('device certificates', () => {
  it('answers from checks already made only for exactly the same bytes', () => {
    const identity = generateIdentityKey('ana');
    const device = certifyDevice(identity, 'browser-1', generateSigningKeyPair().publicKey);
    expect(isCertifiedDevice(device)).toBe(true);
    expect(isCertifiedDevice(device)).toBe(true);
    // The same certificate over another device key, device id, person or identity key: refused.
    expect(isCertifiedDevice({ ...device, signatureKey: generateSigningKeyPair().publicKey })).toBe(false);
    expect(isCertifiedDevice({ ...device, deviceId: 'browser-2' })).toBe(false);
    expect(isCertifiedDevice({ ...device, userId: 'jurgen' })).toBe(false);
    expect(isCertifiedDevice({ ...device, identityKey: generateIdentityKey('ana').publicKey })).toBe(false);
    const tampered = new Uint8Array(device.certificate);
    tampered[0] ^= 1;
    expect(isCertifiedDevice({ ...device, certificate: tampered })).toBe(false);
    // A refusal is not turned into an acceptance by asking again.
    expect(isCertifiedDevice({ ...device, certificate: tampered })).toBe(false);
    expect(isCertifiedDevice(device)).toBe(true);
  });
});
