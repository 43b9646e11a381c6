import { decodeAuthenticatedContent, type AuthenticatedContent } from 'ts-mls/authenticatedContent.js';
import { joinGroup, makePskIndex, type ClientState } from 'ts-mls/clientState.js';
import type { Decoder } from 'ts-mls/codec/tlsDecoder.js';
import { determineLength, lengthEncoder } from 'ts-mls/codec/variableLength.js';
import { decodeCommit, encodeCommit, type Commit } from 'ts-mls/commit.js';
import { applyUpdatePathSecret } from 'ts-mls/createCommit.js';
import {
  getCiphersuiteFromId,
  getCiphersuiteNameFromId,
  type CiphersuiteId,
  type CiphersuiteImpl,
} from 'ts-mls/crypto/ciphersuite.js';
import { getCiphersuiteImpl } from 'ts-mls/crypto/getCiphersuiteImpl.js';
import { refhash } from 'ts-mls/crypto/hash.js';
import { decryptWithLabel, encryptWithLabel } from 'ts-mls/crypto/hpke.js';
import { deriveSecret, deriveTreeSecret, expandWithLabel } from 'ts-mls/crypto/kdf.js';
import { signWithLabel, verifyWithLabel } from 'ts-mls/crypto/signature.js';
import { defaultCapabilities } from 'ts-mls/defaultCapabilities.js';
import {
  createConfirmationTag,
  createContentCommitSignature,
  verifyConfirmationTag,
  type FramedContent,
} from 'ts-mls/framedContent.js';
import { encodeGroupContext, type GroupContext } from 'ts-mls/groupContext.js';
import { verifyGroupInfoConfirmationTag, verifyGroupInfoSignature } from 'ts-mls/groupInfo.js';
import { decodeGroupSecrets, encodeGroupSecrets } from 'ts-mls/groupSecrets.js';
import { makeKeyPackageRef, type PrivateKeyPackage } from 'ts-mls/keyPackage.js';
import { defaultKeyRetentionConfig } from 'ts-mls/keyRetentionConfig.js';
import { deriveKeySchedule, initializeEpoch, mlsExporter, type KeySchedule } from 'ts-mls/keySchedule.js';
import { verifyLeafNodeSignature, type LeafNode } from 'ts-mls/leafNode.js';
import { decodeMlsMessage, encodeMlsMessage, type MLSMessage } from 'ts-mls/message.js';
import { protect, protectApplicationData, protectProposal, unprotectPrivateMessage } from 'ts-mls/messageProtection.js';
import { protectProposalPublic, protectPublicMessage, unprotectPublicMessage } from 'ts-mls/messageProtectionPublic.js';
import { InternalError, UsageError } from 'ts-mls/mlsError.js';
import { defaultPaddingConfig } from 'ts-mls/paddingConfig.js';
import { verifyParentHashes } from 'ts-mls/parentHash.js';
import { getCommitSecret, type PathSecrets } from 'ts-mls/pathSecrets.js';
import { computePskSecret, type PreSharedKeyID } from 'ts-mls/presharedkey.js';
import type { PrivateMessage } from 'ts-mls/privateMessage.js';
import { toPrivateKeyPath, type PrivateKeyPath } from 'ts-mls/privateKeyPath.js';
import { processPrivateMessage, processPublicMessage } from 'ts-mls/processMessages.js';
import {
  decodeAdd,
  decodeExternalInit,
  decodeGroupContextExtensions,
  decodeProposal,
  decodePSK,
  decodeReinit,
  decodeRemove,
  decodeUpdate,
  encodeAdd,
  encodeExternalInit,
  encodeGroupContextExtensions,
  encodeProposal,
  encodePSK,
  encodeReinit,
  encodeRemove,
  encodeUpdate,
  type Proposal,
} from 'ts-mls/proposal.js';
import type { PublicMessage } from 'ts-mls/publicMessage.js';
import {
  addLeafNode,
  decodeRatchetTree,
  encodeRatchetTree,
  getHpkePublicKey,
  removeLeafNode,
  resolution,
  updateLeafNode,
  type RatchetTree,
} from 'ts-mls/ratchetTree.js';
import { createSecretTree, deriveKey, deriveNonce, ratchetUntil, type SecretTree } from 'ts-mls/secretTree.js';
import { expandSenderDataKey, expandSenderDataNonce, type Sender } from 'ts-mls/sender.js';
import { createConfirmedHash, createInterimHash } from 'ts-mls/transcriptHash.js';
import { treeHash, treeHashRoot } from 'ts-mls/treeHash.js';
import {
  left,
  leafToNodeIndex,
  nodeToLeafIndex,
  nodeWidth,
  parent,
  right,
  root,
  sibling,
  toLeafIndex,
  toNodeIndex,
} from 'ts-mls/treemath.js';
import { applyUpdatePath, createUpdatePath, decodeUpdatePath, type UpdatePath } from 'ts-mls/updatePath.js';
import { bytesToBase64 } from 'ts-mls/util/byteArray.js';
import { decryptGroupInfo, decryptGroupSecrets } from 'ts-mls/welcome.js';
import { equalBytes, fromHex, toHex, utf8 } from '../bytes.js';
import type { KatResult } from './known-answers.js';

/**
 * The IETF MLS interoperability test vectors (RFC 9420; mlswg/mls-implementations, the format of
 * each file in its test-vectors.md) run against ts-mls, the MLS implementation Liaison uses.
 * Isomorphic like known-answers.ts: Jest passes the parsed files in Node, the browser suite can
 * pass the same JSON inside Chromium. One KatResult per case; a case named `#i` is entry i
 * (from 0) of its file's array.
 *
 * All 16 files are checked, every step test-vectors.md lists, through ts-mls's own functions
 * (the deep imports its package exports). Where ts-mls 1.6.4 offers no function for a step, the
 * step is done an equivalent way:
 * - passive-client-* and treekem: ts-mls cannot compute an HPKE public key from a private key, so
 *   "the private key corresponds to the public key" is proven by sealing to the public key and
 *   opening with the private key (and signing with signature_priv, verifying with the public key).
 * - message-protection: re-protecting the commit needs a confirmation tag, which the vector does
 *   not give (no confirmation_key); unprotecting never checks it, transcript-hashes and the
 *   passive clients do.
 * - treekem: "update_path is parent-hash valid" is ts-mls's applyUpdatePath (which refuses a path
 *   whose leaf parent_hash does not match) plus verifyParentHashes over the merged tree.
 * - P-521 (cipher suite 5): some private keys in the vectors are 65 bytes, not 66; they are padded
 *   back before ts-mls sees them (see privateKeyOf).
 * A few checks go beyond the file format, each cheap: a flipped signature must not verify
 * (crypto-basics), every message ts-mls protects goes through encode/decode before it is
 * unprotected, and every unprotected message must be from leaf 1 (message-protection), decoders
 * must consume every byte (all files), and a vlbytes header must re-encode to the same bytes
 * (deserialization).
 */

type Hex = string;

/** The file each part of MlsVectors is read from (libs/e2ee/src/kat/vectors/mls). */
export const MLS_VECTOR_FILES = {
  treeMath: 'tree-math.json',
  cryptoBasics: 'crypto-basics.json',
  deserialization: 'deserialization.json',
  secretTree: 'secret-tree.json',
  messageProtection: 'message-protection.json',
  keySchedule: 'key-schedule.json',
  pskSecret: 'psk_secret.json',
  transcriptHashes: 'transcript-hashes.json',
  welcome: 'welcome.json',
  treeOperations: 'tree-operations.json',
  treeValidation: 'tree-validation.json',
  treekem: 'treekem.json',
  messages: 'messages.json',
  passiveClientWelcome: 'passive-client-welcome.json',
  passiveClientHandlingCommit: 'passive-client-handling-commit.json',
  passiveClientRandom: 'passive-client-random.json',
} as const;

