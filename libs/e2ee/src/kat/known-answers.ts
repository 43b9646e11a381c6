import { mnemonicToEntropy, mnemonicToSeed } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { Chacha20Poly1305 } from '@hpke/chacha20poly1305';
import { CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';
import { XWing } from '@hpke/hybridkem-x-wing';
import { concat, equalBytes, fromHex, toHex } from '../bytes.js';
import { open, signingPublicKey, sign, verify } from '../primitives.js';
import { recoveryWords } from '../backup.js';
import {
  consistencyProof,
  inclusionProof,
  merkleLeafHash,
  merkleRoot,
  verifyConsistency,
  verifyInclusion,
} from '../transparency/merkle.js';
import { base64 } from '@scure/base';

const std64 = (text: string) => base64.decode(text);
const std64Encode = (bytes: Uint8Array) => base64.encode(bytes);

/**
 * Known-answer tests of every primitive of protocol v1, from the RFCs and drafts E2EE.md lists
 * and from Wycheproof. Isomorphic: Jest runs it in Node, the browser suite inside Chromium, with
 * the same vector files (libs/e2ee/src/kat/vectors).
 */
type Hex = string;
type Row = Record<string, Hex | number | string[] | unknown>;
export interface KatVectors {
  ed25519: { vectors: { name: string; secretKey: Hex; publicKey: Hex; message: Hex; signature: Hex }[] };
  x25519: {
    scalarMult: { name: string; scalar: Hex; uCoordinate: Hex; output: Hex }[];
    diffieHellman: { alicePrivate: Hex; alicePublic: Hex; bobPrivate: Hex; bobPublic: Hex; shared: Hex };
  };
  chacha20poly1305: { vectors: AeadVector[] };
  xchacha20poly1305: { vectors: AeadVector[] };
  hkdf: { vectors: { name: string; ikm: Hex; salt: Hex; info: Hex; length: number; okm: Hex }[] };
  hpke: { vectors: HpkeVector[] };
  xwing: { vectors: { seed: Hex; eseed: Hex; sk: Hex; pk: Hex; ct: Hex; ss: Hex }[] };
  bip39: { passphrase: string; vectors: { entropy: Hex; mnemonic: string; seed: Hex }[] };
  wycheproofEd25519: { vectors: (Row & { tcId: number; result: string; publicKey: Hex; msg: Hex; sig: Hex })[] };
  wycheproofChacha: { vectors: WycheproofAead[] };
  wycheproofXChacha: { vectors: WycheproofAead[] };
  wycheproofX25519: { vectors: (Row & { tcId: number; result: string; public: Hex; private: Hex; shared: Hex })[] };
  merkle: { inclusion: MerkleInclusionVector[]; consistency: MerkleConsistencyVector[] };
}
type B64 = string;
interface MerkleInclusionVector {
  file: string;
  leafIdx: number;
  treeSize: number;
  root: B64 | null;
  leafHash: B64 | null;
  proof: B64[] | null;
  wantErr: boolean;
}
interface MerkleConsistencyVector {
  file: string;
  size1: number;
  size2: number;
  root1: B64 | null;
  root2: B64 | null;
  proof: B64[] | null;
  wantErr: boolean;
}
interface AeadVector {
  name: string;
  key: Hex;
  nonce: Hex;
  aad: Hex;
  plaintext: Hex;
  ciphertext: Hex;
  tag: Hex;
}
interface WycheproofAead {
  tcId: number;
  result: string;
  key: Hex;
  iv: Hex;
  aad: Hex;
  msg: Hex;
  ct: Hex;
  tag: Hex;
}
interface HpkeVector {
  info: Hex;
  ikmE: Hex;
  ikmR: Hex;
  pkRm: Hex;
  enc: Hex;
  encryptions: { seq: number; pt: Hex; aad: Hex; ct: Hex }[];
  exports: { exporterContext: Hex; length: number; exportedValue: Hex }[];
}

export interface KatResult {
  suite: string;
  name: string;
  ok: boolean;
  detail?: string;
}

/** The file each part of KatVectors is read from. */
export const KAT_FILES: Record<keyof KatVectors, string> = {
  ed25519: 'ed25519.json',
  x25519: 'x25519.json',
  chacha20poly1305: 'chacha20poly1305.json',
  xchacha20poly1305: 'xchacha20poly1305.json',
  hkdf: 'hkdf-sha256.json',
  hpke: 'hpke-x25519-chacha.json',
  xwing: 'xwing.json',
  bip39: 'bip39.json',
  wycheproofEd25519: 'wycheproof-ed25519.json',
  wycheproofChacha: 'wycheproof-chacha20poly1305.json',
  wycheproofXChacha: 'wycheproof-xchacha20poly1305.json',
  wycheproofX25519: 'wycheproof-x25519.json',
  merkle: 'merkle-rfc6962.json',
};

const h = fromHex;
const same = (a: Uint8Array, b: Uint8Array | Hex) => equalBytes(a, typeof b === 'string' ? h(b) : b);
const buf = (b: ArrayBuffer) => new Uint8Array(b);

export async function runKnownAnswerTests(v: KatVectors): Promise<KatResult[]> {
  const results: KatResult[] = [];
  const check = async (suite: string, name: string, test: () => boolean | Promise<boolean>) => {
    try {
      results.push({ suite, name, ok: await test() });
    } catch (err) {
      results.push({ suite, name, ok: false, detail: String(err) });
    }
  };

  for (const t of v.ed25519.vectors)
    await check('RFC 8032 Ed25519', t.name, () => {
      const sig = sign(h(t.message), h(t.secretKey));
      return (
        same(signingPublicKey(h(t.secretKey)), t.publicKey) &&
        same(sig, t.signature) &&
        verify(sig, h(t.message), h(t.publicKey)) &&
        !verify(sig, concat(h(t.message), Uint8Array.of(0)), h(t.publicKey))
      );
    });

  for (const t of v.x25519.scalarMult)
    await check('RFC 7748 X25519', t.name, () => same(x25519.getSharedSecret(h(t.scalar), h(t.uCoordinate)), t.output));
  const dh = v.x25519.diffieHellman;
  await check('RFC 7748 X25519', '6.1 Diffie-Hellman', () => {
    return (
      same(x25519.getPublicKey(h(dh.alicePrivate)), dh.alicePublic) &&
      same(x25519.getPublicKey(h(dh.bobPrivate)), dh.bobPublic) &&
      same(x25519.getSharedSecret(h(dh.alicePrivate), h(dh.bobPublic)), dh.shared) &&
      same(x25519.getSharedSecret(h(dh.bobPrivate), h(dh.alicePublic)), dh.shared)
    );
  });

  for (const t of v.chacha20poly1305.vectors)
    await check('RFC 8439 ChaCha20-Poly1305', t.name, () => {
      const sealed = chacha20poly1305(h(t.key), h(t.nonce), h(t.aad)).encrypt(h(t.plaintext));
      return same(sealed, concat(h(t.ciphertext), h(t.tag)));
    });

  for (const t of v.xchacha20poly1305.vectors)
    await check('draft-irtf-cfrg-xchacha XChaCha20-Poly1305', t.name, () => {
      const sealed = concat(h(t.ciphertext), h(t.tag));
      const opened = open(h(t.key), h(t.nonce), sealed, h(t.aad));
      const tampered = sealed.slice();
      tampered[0] = (tampered[0] ?? 0) ^ 1;
      return !!opened && same(opened, t.plaintext) && open(h(t.key), h(t.nonce), tampered, h(t.aad)) === null;
    });

  for (const t of v.hkdf.vectors)
    await check('RFC 5869 HKDF-SHA256', t.name, () =>
      same(hkdf(sha256, h(t.ikm), h(t.salt), h(t.info), t.length), t.okm),
    );

  for (const t of v.hpke.vectors)
    await check('RFC 9180 HPKE A.2.1 (X25519, HKDF-SHA256, ChaCha20-Poly1305)', 'base mode', async () => {
      const suite = new CipherSuite({
        kem: new DhkemX25519HkdfSha256(),
        kdf: new HkdfSha256(),
        aead: new Chacha20Poly1305(),
      });
      const recipient = await suite.kem.deriveKeyPair(h(t.ikmR).buffer as ArrayBuffer);
      if (!same(buf(await suite.kem.serializePublicKey(recipient.publicKey)), t.pkRm)) return false;
      const sender = await suite.createSenderContext({
        recipientPublicKey: recipient.publicKey,
        info: h(t.info).buffer as ArrayBuffer,
        ekm: h(t.ikmE).buffer as ArrayBuffer,
      });
      if (!same(buf(sender.enc), t.enc)) return false;
      const receiver = await suite.createRecipientContext({
        recipientKey: recipient,
        enc: sender.enc,
        info: h(t.info).buffer as ArrayBuffer,
      });
      const bySeq = new Map(t.encryptions.map((e) => [e.seq, e]));
      const last = Math.max(...bySeq.keys());
      for (let seq = 0; seq <= last; seq++) {
        const e = bySeq.get(seq);
        // The contexts count messages: seal (and open) every sequence number up to the last vector.
        const pt = e ? h(e.pt) : new Uint8Array(1);
        const aad = e ? h(e.aad) : new Uint8Array(0);
        const ct = buf(await sender.seal(pt.buffer as ArrayBuffer, aad.buffer as ArrayBuffer));
        if (e && !same(ct, e.ct)) return false;
        if (!same(buf(await receiver.open(ct.buffer as ArrayBuffer, aad.buffer as ArrayBuffer)), pt)) return false;
      }
      for (const x of t.exports)
        if (!same(buf(await sender.export(h(x.exporterContext).buffer as ArrayBuffer, x.length)), x.exportedValue))
          return false;
      return true;
    });

  const xwing = new XWing();
  for (const [i, t] of v.xwing.vectors.entries())
    await check('X-Wing (draft-connolly-cfrg-xwing-kem-06)', `vector ${i + 1}`, async () => {
      const pair = await xwing.generateKeyPairDerand(h(t.seed));
      const pk = buf(await xwing.serializePublicKey(pair.publicKey));
      const sk = buf(await xwing.serializePrivateKey(pair.privateKey));
      const { enc, sharedSecret } = await xwing.encap({
        recipientPublicKey: pair.publicKey,
        ekm: h(t.eseed).buffer as ArrayBuffer,
      });
      const decapped = buf(await xwing.decap({ enc, recipientKey: pair }));
      return (
        same(pk, t.pk) &&
        same(sk, t.sk) &&
        same(buf(enc), t.ct) &&
        same(buf(sharedSecret), t.ss) &&
        same(decapped, t.ss)
      );
    });

  for (const t of v.bip39.vectors)
    await check('BIP39 (English, 256-bit)', t.mnemonic.split(' ').slice(0, 3).join(' ') + ' …', async () => {
      return (
        recoveryWords(h(t.entropy)).join(' ') === t.mnemonic &&
        same(mnemonicToEntropy(t.mnemonic, wordlist), t.entropy) &&
        same(await mnemonicToSeed(t.mnemonic, v.bip39.passphrase), t.seed)
      );
    });

  for (const t of v.wycheproofEd25519.vectors)
    await check('Wycheproof Ed25519 (strict)', `tcId ${t.tcId} (${t.result})`, () => {
      const accepted = verify(h(t.sig), h(t.msg), h(t.publicKey));
      return t.result === 'valid' ? accepted : !accepted;
    });

  for (const [suite, file, nonceBytes] of [
    ['Wycheproof ChaCha20-Poly1305', v.wycheproofChacha, 12],
    ['Wycheproof XChaCha20-Poly1305', v.wycheproofXChacha, 24],
  ] as const)
    for (const t of file.vectors)
      await check(suite, `tcId ${t.tcId} (${t.result})`, () => {
        const sealed = concat(h(t.ct), h(t.tag));
        let opened: Uint8Array | null;
        if (nonceBytes === 24) opened = open(h(t.key), h(t.iv), sealed, h(t.aad));
        else {
          try {
            opened = chacha20poly1305(h(t.key), h(t.iv), h(t.aad)).decrypt(sealed);
          } catch {
            opened = null;
          }
        }
        return t.result === 'valid' ? !!opened && same(opened, t.msg) : opened === null;
      });

  for (const t of v.wycheproofX25519.vectors)
    await check('Wycheproof X25519', `tcId ${t.tcId} (${t.result})`, () => {
      let shared: Uint8Array | null;
      try {
        shared = x25519.getSharedSecret(h(t.private), h(t.public));
      } catch {
        shared = null;
      }
      // "acceptable" cases: computing the listed value or refusing an all-zero secret are both fine.
      if (t.result === 'valid') return !!shared && same(shared, t.shared);
      return shared === null ? /^0+$/.test(t.shared) : same(shared, t.shared);
    });

  // The RFC 6962 reference tree's leaves, whose proofs the happy-path vectors list.
  const referenceLeaves = [
    '',
    '00',
    '10',
    '2021',
    '3031',
    '40414243',
    '5051525354555657',
    '606162636465666768696a6b6c6d6e6f',
  ].map((x) => merkleLeafHash(h(x)));
  const b64 = (x: B64 | null) => (x === null ? new Uint8Array(0) : std64(x));
  for (const t of v.merkle.inclusion)
    await check('RFC 9162 Merkle inclusion (transparency-dev)', t.file, () => {
      const accepted = verifyInclusion(t.leafIdx, t.treeSize, b64(t.leafHash), (t.proof ?? []).map(b64), b64(t.root));
      if (t.wantErr) return !accepted;
      const built =
        t.treeSize <= referenceLeaves.length && same(referenceLeaves[t.leafIdx]!, b64(t.leafHash))
          ? inclusionProof(referenceLeaves, t.leafIdx, t.treeSize)
          : null;
      return accepted && (built === null || built.map((p) => std64Encode(p)).join() === (t.proof ?? []).join());
    });
  for (const t of v.merkle.consistency)
    await check('RFC 9162 Merkle consistency (transparency-dev)', t.file, () => {
      const accepted = verifyConsistency(t.size1, t.size2, b64(t.root1), b64(t.root2), (t.proof ?? []).map(b64));
      if (t.wantErr) return !accepted;
      const reference =
        t.size2 <= referenceLeaves.length && same(merkleRoot(referenceLeaves.slice(0, t.size2)), b64(t.root2));
      const built = reference ? consistencyProof(referenceLeaves, t.size1, t.size2) : null;
      return accepted && (built === null || built.map((p) => std64Encode(p)).join() === (t.proof ?? []).join());
    });

  return results;
}

export const describeFailures = (results: KatResult[]): string[] =>
  results.filter((r) => !r.ok).map((r) => `${r.suite}: ${r.name}${r.detail ? ` (${r.detail})` : ''}`);

export { toHex };