type VectorFile = keyof typeof MLS_VECTOR_FILES;

/** The KatResult suite of a file's cases, e.g. 'RFC 9420 test vectors: welcome' for welcome.json. */
export const mlsSuiteName = (file: string): string => `RFC 9420 test vectors: ${file.replace(/\.json$/, '')}`;

/** How many results a parsed vector file yields: one per case, and each file is an array of cases. */
export function countMlsCases(file: string, json: unknown): number {
  if (!Array.isArray(json)) throw new TypeError(`${file} is not an array of test cases`);
  return json.length;
}

interface TreeMathVector {
  n_leaves: number;
  n_nodes: number;
  root: number;
  left: (number | null)[];
  right: (number | null)[];
  parent: (number | null)[];
  sibling: (number | null)[];
}
interface CryptoBasicsVector {
  cipher_suite: number;
  ref_hash: { label: string; value: Hex; out: Hex };
  expand_with_label: { secret: Hex; label: string; context: Hex; length: number; out: Hex };
  derive_secret: { secret: Hex; label: string; out: Hex };
  derive_tree_secret: { secret: Hex; label: string; generation: number; length: number; out: Hex };
  sign_with_label: { priv: Hex; pub: Hex; content: Hex; label: string; signature: Hex };
  encrypt_with_label: {
    priv: Hex;
    pub: Hex;
    label: string;
    context: Hex;
    plaintext: Hex;
    kem_output: Hex;
    ciphertext: Hex;
  };
}
interface DeserializationVector {
  vlbytes_header: Hex;
  length: number;
}
interface SecretTreeGeneration {
  generation: number;
  handshake_key: Hex;
  handshake_nonce: Hex;
  application_key: Hex;
  application_nonce: Hex;
}
interface SecretTreeVector {
  cipher_suite: number;
  sender_data: { sender_data_secret: Hex; ciphertext: Hex; key: Hex; nonce: Hex };
  encryption_secret: Hex;
  leaves: SecretTreeGeneration[][];
}
interface MessageProtectionVector {
  cipher_suite: number;
  group_id: Hex;
  epoch: number;
  tree_hash: Hex;
  confirmed_transcript_hash: Hex;
  signature_priv: Hex;
  signature_pub: Hex;
  encryption_secret: Hex;
  sender_data_secret: Hex;
  membership_key: Hex;
  proposal: Hex;
  proposal_pub: Hex;
  proposal_priv: Hex;
  commit: Hex;
  commit_pub: Hex;
  commit_priv: Hex;
  application: Hex;
  application_priv: Hex;
}
interface KeyScheduleEpoch {
  tree_hash: Hex;
  commit_secret: Hex;
  psk_secret: Hex;
  confirmed_transcript_hash: Hex;
  group_context: Hex;
  joiner_secret: Hex;
  welcome_secret: Hex;
  init_secret: Hex;
  sender_data_secret: Hex;
  encryption_secret: Hex;
  exporter_secret: Hex;
  epoch_authenticator: Hex;
  external_secret: Hex;
  confirmation_key: Hex;
  membership_key: Hex;
  resumption_psk: Hex;
  external_pub: Hex;
  exporter: { label: string; context: Hex; length: number; secret: Hex };
}
interface KeyScheduleVector {
  cipher_suite: number;
  group_id: Hex;
  initial_init_secret: Hex;
  epochs: KeyScheduleEpoch[];
}
interface PskSecretVector {
  cipher_suite: number;
  psks: { psk_id: Hex; psk: Hex; psk_nonce: Hex }[];
  psk_secret: Hex;
}
interface TranscriptHashesVector {
  cipher_suite: number;
  confirmation_key: Hex;
  authenticated_content: Hex;
  interim_transcript_hash_before: Hex;
  confirmed_transcript_hash_after: Hex;
  interim_transcript_hash_after: Hex;
}
interface WelcomeVector {
  cipher_suite: number;
  init_priv: Hex;
  signer_pub: Hex;
  key_package: Hex;
  welcome: Hex;
}
interface TreeOperationsVector {
  cipher_suite: number;
  tree_before: Hex;
  proposal: Hex;
  proposal_sender: number;
  tree_hash_before: Hex;
  tree_after: Hex;
  tree_hash_after: Hex;
}
interface TreeValidationVector {
  cipher_suite: number;
  tree: Hex;
  group_id: Hex;
  resolutions: number[][];
  tree_hashes: Hex[];
}
interface TreeKemLeafPrivate {
  index: number;
  encryption_priv: Hex;
  signature_priv: Hex;
  path_secrets: { node: number; path_secret: Hex }[];
}
interface TreeKemUpdatePath {
  sender: number;
  update_path: Hex;
  path_secrets: (Hex | null)[];
  commit_secret: Hex;
  tree_hash_after: Hex;
}
interface TreeKemVector {
  cipher_suite: number;
  group_id: Hex;
  epoch: number;
  confirmed_transcript_hash: Hex;
  ratchet_tree: Hex;
  leaves_private: TreeKemLeafPrivate[];
  update_paths: TreeKemUpdatePath[];
}
const MESSAGE_FIELDS = [
  'mls_welcome',
  'mls_group_info',
  'mls_key_package',
  'ratchet_tree',
  'group_secrets',
  'add_proposal',
  'update_proposal',
  'remove_proposal',
  'pre_shared_key_proposal',
  're_init_proposal',
  'external_init_proposal',
  'group_context_extensions_proposal',
  'commit',
  'public_message_application',
  'public_message_proposal',
  'public_message_commit',
  'private_message',
] as const;
type MessagesVector = Record<(typeof MESSAGE_FIELDS)[number], Hex>;
interface PassiveClientVector {
  cipher_suite: number;
  external_psks: { psk_id: Hex; psk: Hex }[];
  key_package: Hex;
  signature_priv: Hex;
  encryption_priv: Hex;
  init_priv: Hex;
  welcome: Hex;
  ratchet_tree: Hex | null;
  initial_epoch_authenticator: Hex;
  epochs: { proposals: Hex[]; commit: Hex; epoch_authenticator: Hex }[];
}

interface VectorShapes {
  treeMath: TreeMathVector;
  cryptoBasics: CryptoBasicsVector;
  deserialization: DeserializationVector;
  secretTree: SecretTreeVector;
  messageProtection: MessageProtectionVector;
  keySchedule: KeyScheduleVector;
  pskSecret: PskSecretVector;
  transcriptHashes: TranscriptHashesVector;
  welcome: WelcomeVector;
  treeOperations: TreeOperationsVector;
  treeValidation: TreeValidationVector;
  treekem: TreeKemVector;
  messages: MessagesVector;
  passiveClientWelcome: PassiveClientVector;
  passiveClientHandlingCommit: PassiveClientVector;
  passiveClientRandom: PassiveClientVector;
}

/** The parsed JSON of every file in MLS_VECTOR_FILES (each file is an array of cases). */
export type MlsVectors = { [K in VectorFile]: VectorShapes[K][] };

/** What a case found wrong; it passes when it found nothing. */
class Findings {
  readonly list: string[] = [];

  /** `actual` must be the bytes the vector gives as `expected` (hex). */
  bytes(what: string, actual: Uint8Array, expected: Hex): void {
    if (toHex(actual) !== expected.toLowerCase()) this.list.push(`${what} differs`);
  }

  /** For numbers and arrays of numbers, compared as JSON so that the detail shows both. */
  same(what: string, actual: unknown, expected: unknown): void {
    const [got, want] = [JSON.stringify(actual), JSON.stringify(expected)];
    if (got !== want) this.list.push(`${what} is ${got}, expected ${want}`);
  }

  ensure(ok: boolean, otherwise: string): void {
    if (!ok) this.list.push(otherwise);
  }
}

/** Cipher suites are built once per run; a suite that cannot be built fails each of its cases. */
type Suites = (id: number) => Promise<CiphersuiteImpl>;

function suiteLoader(): Suites {
  const built = new Map<number, Promise<CiphersuiteImpl>>();
  return (id) => {
    let impl = built.get(id);
    if (impl === undefined) {
      impl = (async () => getCiphersuiteImpl(getCiphersuiteFromId(id as CiphersuiteId)))();
      // Each case awaits it; this only keeps a failed build from counting as unhandled meanwhile.
      impl.catch(() => undefined);
      built.set(id, impl);
    }
    return impl;
  };
}

type Check<T> = (vector: T, findings: Findings, suites: Suites) => Promise<void>;

/** Enough of a failing case's findings to see what broke; the rest are counted. */
const MAX_DETAILS = 6;

/** Case indices `from` (inclusive) to `to` (exclusive) of each file run; case names keep their index. */
export interface MlsCaseRange {
  from: number;
  to: number;
}

export async function runMlsTestVectors(
  v: MlsVectors,
  options: { only?: VectorFile[]; cases?: MlsCaseRange } = {},
): Promise<KatResult[]> {
  const suites = suiteLoader();
  const files = options.only ?? (Object.keys(MLS_VECTOR_FILES) as VectorFile[]);
  const results: KatResult[] = [];
  for (const file of files) results.push(...(await runFile(file, v[file], suites, options.cases)));
  return results;
}

async function runFile<K extends VectorFile>(
  file: K,
  cases: VectorShapes[K][],
  suites: Suites,
  range: MlsCaseRange = { from: 0, to: cases.length },
): Promise<KatResult[]> {
  const suite = mlsSuiteName(MLS_VECTOR_FILES[file]);
  const check = CHECKS[file] as Check<VectorShapes[K]>;
  if (range.from < 0 || range.to > cases.length || range.from > range.to) {
    throw new RangeError(`${file}: cases ${range.from}..${range.to} outside its ${cases.length} cases`);
  }
  // One case at a time: the work is mostly JavaScript (and synchronous key imports), so running
  // cases side by side measured no faster, only less predictable.
  const results: KatResult[] = [];
  for (let index = range.from; index < range.to; index++) {
    results.push(await runCase(suite, index, cases[index], check, suites));
  }
  return results;
}

async function runCase<T>(
  suite: string,
  index: number,
  vector: T,
  check: Check<T>,
  suites: Suites,
): Promise<KatResult> {
  const cipherSuite = (vector as { cipher_suite?: number }).cipher_suite;
  const name = cipherSuite === undefined ? `#${index}` : `#${index} (cipher suite ${cipherSuite})`;
  const findings = new Findings();
  try {
    await check(vector, findings, suites);
  } catch (err) {
    findings.list.push(`threw ${errorText(err)}`);
  }
  if (findings.list.length === 0) return { suite, name, ok: true };
  const shown = findings.list.slice(0, MAX_DETAILS);
  const more = findings.list.length - shown.length;
  return { suite, name, ok: false, detail: shown.join('; ') + (more > 0 ? `; and ${more} more` : '') };
}

const errorText = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

// ---- Shared helpers --------------------------------------------------------------------------

/** Decodes a whole value: a decoder that fails or leaves bytes over is an error, not a pass. */
function decodeAll<T>(decoder: Decoder<T>, bytes: Uint8Array, what: string): T {
  const decoded = decoder(bytes, 0);
  if (decoded === undefined) throw new Error(`${what} does not decode`);
  if (decoded[1] !== bytes.length) throw new Error(`${what} decodes from ${decoded[1]} of its ${bytes.length} bytes`);
  return decoded[0];
}

type Wireformat = MLSMessage['wireformat'];
type MessageOf<W extends Wireformat> = Extract<MLSMessage, { wireformat: W }>;

function decodeMessage<W extends Wireformat>(bytes: Uint8Array, wireformat: W, what: string): MessageOf<W> {
  const message = decodeAll(decodeMlsMessage, bytes, what);
  if (message.wireformat !== wireformat) throw new Error(`${what} is a ${message.wireformat}, not a ${wireformat}`);
  return message as MessageOf<W>;
}

function groupContextOf(
  cipherSuite: number,
  groupId: Hex,
  epoch: number | bigint,
  treeHash: Uint8Array,
  confirmedTranscriptHash: Hex,
): GroupContext {
  return {
    version: 'mls10',
    cipherSuite: getCiphersuiteNameFromId(cipherSuite as CiphersuiteId),
    groupId: fromHex(groupId),
    epoch: BigInt(epoch),
    treeHash,
    confirmedTranscriptHash: fromHex(confirmedTranscriptHash),
    extensions: [],
  };
}

const P521_SUITE = 5;
const P521_SCALAR_BYTES = 66;

/**
 * A private key from a vector. P-521 scalars are 66 bytes (Field-Element-to-Octet-String, as
 * test-vectors.md says), but some keys in the vectors lost their leading zero byte
 * (mlswg/mls-implementations#176): they get it back, the fix that issue settled on. ts-mls pads
 * P-521 HPKE keys itself but not signature keys, which @noble/curves 2.4.0 then refuses.
 */
function privateKeyOf(hex: Hex, cipherSuite: number): Uint8Array {
  const key = fromHex(hex);
  if (cipherSuite !== P521_SUITE || key.length >= P521_SCALAR_BYTES) return key;
  const padded = new Uint8Array(P521_SCALAR_BYTES);
  padded.set(key, P521_SCALAR_BYTES - key.length);
  return padded;
}

const KEY_PROBE = utf8('RFC 9420 test vectors: key check');

/** ts-mls derives no HPKE public key from a private one: a seal/open round trip proves the pair. */
async function hpkeKeysMatch(publicKey: Uint8Array, privateKey: Uint8Array, impl: CiphersuiteImpl): Promise<boolean> {
  try {
    const { ct, enc } = await impl.hpke.seal(await impl.hpke.importPublicKey(publicKey), KEY_PROBE, KEY_PROBE);
    const opened = await impl.hpke.open(await impl.hpke.importPrivateKey(privateKey), enc, ct, KEY_PROBE);
    return equalBytes(opened, KEY_PROBE);
  } catch {
    return false;
  }
}

async function signatureKeysMatch(publicKey: Uint8Array, privateKey: Uint8Array, impl: CiphersuiteImpl) {
  try {
    return await impl.signature.verify(publicKey, KEY_PROBE, await impl.signature.sign(privateKey, KEY_PROBE));
  } catch {
    return false;
  }
}

async function rejectsWith(errorClass: new (message: string) => Error, run: () => Promise<unknown>) {
  try {
    await run();
    return false;
  } catch (err) {
    return err instanceof errorClass;
  }
}

/** A verifier that says "valid" to anything would pass every positive check. */
function withFlippedLastByte(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice();
  copy[copy.length - 1] ^= 0x01;
  return copy;
}

// ---- tree-math ---------------------------------------------------------------------------------

async function checkTreeMath(v: TreeMathVector, f: Findings): Promise<void> {
  f.same('n_nodes', nodeWidth(v.n_leaves), v.n_nodes);
  f.same('root', root(v.n_leaves), v.root);
  const relations = {
    left: (i: number) => left(toNodeIndex(i)),
    right: (i: number) => right(toNodeIndex(i)),
    parent: (i: number) => parent(toNodeIndex(i), v.n_leaves),
    sibling: (i: number) => sibling(toNodeIndex(i), v.n_leaves),
  };
  for (const [relation, of] of Object.entries(relations)) {
    for (const [i, want] of v[relation as keyof typeof relations].entries()) {
      const got = nodeOrNull(() => of(i));
      f.same(`${relation}[${i}]`, got, want);
    }
  }
}

/** ts-mls answers "no such node" (null in the vectors) with an InternalError. */
function nodeOrNull(find: () => number): number | null {
  try {
    return find();
  } catch (err) {
    if (err instanceof InternalError) return null;
    throw err;
  }
}

// ---- crypto-basics -----------------------------------------------------------------------------

async function checkCryptoBasics(v: CryptoBasicsVector, f: Findings, suites: Suites): Promise<void> {
  const impl = await suites(v.cipher_suite);
  const { ref_hash: rh, expand_with_label: ewl, derive_secret: ds, derive_tree_secret: dts } = v;
  f.bytes('ref_hash.out', await refhash(rh.label, fromHex(rh.value), impl.hash), rh.out);
  f.bytes(
    'expand_with_label.out',
    await expandWithLabel(fromHex(ewl.secret), ewl.label, fromHex(ewl.context), ewl.length, impl.kdf),
    ewl.out,
  );
  f.bytes('derive_secret.out', await deriveSecret(fromHex(ds.secret), ds.label, impl.kdf), ds.out);
  f.bytes(
    'derive_tree_secret.out',
    await deriveTreeSecret(fromHex(dts.secret), dts.label, dts.generation, dts.length, impl.kdf),
    dts.out,
  );
  await checkSignWithLabel(v.sign_with_label, v.cipher_suite, f, impl);
  await checkEncryptWithLabel(v.encrypt_with_label, v.cipher_suite, f, impl);
}

async function checkSignWithLabel(
  s: CryptoBasicsVector['sign_with_label'],
  suite: number,
  f: Findings,
  impl: CiphersuiteImpl,
) {
  const [pub, content] = [fromHex(s.pub), fromHex(s.content)];
  const verifies = (signature: Uint8Array) => verifyWithLabel(pub, s.label, content, signature, impl.signature);
  f.ensure(await verifies(fromHex(s.signature)), 'sign_with_label: VerifyWithLabel rejects the vector signature');
  const own = await signWithLabel(privateKeyOf(s.priv, suite), s.label, content, impl.signature);
  f.ensure(await verifies(own), 'sign_with_label: VerifyWithLabel rejects a fresh SignWithLabel signature');
  const forged = await verifies(withFlippedLastByte(fromHex(s.signature))).catch(() => false);
  f.ensure(!forged, 'sign_with_label: VerifyWithLabel accepts a signature with a flipped byte');
}

async function checkEncryptWithLabel(
  e: CryptoBasicsVector['encrypt_with_label'],
  suite: number,
  f: Findings,
  impl: CiphersuiteImpl,
) {
  const privateKey = await impl.hpke.importPrivateKey(privateKeyOf(e.priv, suite));
  const context = fromHex(e.context);
  const open = (kemOutput: Uint8Array, ciphertext: Uint8Array) =>
    decryptWithLabel(privateKey, e.label, context, kemOutput, ciphertext, impl.hpke);
  f.bytes(
    'encrypt_with_label: DecryptWithLabel',
    await open(fromHex(e.kem_output), fromHex(e.ciphertext)),
    e.plaintext,
  );
  const publicKey = await impl.hpke.importPublicKey(fromHex(e.pub));
  const sealed = await encryptWithLabel(publicKey, e.label, context, fromHex(e.plaintext), impl.hpke);
  f.bytes('encrypt_with_label: EncryptWithLabel then DecryptWithLabel', await open(sealed.enc, sealed.ct), e.plaintext);
}

// ---- deserialization ---------------------------------------------------------------------------

async function checkDeserialization(v: DeserializationVector, f: Findings): Promise<void> {
  const header = fromHex(v.vlbytes_header);
  const { length, lengthFieldSize } = determineLength(header);
  f.same('length', length, v.length);
  f.same('header size', lengthFieldSize, header.length);
  // The other direction: ts-mls writes that length with exactly this (minimal) header.
  const [size, write] = lengthEncoder(v.length);
  const encoded = new ArrayBuffer(size);
  write(0, encoded);
  f.bytes('encoded header', new Uint8Array(encoded), v.vlbytes_header);
}

// ---- secret-tree -------------------------------------------------------------------------------

async function checkSecretTree(v: SecretTreeVector, f: Findings, suites: Suites): Promise<void> {
  const impl = await suites(v.cipher_suite);
  const sd = v.sender_data;
  const [secret, ciphertext] = [fromHex(sd.sender_data_secret), fromHex(sd.ciphertext)];
  f.bytes('sender_data.key', await expandSenderDataKey(impl, secret, ciphertext), sd.key);
  f.bytes('sender_data.nonce', await expandSenderDataNonce(impl, secret, ciphertext), sd.nonce);
  const tree = await createSecretTree(v.leaves.length, fromHex(v.encryption_secret), impl.kdf);
  for (const [leaf, generations] of v.leaves.entries()) {
    const node = tree[leafToNodeIndex(toLeafIndex(leaf))];
    if (node === undefined) throw new Error(`the secret tree has no node for leaf ${leaf}`);
    for (const ratchet of ['handshake', 'application'] as const) {
      await checkRatchet(`leaves[${leaf}]`, node[ratchet], ratchet, generations, f, impl);
    }
  }
}

async function checkRatchet(
  at: string,
  start: SecretTree[number]['handshake'],
  ratchet: 'handshake' | 'application',
  generations: SecretTreeGeneration[],
  f: Findings,
  impl: CiphersuiteImpl,
) {
  let state = start;
  for (const g of generations) {
    // Ratchets only go forward: an earlier generation is derived again from the start.
    if (g.generation < state.generation) state = start;
    [state] = await ratchetUntil(state, g.generation, defaultKeyRetentionConfig, impl.kdf);
    const where = `${at} generation ${g.generation}`;
    f.same(`${where} ${ratchet} ratchet generation`, state.generation, g.generation);
    f.bytes(`${where} ${ratchet}_key`, await deriveKey(state.secret, state.generation, impl), g[`${ratchet}_key`]);
    f.bytes(
      `${where} ${ratchet}_nonce`,
      await deriveNonce(state.secret, state.generation, impl),
      g[`${ratchet}_nonce`],
    );
  }
}

// ---- message-protection ------------------------------------------------------------------------

/** Everything one message-protection case shares. */
interface Protection {
  v: MessageProtectionVector;
  impl: CiphersuiteImpl;
  context: GroupContext;
  /** Two leaves, the sender at leaf 1 with signature_pub, as the unprotect functions look it up. */
  tree: RatchetTree;
  membershipKey: Uint8Array;
  senderDataSecret: Uint8Array;
  signaturePriv: Uint8Array;
  /** A fresh secret tree for 2 members, as each step of the format starts from one. */
  secretTree: () => Promise<SecretTree>;
}

const SENDER = 1;
const NO_AAD = new Uint8Array();
const PAD = defaultPaddingConfig;

async function checkMessageProtection(v: MessageProtectionVector, f: Findings, suites: Suites): Promise<void> {
  const impl = await suites(v.cipher_suite);
  const p: Protection = {
    v,
    impl,
    context: groupContextOf(v.cipher_suite, v.group_id, v.epoch, fromHex(v.tree_hash), v.confirmed_transcript_hash),
    tree: treeWithSender(fromHex(v.signature_pub)),
    membershipKey: fromHex(v.membership_key),
    senderDataSecret: fromHex(v.sender_data_secret),
    signaturePriv: privateKeyOf(v.signature_priv, v.cipher_suite),
    secretTree: () => createSecretTree(2, fromHex(v.encryption_secret), impl.kdf),
  };
  await checkProposalProtection(p, f);
  await checkCommitProtection(p, f);
  await checkApplicationProtection(p, f);
}

function treeWithSender(signaturePublicKey: Uint8Array): RatchetTree {
  const leaf: LeafNode = {
    leafNodeSource: 'commit',
    hpkePublicKey: new Uint8Array(),
    signaturePublicKey,
    credential: { credentialType: 'basic', identity: new Uint8Array() },
    capabilities: defaultCapabilities(),
    parentHash: new Uint8Array(),
    extensions: [],
    signature: new Uint8Array(),
  };
  return [undefined, undefined, { nodeType: 'leaf', leaf }];
}

/** Reads what a message carries, refusing another content type than the one the vector has there. */
type Reader = (content: FramedContent) => Uint8Array;

const wrongContent = (content: FramedContent, expected: string) =>
  new Error(`the message holds a ${content.contentType}, not ${expected}`);

const proposalOf: Reader = (content) => {
  if (content.contentType !== 'proposal') throw wrongContent(content, 'a proposal');
  return encodeProposal(content.proposal);
};
const commitOf: Reader = (content) => {
  if (content.contentType !== 'commit') throw wrongContent(content, 'a commit');
  return encodeCommit(content.commit);
};
const applicationOf: Reader = (content) => {
  if (content.contentType !== 'application') throw wrongContent(content, 'application data');
  return content.applicationData;
};

async function checkProposalProtection(p: Protection, f: Findings) {
  const { v, impl } = p;
  const proposal = decodeAll(decodeProposal, fromHex(v.proposal), 'proposal');
  await checkReceivedPublic(p, f, 'proposal_pub', proposalOf, v.proposal);
  const pub = await protectProposalPublic(p.signaturePriv, p.membershipKey, p.context, NO_AAD, proposal, SENDER, impl);
  await checkSentPublic(p, f, 'proposal', pub.publicMessage, proposalOf, v.proposal);
  await checkReceivedPrivate(p, f, 'proposal_priv', proposalOf, v.proposal);
  const priv = await protectProposal(
    p.signaturePriv,
    p.senderDataSecret,
    proposal,
    NO_AAD,
    p.context,
    await p.secretTree(),
    SENDER,
    PAD,
    impl,
  );
  await checkSentPrivate(p, f, 'proposal', priv.privateMessage, proposalOf, v.proposal);
}

async function checkCommitProtection(p: Protection, f: Findings) {
  const { v, impl } = p;
  const commit = decodeAll(decodeCommit, fromHex(v.commit), 'commit');
  await checkReceivedPublic(p, f, 'commit_pub', commitOf, v.commit);
  const pub = await protectPublicMessage(p.membershipKey, p.context, await signedCommit(p, commit, 'public'), impl);
  await checkSentPublic(p, f, 'commit', pub, commitOf, v.commit);
  await checkReceivedPrivate(p, f, 'commit_priv', commitOf, v.commit);
  const { auth } = await signedCommit(p, commit, 'private');
  if (auth.contentType !== 'commit') throw new Error('the signed commit has no confirmation tag');
  const content = { contentType: 'commit' as const, commit, auth };
  const priv = await protect(p.senderDataSecret, NO_AAD, p.context, await p.secretTree(), content, SENDER, PAD, impl);
  await checkSentPrivate(p, f, 'commit', priv.privateMessage, commitOf, v.commit);
}

/**
 * A commit from leaf 1, signed with signature_priv. Its confirmation tag is a placeholder of the
 * right length: the vector has no confirmation_key, and unprotecting does not check the tag.
 */
async function signedCommit(p: Protection, commit: Commit, as: 'public' | 'private'): Promise<AuthenticatedContent> {
  const wireformat = as === 'public' ? 'mls_public_message' : 'mls_private_message';
  const sender: Sender = { senderType: 'member', leafIndex: SENDER };
  const { framedContent, signature } = await createContentCommitSignature(
    p.context,
    wireformat,
    commit,
    sender,
    NO_AAD,
    p.signaturePriv,
    p.impl.signature,
  );
  const confirmationTag = new Uint8Array(p.impl.kdf.size);
  return { wireformat, content: framedContent, auth: { contentType: 'commit', signature, confirmationTag } };
}

async function checkApplicationProtection(p: Protection, f: Findings) {
  const { v, impl } = p;
  const received = await checkReceivedPrivate(p, f, 'application_priv', applicationOf, v.application);
  const priv = await protectApplicationData(
    p.signaturePriv,
    p.senderDataSecret,
    fromHex(v.application),
    NO_AAD,
    p.context,
    await p.secretTree(),
    SENDER,
    PAD,
    impl,
  );
  await checkSentPrivate(p, f, 'application', priv.privateMessage, applicationOf, v.application);
  // The format: "for the application message, instead verify that protecting as a PublicMessage fails".
  const asPublic: AuthenticatedContent = { ...received, wireformat: 'mls_public_message' };
  f.ensure(
    await rejectsWith(UsageError, () => protectPublicMessage(p.membershipKey, p.context, asPublic, impl)),
    'protecting application data as a PublicMessage did not fail with a UsageError',
  );
}

/** The vector's PublicMessage verifies with membership_key and signature_pub and carries the raw value. */
async function checkReceivedPublic(
  p: Protection,
  f: Findings,
  field: 'proposal_pub' | 'commit_pub',
  read: Reader,
  expected: Hex,
) {
  const { publicMessage } = decodeMessage(fromHex(p.v[field]), 'mls_public_message', field);
  f.bytes(field, read(await unprotectPublic(p, publicMessage, f, field)), expected);
}

/** The vector's PrivateMessage unprotects with a fresh secret tree and signature_pub. */
async function checkReceivedPrivate(
  p: Protection,
  f: Findings,
  field: 'proposal_priv' | 'commit_priv' | 'application_priv',
  read: Reader,
  expected: Hex,
) {
  const { privateMessage } = decodeMessage(fromHex(p.v[field]), 'mls_private_message', field);
  const content = await unprotectPrivate(p, privateMessage, f, field);
  f.bytes(field, read(content.content), expected);
  return content;
}

/** What ts-mls protected must unprotect to the raw value, as a peer receives it: from bytes. */
async function checkSentPublic(p: Protection, f: Findings, what: string, sent: PublicMessage, read: Reader, raw: Hex) {
  const label = `${what} protected as a PublicMessage`;
  const bytes = encodeMlsMessage({ version: 'mls10', wireformat: 'mls_public_message', publicMessage: sent });
  const { publicMessage } = decodeMessage(bytes, 'mls_public_message', label);
  f.bytes(label, read(await unprotectPublic(p, publicMessage, f, label)), raw);
}

async function checkSentPrivate(
  p: Protection,
  f: Findings,
  what: string,
  sent: PrivateMessage,
  read: Reader,
  raw: Hex,
) {
  const label = `${what} protected as a PrivateMessage`;
  const bytes = encodeMlsMessage({ version: 'mls10', wireformat: 'mls_private_message', privateMessage: sent });
  const { privateMessage } = decodeMessage(bytes, 'mls_private_message', label);
  f.bytes(label, read((await unprotectPrivate(p, privateMessage, f, label)).content), raw);
}

async function unprotectPublic(p: Protection, message: PublicMessage, f: Findings, what: string) {
  const content = await unprotectPublicMessage(p.membershipKey, p.context, p.tree, message, p.impl);
  checkSender(content.content.sender, f, what);
  return content.content;
}

/** Always with a fresh secret tree, as a receiver of the message would start. */
async function unprotectPrivate(p: Protection, message: PrivateMessage, f: Findings, what: string) {
  const { content } = await unprotectPrivateMessage(
    p.senderDataSecret,
    message,
    await p.secretTree(),
    p.tree,
    p.context,
    defaultKeyRetentionConfig,
    p.impl,
  );
  checkSender(content.content.sender, f, what);
  return content;
}

function checkSender(sender: Sender, f: Findings, what: string) {
  const fromLeaf1 = sender.senderType === 'member' && sender.leafIndex === SENDER;
  f.ensure(fromLeaf1, `${what} is not from the member at leaf ${SENDER}`);
}

// ---- key-schedule ------------------------------------------------------------------------------

const KEY_SCHEDULE_SECRETS: [keyof KeyScheduleEpoch, keyof KeySchedule][] = [
  ['init_secret', 'initSecret'],
  ['sender_data_secret', 'senderDataSecret'],
  ['exporter_secret', 'exporterSecret'],
  ['epoch_authenticator', 'epochAuthenticator'],
  ['external_secret', 'externalSecret'],
  ['confirmation_key', 'confirmationKey'],
  ['membership_key', 'membershipKey'],
  ['resumption_psk', 'resumptionPsk'],
];

async function checkKeySchedule(v: KeyScheduleVector, f: Findings, suites: Suites): Promise<void> {
  const impl = await suites(v.cipher_suite);
  let initSecret = fromHex(v.initial_init_secret);
  for (const [i, e] of v.epochs.entries()) {
    const at = `epochs[${i}]`;
    const context = groupContextOf(v.cipher_suite, v.group_id, i, fromHex(e.tree_hash), e.confirmed_transcript_hash);
    f.bytes(`${at}.group_context`, encodeGroupContext(context), e.group_context);
    const epoch = await initializeEpoch(initSecret, fromHex(e.commit_secret), context, fromHex(e.psk_secret), impl.kdf);
    f.bytes(`${at}.joiner_secret`, epoch.joinerSecret, e.joiner_secret);
    f.bytes(`${at}.welcome_secret`, epoch.welcomeSecret, e.welcome_secret);
    f.bytes(`${at}.encryption_secret`, epoch.encryptionSecret, e.encryption_secret);
    for (const [field, key] of KEY_SCHEDULE_SECRETS) f.bytes(`${at}.${field}`, epoch.keySchedule[key], e[field] as Hex);
    const { publicKey } = await impl.hpke.deriveKeyPair(epoch.keySchedule.externalSecret);
    f.bytes(`${at}.external_pub`, await impl.hpke.exportPublicKey(publicKey), e.external_pub);
    const x = e.exporter;
    const exported = await mlsExporter(epoch.keySchedule.exporterSecret, x.label, fromHex(x.context), x.length, impl);
    f.bytes(`${at}.exporter.secret`, exported, x.secret);
    // The next epoch starts from this one's init_secret as ts-mls computed it, not the vector's.
    initSecret = epoch.keySchedule.initSecret;
  }
}

// ---- psk_secret --------------------------------------------------------------------------------

async function checkPskSecret(v: PskSecretVector, f: Findings, suites: Suites): Promise<void> {
  const impl = await suites(v.cipher_suite);
  const psks = v.psks.map((p): [PreSharedKeyID, Uint8Array] => [
    { psktype: 'external', pskId: fromHex(p.psk_id), pskNonce: fromHex(p.psk_nonce) },
    fromHex(p.psk),
  ]);
  f.bytes('psk_secret', await computePskSecret(psks, impl), v.psk_secret);
}

// ---- transcript-hashes -------------------------------------------------------------------------

async function checkTranscriptHashes(v: TranscriptHashesVector, f: Findings, suites: Suites): Promise<void> {
  const impl = await suites(v.cipher_suite);
  const ac = decodeAll(decodeAuthenticatedContent, fromHex(v.authenticated_content), 'authenticated_content');
  if (ac.content.contentType !== 'commit' || ac.auth.contentType !== 'commit') {
    throw new Error(`authenticated_content holds a ${ac.content.contentType}, not a commit`);
  }
  const tag = ac.auth.confirmationTag;
  const confirmedAfter = fromHex(v.confirmed_transcript_hash_after);
  f.ensure(
    await verifyConfirmationTag(fromHex(v.confirmation_key), tag, confirmedAfter, impl.hash),
    'confirmation_tag is not the MAC of confirmed_transcript_hash_after under confirmation_key',
  );
  const input = { wireformat: ac.wireformat, content: ac.content, signature: ac.auth.signature };
  const confirmed = await createConfirmedHash(fromHex(v.interim_transcript_hash_before), input, impl.hash);
  f.bytes('confirmed_transcript_hash_after', confirmed, v.confirmed_transcript_hash_after);
  f.bytes(
    'interim_transcript_hash_after',
    await createInterimHash(confirmedAfter, tag, impl.hash),
    v.interim_transcript_hash_after,
  );
}

// ---- welcome -----------------------------------------------------------------------------------

async function checkWelcome(v: WelcomeVector, f: Findings, suites: Suites): Promise<void> {
  const impl = await suites(v.cipher_suite);
  const { welcome } = decodeMessage(fromHex(v.welcome), 'mls_welcome', 'welcome');
  const { keyPackage } = decodeMessage(fromHex(v.key_package), 'mls_key_package', 'key_package');
  const ref = await makeKeyPackageRef(keyPackage, impl.hash);
  f.ensure(
    welcome.secrets.some((s) => equalBytes(s.newMember, ref)),
    'welcome.secrets has no entry for key_package',
  );
  const initKey = await impl.hpke.importPrivateKey(privateKeyOf(v.init_priv, v.cipher_suite));
  const secrets = await decryptGroupSecrets(initKey, ref, welcome, impl.hpke);
  if (secrets === undefined) throw new Error('the group secrets do not decrypt with init_priv');
  const noPsk = new Uint8Array(impl.kdf.size);
  const groupInfo = await decryptGroupInfo(welcome, secrets.joinerSecret, noPsk, impl);
  if (groupInfo === undefined) throw new Error('the group info does not decrypt');
  f.ensure(
    await verifyGroupInfoSignature(groupInfo, fromHex(v.signer_pub), impl.signature),
    'the GroupInfo signature does not verify with signer_pub',
  );
  // As the format describes it, and through the function ts-mls itself joins with.
  const [keySchedule] = await deriveKeySchedule(secrets.joinerSecret, noPsk, groupInfo.groupContext, impl.kdf);
  const tag = await createConfirmationTag(
    keySchedule.confirmationKey,
    groupInfo.groupContext.confirmedTranscriptHash,
    impl.hash,
  );
  f.ensure(equalBytes(tag, groupInfo.confirmationTag), 'the recomputed confirmation_tag differs from the GroupInfo');
  f.ensure(
    await verifyGroupInfoConfirmationTag(groupInfo, secrets.joinerSecret, noPsk, impl),
    'verifyGroupInfoConfirmationTag rejects the GroupInfo',
  );
}

// ---- tree-operations ---------------------------------------------------------------------------

async function checkTreeOperations(v: TreeOperationsVector, f: Findings, suites: Suites): Promise<void> {
  const impl = await suites(v.cipher_suite);
  const before = decodeAll(decodeRatchetTree, fromHex(v.tree_before), 'tree_before');
  f.bytes('tree_hash_before', await treeHashRoot(before, impl.hash), v.tree_hash_before);
  const proposal = decodeAll(decodeProposal, fromHex(v.proposal), 'proposal');
  const after = applyToTree(before, proposal, v.proposal_sender);
  f.bytes('tree_after', encodeRatchetTree(after), v.tree_after);
  f.bytes('tree_hash_after', await treeHashRoot(after, impl.hash), v.tree_hash_after);
}

/** The tree changes ts-mls makes when it applies these proposals in a commit (clientState.js). */
function applyToTree(tree: RatchetTree, proposal: Proposal, sender: number): RatchetTree {
  switch (proposal.proposalType) {
    case 'add':
      return addLeafNode(tree, proposal.add.keyPackage.leafNode)[0];
    case 'update':
      return updateLeafNode(tree, proposal.update.leafNode, toLeafIndex(sender));
    case 'remove':
      return removeLeafNode(tree, toLeafIndex(proposal.remove.removed));
    default:
      throw new Error(`a ${String(proposal.proposalType)} proposal does not change the tree`);
  }
}

// ---- tree-validation ---------------------------------------------------------------------------

async function checkTreeValidation(v: TreeValidationVector, f: Findings, suites: Suites): Promise<void> {
  const impl = await suites(v.cipher_suite);
  const tree = decodeAll(decodeRatchetTree, fromHex(v.tree), 'tree');
  for (const [i, expected] of v.tree_hashes.entries()) {
    f.bytes(`tree_hashes[${i}]`, await treeHash(tree, toNodeIndex(i), impl.hash), expected);
  }
  for (const [i, expected] of v.resolutions.entries()) {
    f.same(`resolutions[${i}]`, resolution(tree, toNodeIndex(i)), expected);
  }
  f.ensure(await verifyParentHashes(tree, impl.hash), 'the parent hashes do not verify');
  const groupId = fromHex(v.group_id);
  for (const [i, node] of tree.entries()) {
    if (node?.nodeType !== 'leaf') continue;
    const leafIndex = nodeToLeafIndex(toNodeIndex(i));
    const signed = await verifyLeafNodeSignature(node.leaf, groupId, leafIndex, impl.signature);
    f.ensure(signed, `the signature of leaf ${leafIndex} does not verify`);
  }
}

// ---- treekem -----------------------------------------------------------------------------------

async function checkTreeKem(v: TreeKemVector, f: Findings, suites: Suites): Promise<void> {
  const impl = await suites(v.cipher_suite);
  const tree = decodeAll(decodeRatchetTree, fromHex(v.ratchet_tree), 'ratchet_tree');
  const context = groupContextOf(
    v.cipher_suite,
    v.group_id,
    v.epoch,
    await treeHashRoot(tree, impl.hash),
    v.confirmed_transcript_hash,
  );
  const privates = new Map<number, PrivateKeyPath>();
  const signers = new Map<number, Uint8Array>();
  for (const leaf of v.leaves_private) {
    const keys: LeafKeys = {
      encryption: privateKeyOf(leaf.encryption_priv, v.cipher_suite),
      signature: privateKeyOf(leaf.signature_priv, v.cipher_suite),
    };
    await checkPrivateState(tree, leaf, keys, f, impl);
    privates.set(leaf.index, await privateKeyPathOf(leaf, keys.encryption, impl));
    signers.set(leaf.index, keys.signature);
  }
  for (const [n, path] of v.update_paths.entries()) {
    const at = `update_paths[${n}]`;
    await checkVectorUpdatePath(at, tree, context, path, privates, f, impl);
    await checkFreshUpdatePath(at, tree, context, path, signers, privates, f, impl);
  }
}

interface LeafKeys {
  encryption: Uint8Array;
  signature: Uint8Array;
}

/** The private state of a leaf must match the public keys in the tree. */
async function checkPrivateState(
  tree: RatchetTree,
  leaf: TreeKemLeafPrivate,
  keys: LeafKeys,
  f: Findings,
  impl: CiphersuiteImpl,
) {
  const at = `leaves_private[index ${leaf.index}]`;
  const node = tree[leafToNodeIndex(toLeafIndex(leaf.index))];
  if (node?.nodeType !== 'leaf') throw new Error(`${at}: the tree has no leaf there`);
  f.ensure(
    await hpkeKeysMatch(node.leaf.hpkePublicKey, keys.encryption, impl),
    `${at}: encryption_priv does not match the leaf's encryption key`,
  );
  f.ensure(
    await signatureKeysMatch(node.leaf.signaturePublicKey, keys.signature, impl),
    `${at}: signature_priv does not match the leaf's signature key`,
  );
  for (const { node: nodeIndex, path_secret } of leaf.path_secrets) {
    const held = tree[nodeIndex];
    if (held === undefined) {
      f.ensure(false, `${at}: node ${nodeIndex} is blank`);
      continue;
    }
    const { publicKey } = await impl.hpke.deriveKeyPair(await deriveSecret(fromHex(path_secret), 'node', impl.kdf));
    const derived = await impl.hpke.exportPublicKey(publicKey);
    f.ensure(equalBytes(derived, getHpkePublicKey(held)), `${at}: the path secret of node ${nodeIndex} is not its key`);
  }
}

async function privateKeyPathOf(
  leaf: TreeKemLeafPrivate,
  encryptionKey: Uint8Array,
  impl: CiphersuiteImpl,
): Promise<PrivateKeyPath> {
  const secrets: PathSecrets = Object.fromEntries(leaf.path_secrets.map((s) => [s.node, fromHex(s.path_secret)]));
  const path = await toPrivateKeyPath(secrets, leaf.index, impl);
  const leafNode = leafToNodeIndex(toLeafIndex(leaf.index));
  return { ...path, privateKeys: { ...path.privateKeys, [leafNode]: encryptionKey } };
}

/** Receives the vector's UpdatePath as ts-mls receives a commit's (processMessages.js). */
async function checkVectorUpdatePath(
  at: string,
  tree: RatchetTree,
  context: GroupContext,
  path: TreeKemUpdatePath,
  privates: Map<number, PrivateKeyPath>,
  f: Findings,
  impl: CiphersuiteImpl,
) {
  const updatePath = decodeAll(decodeUpdatePath, fromHex(path.update_path), `${at}.update_path`);
  const sender = toLeafIndex(path.sender);
  // Refuses a path whose leaf parent_hash does not chain up: the parent-hash validity check.
  const merged = await applyUpdatePath(tree, sender, updatePath, impl.hash);
  f.ensure(await verifyParentHashes(merged, impl.hash), `${at}: the merged tree is not parent-hash valid`);
  const hashAfter = await treeHashRoot(merged, impl.hash);
  f.bytes(`${at}.tree_hash_after`, hashAfter, path.tree_hash_after);
  // The format's context: epoch as given, the tree hash after the merge.
  const receiving = { ...context, treeHash: hashAfter };
  for (const [j, privatePath] of privates) {
    if (j === path.sender) continue;
    const { nodeIndex, pathSecret } = await applyUpdatePathSecret(
      merged,
      privatePath,
      sender,
      receiving,
      updatePath,
      [],
      impl,
    );
    const expected = path.path_secrets[j];
    if (expected == null) f.ensure(false, `${at}: leaf ${j} decrypted a path secret the vector has none for`);
    else f.bytes(`${at}.path_secrets[${j}]`, pathSecret, expected);
    const commitSecret = await getCommitSecret(merged, nodeIndex, pathSecret, impl.kdf);
    f.bytes(`${at}.commit_secret as leaf ${j} computes it`, commitSecret, path.commit_secret);
  }
}

/** The sender makes a new UpdatePath over the same tree; every other leaf must reach its commit secret. */
async function checkFreshUpdatePath(
  at: string,
  tree: RatchetTree,
  context: GroupContext,
  path: TreeKemUpdatePath,
  signers: Map<number, Uint8Array>,
  privates: Map<number, PrivateKeyPath>,
  f: Findings,
  impl: CiphersuiteImpl,
) {
  const signer = signers.get(path.sender);
  if (signer === undefined) throw new Error(`${at}: no leaves_private entry for sender ${path.sender}`);
  const sender = toLeafIndex(path.sender);
  const [senderTree, fresh, secrets] = await createUpdatePath(tree, sender, context, signer, impl);
  const rootSecret = secrets.at(-1);
  if (rootSecret === undefined) throw new Error(`${at}: the new UpdatePath has no path secrets`);
  const newCommitSecret = await deriveSecret(rootSecret.secret, 'path', impl.kdf);
  const merged = await applyUpdatePath(tree, sender, fresh, impl.hash);
  const hashAfter = await treeHashRoot(merged, impl.hash);
  f.ensure(
    equalBytes(hashAfter, await treeHashRoot(senderTree, impl.hash)),
    `${at}: the sender's tree and a receiver's differ after the new UpdatePath`,
  );
  // createUpdatePath encrypts to the next epoch's provisional context, as RFC 9420 §12.4.2 has it.
  const receiving = { ...context, treeHash: hashAfter, epoch: context.epoch + 1n };
  for (const [j, privatePath] of privates) {
    if (j === path.sender) continue;
    const commitSecret = await receivedCommitSecret(merged, privatePath, sender, receiving, fresh, impl);
    f.ensure(
      equalBytes(commitSecret, newCommitSecret),
      `${at}: leaf ${j} gets another commit secret from a new UpdatePath`,
    );
  }
}

async function receivedCommitSecret(
  tree: RatchetTree,
  privatePath: PrivateKeyPath,
  sender: ReturnType<typeof toLeafIndex>,
  context: GroupContext,
  path: UpdatePath,
  impl: CiphersuiteImpl,
) {
  const { nodeIndex, pathSecret } = await applyUpdatePathSecret(tree, privatePath, sender, context, path, [], impl);
  return getCommitSecret(tree, nodeIndex, pathSecret, impl.kdf);
}

// ---- messages ----------------------------------------------------------------------------------

type ContentType = FramedContent['contentType'];

/** Each field decodes to its structure and encodes back to the same bytes. */
const MESSAGE_CODECS: Record<keyof MessagesVector, (bytes: Uint8Array, what: string) => Uint8Array> = {
  mls_welcome: reencodeMessage('mls_welcome'),
  mls_group_info: reencodeMessage('mls_group_info'),
  mls_key_package: reencodeMessage('mls_key_package'),
  ratchet_tree: (b, what) => encodeRatchetTree(decodeAll(decodeRatchetTree, b, what)),
  group_secrets: (b, what) => encodeGroupSecrets(decodeAll(decodeGroupSecrets, b, what)),
  add_proposal: (b, what) => encodeAdd(decodeAll(decodeAdd, b, what)),
  update_proposal: (b, what) => encodeUpdate(decodeAll(decodeUpdate, b, what)),
  remove_proposal: (b, what) => encodeRemove(decodeAll(decodeRemove, b, what)),
  pre_shared_key_proposal: (b, what) => encodePSK(decodeAll(decodePSK, b, what)),
  re_init_proposal: (b, what) => encodeReinit(decodeAll(decodeReinit, b, what)),
  external_init_proposal: (b, what) => encodeExternalInit(decodeAll(decodeExternalInit, b, what)),
  group_context_extensions_proposal: (b, what) =>
    encodeGroupContextExtensions(decodeAll(decodeGroupContextExtensions, b, what)),
  commit: (b, what) => encodeCommit(decodeAll(decodeCommit, b, what)),
  public_message_application: reencodePublicMessage('application'),
  public_message_proposal: reencodePublicMessage('proposal'),
  public_message_commit: reencodePublicMessage('commit'),
  private_message: reencodeMessage('mls_private_message'),
};

function reencodeMessage(wireformat: Wireformat) {
  return (bytes: Uint8Array, what: string) => encodeMlsMessage(decodeMessage(bytes, wireformat, what));
}

function reencodePublicMessage(contentType: ContentType) {
  return (bytes: Uint8Array, what: string) => {
    const message = decodeMessage(bytes, 'mls_public_message', what);
    const held = message.publicMessage.content.contentType;
    if (held !== contentType) throw new Error(`${what} holds a ${held}, not a ${contentType}`);
    return encodeMlsMessage(message);
  };
}

async function checkMessages(v: MessagesVector, f: Findings): Promise<void> {
  for (const field of MESSAGE_FIELDS) {
    try {
      f.bytes(`${field} re-encoded`, MESSAGE_CODECS[field](fromHex(v[field]), field), v[field]);
    } catch (err) {
      f.ensure(false, `${field}: ${errorText(err)}`);
    }
  }
}

// ---- passive-client-* --------------------------------------------------------------------------

type ExternalPsks = Record<string, Uint8Array>;

async function checkPassiveClient(v: PassiveClientVector, f: Findings, suites: Suites): Promise<void> {
  const impl = await suites(v.cipher_suite);
  const { keyPackage } = decodeMessage(fromHex(v.key_package), 'mls_key_package', 'key_package');
  const keys: PrivateKeyPackage = {
    initPrivateKey: privateKeyOf(v.init_priv, v.cipher_suite),
    hpkePrivateKey: privateKeyOf(v.encryption_priv, v.cipher_suite),
    signaturePrivateKey: privateKeyOf(v.signature_priv, v.cipher_suite),
  };
  f.ensure(await hpkeKeysMatch(keyPackage.initKey, keys.initPrivateKey, impl), 'init_priv is not for init_key');
  f.ensure(
    await hpkeKeysMatch(keyPackage.leafNode.hpkePublicKey, keys.hpkePrivateKey, impl),
    'encryption_priv is not for encryption_key',
  );
  f.ensure(
    await signatureKeysMatch(keyPackage.leafNode.signaturePublicKey, keys.signaturePrivateKey, impl),
    'signature_priv is not for signature_key',
  );
  const { welcome } = decodeMessage(fromHex(v.welcome), 'mls_welcome', 'welcome');
  const tree =
    v.ratchet_tree === null ? undefined : decodeAll(decodeRatchetTree, fromHex(v.ratchet_tree), 'ratchet_tree');
  // ts-mls looks external PSKs up by the base64 of their id.
  const psks: ExternalPsks = Object.fromEntries(
    v.external_psks.map((p) => [bytesToBase64(fromHex(p.psk_id)), fromHex(p.psk)]),
  );
  let state = await joinGroup(welcome, keyPackage, keys, makePskIndex(undefined, psks), impl, tree);
  f.bytes('initial_epoch_authenticator', state.keySchedule.epochAuthenticator, v.initial_epoch_authenticator);
  for (const [i, epoch] of v.epochs.entries()) {
    for (const [n, proposal] of epoch.proposals.entries()) {
      state = await receive(state, proposal, psks, impl, `epochs[${i}].proposals[${n}]`);
    }
    state = await receive(state, epoch.commit, psks, impl, `epochs[${i}].commit`);
    f.bytes(`epochs[${i}].epoch_authenticator`, state.keySchedule.epochAuthenticator, epoch.epoch_authenticator);
  }
}

async function receive(state: ClientState, hex: Hex, psks: ExternalPsks, impl: CiphersuiteImpl, what: string) {
  const message = decodeAll(decodeMlsMessage, fromHex(hex), what);
  const pskIndex = makePskIndex(state, psks);
  if (message.wireformat === 'mls_public_message') {
    return (await processPublicMessage(state, message.publicMessage, pskIndex, impl)).newState;
  }
  if (message.wireformat === 'mls_private_message') {
    return (await processPrivateMessage(state, message.privateMessage, pskIndex, impl)).newState;
  }
  throw new Error(`${what} is a ${message.wireformat}, not a handshake message`);
}

const CHECKS: { [K in VectorFile]: Check<VectorShapes[K]> } = {
  treeMath: checkTreeMath,
  cryptoBasics: checkCryptoBasics,
  deserialization: checkDeserialization,
  secretTree: checkSecretTree,
  messageProtection: checkMessageProtection,
  keySchedule: checkKeySchedule,
  pskSecret: checkPskSecret,
  transcriptHashes: checkTranscriptHashes,
  welcome: checkWelcome,
  treeOperations: checkTreeOperations,
  treeValidation: checkTreeValidation,
  treekem: checkTreeKem,
  messages: checkMessages,
  passiveClientWelcome: checkPassiveClient,
  passiveClientHandlingCommit: checkPassiveClient,
  passiveClientRandom: checkPassiveClient,
};
