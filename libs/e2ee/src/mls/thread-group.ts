import {
  type ClientConfig,
  type ClientState,
  createApplicationMessage,
  createCommit,
  createGroup,
  createProposal,
  decodeGroupState,
  decodeMlsMessage,
  defaultCapabilities,
  defaultKeyPackageEqualityConfig,
  defaultKeyRetentionConfig,
  defaultLifetimeConfig,
  defaultPaddingConfig,
  emptyPskIndex,
  encodeGroupState,
  encodeMlsMessage,
  generateKeyPackageWithKey,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  joinGroup,
  type CiphersuiteImpl,
  type IncomingMessageCallback,
  type KeyPackage,
  type MLSMessage,
  type PrivateKeyPackage,
  type Proposal,
  type ProposalWithSender,
  processMessage,
} from 'ts-mls';
import { sha256 } from '@noble/hashes/sha2.js';
import { makeKeyPackageRef, verifyKeyPackage } from 'ts-mls/keyPackage.js';
import { decryptSenderData } from 'ts-mls/privateMessage.js';
import { MlsError, ValidationError } from 'ts-mls/mlsError.js';
import { equalBytes, fromB64, fromUtf8, toB64, utf8 } from '../bytes.js';
import { canonical, LABEL } from '../canonical.js';
import { E2eeError, type E2eeFailure, fail } from '../errors.js';
import { credentialIdentity, parseCredentialIdentity } from './identity.js';
import type { DeviceRef } from './delivery.js';
import type { DeviceAuthority } from './trust.js';

/**
 * A thread is an MLS group (RFC 9420, through ts-mls): this wraps one device's view of it. It
 * adds what the application owes MLS: the authentication service on every leaf, a checkpoint of
 * the last verified epoch that storage cannot roll back, the order of each sender's messages
 * (MLS generations), the client message id bound into every message, and the transparency head
 * carried in every commit.
 */

/** X-Wing (X25519 + ML-KEM-768), ChaCha20-Poly1305, SHA-512, Ed25519: post-quantum KEM kept from v1. */
export const MLS_SUITE = 'MLS_256_XWING_CHACHA20POLY1305_SHA512_Ed25519' as const;

let suite: Promise<CiphersuiteImpl> | undefined;
export const mlsSuite = (): Promise<CiphersuiteImpl> =>
  (suite ??= getCiphersuiteImpl(getCiphersuiteFromName(MLS_SUITE)));

/** A device: an MLS client with its own Ed25519 signature key (certified by its owner's identity). */
export interface DeviceKeys {
  userId: string;
  deviceId: string;
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

/** A KeyPackage and its private half; the private half stays on the device until it is used. */
export interface OwnKeyPackage {
  publicPackage: KeyPackage;
  privatePackage: PrivateKeyPackage;
}

export interface Member {
  userId: string;
  deviceId: string;
  leafIndex: number;
  signatureKey: Uint8Array;
}

/** The last epoch a device verified in a thread: it never accepts an older one. */
export interface Checkpoint {
  epoch: number;
  authenticator: string;
}

export type Incoming =
  | {
      kind: 'message';
      sender: Member;
      epoch: number;
      generation: number;
      clientMessageId: string;
      plaintext: Uint8Array;
      /** `gap`: earlier messages of this sender in this epoch have not arrived; `late`: arrived after a later one. */
      order: 'in_order' | 'gap' | 'late';
    }
  | {
      kind: 'commit';
      epoch: number;
      committer: Member | null;
      added: Member[];
      removed: Member[];
      /** The transparency head the committer knew: compare it with the monitor's. */
      head: LogHeadRef;
    }
  | { kind: 'proposal'; proposer: Member | null; leaving: Member[] }
  | { kind: 'removed'; epoch: number };

/** A commit created but not yet applied: applied once the delivery service accepts it for its epoch. */
export interface PendingCommit {
  commit: Uint8Array;
  welcome: Uint8Array | null;
  epoch: number;
  added: Member[];
  removed: Member[];
  state: ClientState;
  /** The state it was made from: applying it over a later one would undo what was read since. */
  base: ClientState;
}

/** A transparency head (size and root) as a committer carries it in its commit. */
export interface LogHeadRef {
  size: number;
  root: Uint8Array;
}

/** How many epochs' commit hashes a device keeps to tell a repeated commit from a forked one. */
const KEPT_COMMITS = 64;

const RETENTION = { ...defaultKeyRetentionConfig, retainKeysForGenerations: 200, retainKeysForEpochs: 8 };

function configFor(authority: DeviceAuthority): ClientConfig {
  return {
    keyRetentionConfig: RETENTION,
    lifetimeConfig: defaultLifetimeConfig,
    keyPackageEqualityConfig: defaultKeyPackageEqualityConfig,
    paddingConfig: defaultPaddingConfig,
    authService: authority.service,
  };
}

export const encodeMessage = (m: MLSMessage): Uint8Array => encodeMlsMessage(m);

/** Decodes one whole MLS message, refusing trailing bytes and anything undecodable. */
export function decodeMessage(bytes: Uint8Array): MLSMessage {
  let decoded: [MLSMessage, number] | undefined;
  try {
    decoded = decodeMlsMessage(bytes, 0);
  } catch {
    decoded = undefined;
  }
  if (!decoded || decoded[1] !== bytes.length) fail('malformed', 'not an MLS message');
  return decoded[0];
}

/** What a delivery service may read of an MLS message: the framing in clear, nothing encrypted. */
export interface MlsFraming {
  wireformat: 'private' | 'public' | 'welcome';
  /** The thread id the group id names (null for a Welcome, whose group is encrypted). */
  threadId: string | null;
  epoch: number | null;
  contentType: 'application' | 'proposal' | 'commit' | null;
  /** For a PublicMessage: whether a member sent it (what a thread accepts). */
  fromMember: boolean | null;
}

/** Reads an MLS message's framing, or `malformed`. */
export function mlsFraming(bytes: Uint8Array): MlsFraming {
  const m = decodeMessage(bytes);
  if (m.wireformat === 'mls_welcome')
    return { wireformat: 'welcome', threadId: null, epoch: null, contentType: null, fromMember: null };
  if (m.wireformat !== 'mls_private_message' && m.wireformat !== 'mls_public_message') fail('malformed');
  const framed = m.wireformat === 'mls_private_message' ? m.privateMessage : m.publicMessage.content;
  let threadId: string;
  try {
    threadId = fromUtf8(framed.groupId);
  } catch {
    return fail('malformed', 'group id');
  }
  return {
    wireformat: m.wireformat === 'mls_private_message' ? 'private' : 'public',
    threadId,
    epoch: Number(framed.epoch),
    contentType: framed.contentType,
    fromMember: m.wireformat === 'mls_public_message' ? m.publicMessage.content.sender.senderType === 'member' : null,
  };
}

/** How long a KeyPackage may be used: the committer that adds it checks (RFC 9420 §10.1), the server too. */
export const KEY_PACKAGE_LIFETIME_DAYS = 60;

export async function createKeyPackage(device: DeviceKeys): Promise<OwnKeyPackage> {
  const now = BigInt(Math.floor(Date.now() / 1000));
  const lifetime = { notBefore: now - 3600n, notAfter: now + BigInt(KEY_PACKAGE_LIFETIME_DAYS * 86_400) };
  const credential = { credentialType: 'basic' as const, identity: credentialIdentity(device.userId, device.deviceId) };
  return generateKeyPackageWithKey(
    credential,
    defaultCapabilities(),
    lifetime,
    [],
    { signKey: device.secretKey, publicKey: device.publicKey },
    await mlsSuite(),
  );
}

export const keyPackageBytes = (kp: KeyPackage): Uint8Array =>
  encodeMlsMessage({ version: 'mls10', wireformat: 'mls_key_package', keyPackage: kp });

export function keyPackageFromBytes(bytes: Uint8Array): KeyPackage {
  const m = decodeMessage(bytes);
  if (m.wireformat !== 'mls_key_package') fail('malformed', 'not a KeyPackage');
  return m.keyPackage;
}

/**
 * What the delivery service checks before it stores a KeyPackage: our suite, a Liaison credential
 * naming exactly this device, the device's certified signature key, and a valid signature.
 */
export async function checkKeyPackage(
  bytes: Uint8Array,
  expected: { userId: string; deviceId: string; signatureKey: Uint8Array },
): Promise<KeyPackage> {
  const kp = keyPackageFromBytes(bytes);
  if (kp.cipherSuite !== MLS_SUITE) fail('malformed', `KeyPackages use ${MLS_SUITE}`);
  const credential = kp.leafNode.credential;
  if (credential.credentialType !== 'basic') fail('credential_malformed');
  const who = parseCredentialIdentity(credential.identity);
  if (who.userId !== expected.userId || who.deviceId !== expected.deviceId) fail('unknown_device');
  if (!equalBytes(kp.leafNode.signaturePublicKey, expected.signatureKey)) fail('device_key_mismatch');
  if (!(await verifyKeyPackage(kp, (await mlsSuite()).signature))) fail('bad_signature', 'KeyPackage signature');
  const now = Date.now() / 1000;
  const { notBefore, notAfter } = kp.leafNode.lifetime;
  if (Number(notBefore) > now + 3600 || Number(notAfter) < now + 3600 || Number(notAfter) > now + 90 * 86_400)
    fail('malformed', 'a KeyPackage is valid from now on, for at most 90 days');
  return kp;
}

/** When a KeyPackage stops being usable (its lifetime's end). */
export const keyPackageExpiry = (kp: KeyPackage): Date => new Date(Number(kp.leafNode.lifetime.notAfter) * 1000);

/** Whether a Welcome carries secrets for this KeyPackage (so a device knows which of its KeyPackages to join with). */
export async function welcomeIsFor(welcomeBytes: Uint8Array, kp: KeyPackage): Promise<boolean> {
  const m = decodeMessage(welcomeBytes);
  if (m.wireformat !== 'mls_welcome') fail('malformed', 'not a Welcome');
  const ref = await makeKeyPackageRef(kp, (await mlsSuite()).hash);
  return m.welcome.secrets.some((s) => equalBytes(s.newMember, ref));
}

/** The device's private KeyPackage halves as text, for its own storage. */
export const privatePackageToJson = (p: OwnKeyPackage) => ({
  publicPackage: toB64(keyPackageBytes(p.publicPackage)),
  initPrivateKey: toB64(p.privatePackage.initPrivateKey),
  hpkePrivateKey: toB64(p.privatePackage.hpkePrivateKey),
  signaturePrivateKey: toB64(p.privatePackage.signaturePrivateKey),
});
export const privatePackageFromJson = (j: ReturnType<typeof privatePackageToJson>): OwnKeyPackage => ({
  publicPackage: keyPackageFromBytes(fromB64(j.publicPackage)),
  privatePackage: {
    initPrivateKey: fromB64(j.initPrivateKey),
    hpkePrivateKey: fromB64(j.hpkePrivateKey),
    signaturePrivateKey: fromB64(j.signaturePrivateKey),
  },
});

const groupIdOf = (threadId: string) => utf8(threadId);
const applicationData = (clientMessageId: string) => canonical(LABEL.commitContext, 'application', clientMessageId);
const commitContext = (head: LogHeadRef) => canonical(LABEL.commitContext, 'commit', head.size, head.root);

/** The client message id a message carries (its authenticated data), or `malformed`. */
function clientMessageIdOf(aad: Uint8Array): string {
  const prefix = canonical(LABEL.commitContext, 'application');
  if (aad.length < prefix.length + 5 || !equalBytes(aad.subarray(0, prefix.length), prefix))
    fail('malformed', 'message context');
  let id: string;
  try {
    id = fromUtf8(aad.subarray(prefix.length + 5));
  } catch {
    return fail('malformed', 'message context');
  }
  if (!equalBytes(applicationData(id), aad)) fail('malformed', 'message context');
  return id;
}

/** The transparency head a commit carries (its authenticated data), or `malformed`. */
function headOf(aad: Uint8Array): LogHeadRef {
  const prefix = canonical(LABEL.commitContext, 'commit');
  // The prefix, then an integer (tag, length 8, value) and 32 bytes of root (tag, length, value).
  if (aad.length !== prefix.length + 13 + 37 || !equalBytes(aad.subarray(0, prefix.length), prefix))
    fail('malformed', 'commit context');
  const view = new DataView(aad.buffer, aad.byteOffset + prefix.length + 5, 8);
  const size = Number(view.getBigUint64(0));
  const root = aad.slice(prefix.length + 13 + 5);
  if (!Number.isSafeInteger(size) || !equalBytes(commitContext({ size, root }), aad))
    fail('malformed', 'commit context');
  return { size, root };
}

/** What a commit may contain here: adds and removals made by its committer, and members leaving. */
function allowedInCommit({ proposal, senderLeafIndex }: ProposalWithSender, committer: number): boolean {
  const from = senderLeafIndex ?? committer;
  if (proposal.proposalType === 'add') return from === committer;
  if (proposal.proposalType === 'remove') return from === committer || from === proposal.remove.removed;
  return false;
}

/** The only proposal a member may send on its own: to remove itself (leaving). */
const isLeaving = ({ proposal, senderLeafIndex }: ProposalWithSender): boolean =>
  proposal.proposalType === 'remove' && senderLeafIndex !== undefined && senderLeafIndex === proposal.remove.removed;

const commitHash = (bytes: Uint8Array) => toB64(sha256(bytes));
const refsOf = (list: readonly DeviceRef[]) =>
  list
    .map((d) => `${d.userId}/${d.deviceId}`)
    .sort()
    .join('\n');

/** The members read from each ratchet tree: application messages keep the tree, so it is read once per epoch. */
const membersByTree = new WeakMap<ClientState['ratchetTree'], readonly Member[]>();

function membersOf(state: Pick<ClientState, 'ratchetTree'>): Member[] {
  let members = membersByTree.get(state.ratchetTree);
  if (!members) {
    members = readMembers(state);
    membersByTree.set(state.ratchetTree, members);
  }
  return [...members];
}

function readMembers(state: Pick<ClientState, 'ratchetTree'>): Member[] {
  const out: Member[] = [];
  state.ratchetTree.forEach((node, i) => {
    if (node?.nodeType !== 'leaf' || node.leaf.credential.credentialType !== 'basic') return;
    const { userId, deviceId } = parseCredentialIdentity(node.leaf.credential.identity);
    out.push({ userId, deviceId, leafIndex: i / 2, signatureKey: node.leaf.signaturePublicKey });
  });
  return out;
}

const memberKey = (m: Member) => `${m.leafIndex}:${toB64(m.signatureKey)}`;
function diffMembers(before: Member[], after: Member[]) {
  const was = new Set(before.map(memberKey));
  const is = new Set(after.map(memberKey));
  return { added: after.filter((m) => !was.has(memberKey(m))), removed: before.filter((m) => !is.has(memberKey(m))) };
}

/** Maps what the MLS library threw to the reason a person reads. */
function explainMls(err: unknown, authority: DeviceAuthority): E2eeError {
  if (err instanceof E2eeError) return err;
  if (err instanceof ValidationError && /credential/i.test(err.message)) return authority.explain();
  const text = err instanceof Error ? err.message : String(err);
  if (/gen in the past/i.test(text)) return new E2eeError('replayed_message', text);
  if (err instanceof MlsError && err.constructor.name === 'CryptoError') return new E2eeError('decrypt_failed', text);
  if (err instanceof MlsError && err.constructor.name === 'CryptoVerificationError')
    return new E2eeError('bad_signature', text);
  return new E2eeError('mls_rejected', text);
}

export class ThreadGroup {
  private constructor(
    readonly threadId: string,
    private state: ClientState,
    private readonly authority: DeviceAuthority,
    /** Last generation seen per epoch and sender leaf. */
    private readonly generations: Map<string, number>,
    /** The hash of the commit that ended each recent epoch, by that epoch. */
    private readonly commits: Map<number, string> = new Map(),
  ) {}

  static async create(threadId: string, own: OwnKeyPackage, authority: DeviceAuthority): Promise<ThreadGroup> {
    const state = await createGroup(
      groupIdOf(threadId),
      own.publicPackage,
      own.privatePackage,
      [],
      await mlsSuite(),
      configFor(authority),
    );
    return new ThreadGroup(threadId, state, authority, new Map());
  }

  /** Joins from a Welcome made for one of this device's KeyPackages; every leaf goes through the authority. */
  static async join(
    threadId: string,
    welcomeBytes: Uint8Array,
    own: OwnKeyPackage,
    authority: DeviceAuthority,
    checkpoint?: Checkpoint,
  ): Promise<ThreadGroup> {
    const m = decodeMessage(welcomeBytes);
    if (m.wireformat !== 'mls_welcome') fail('malformed', 'not a Welcome');
    let state: ClientState;
    try {
      state = await joinGroup(
        m.welcome,
        own.publicPackage,
        own.privatePackage,
        emptyPskIndex,
        await mlsSuite(),
        undefined,
        undefined,
        configFor(authority),
      );
    } catch (err) {
      throw explainMls(err, authority);
    }
    if (!equalBytes(state.groupContext.groupId, groupIdOf(threadId))) fail('wrong_group');
    const group = new ThreadGroup(threadId, state, authority, new Map());
    if (checkpoint) group.assertNotBefore(checkpoint);
    return group;
  }

  /** Restores the device's saved state; refuses one older than the checkpoint kept beside it. */
  static restore(
    threadId: string,
    saved: SavedGroup,
    authority: DeviceAuthority,
    checkpoint?: Checkpoint,
  ): ThreadGroup {
    let decoded: ReturnType<typeof decodeGroupState>;
    try {
      decoded = decodeGroupState(fromB64(saved.state), 0);
    } catch {
      decoded = undefined;
    }
    if (!decoded) fail('malformed', 'saved group state');
    const state: ClientState = { ...decoded[0], clientConfig: configFor(authority) };
    // ts-mls 1.6.4 loses a pending proposal's sender index 0 in its encoding: put the saved ones back.
    for (const [ref, sender] of Object.entries(saved.proposalSenders)) {
      const pending = state.unappliedProposals[ref];
      if (pending) state.unappliedProposals[ref] = { ...pending, senderLeafIndex: sender ?? undefined };
    }
    const group = new ThreadGroup(threadId, state, authority, new Map(saved.generations), new Map(saved.commits ?? []));
    if (!equalBytes(state.groupContext.groupId, groupIdOf(threadId))) fail('wrong_group');
    if (checkpoint) group.assertNotBefore(checkpoint);
    return group;
  }

  save(): SavedGroup {
    return {
      state: toB64(encodeGroupState(this.state)),
      generations: [...this.generations],
      commits: [...this.commits],
      proposalSenders: Object.fromEntries(
        Object.entries(this.state.unappliedProposals).map(([ref, p]) => [ref, p.senderLeafIndex ?? null]),
      ),
    };
  }

  get epoch(): number {
    return Number(this.state.groupContext.epoch);
  }

  get epochAuthenticator(): Uint8Array {
    return this.state.keySchedule.epochAuthenticator;
  }

  get checkpoint(): Checkpoint {
    return { epoch: this.epoch, authenticator: toB64(this.epochAuthenticator) };
  }

  get active(): boolean {
    return this.state.groupActiveState.kind === 'active';
  }

  get ownLeafIndex(): number {
    return this.state.privatePath.leafIndex;
  }

  members(): Member[] {
    return membersOf(this.state);
  }

  /**
   * Members whose device the authority refuses now (revoked since they joined, or a person whose
   * identity key changed): nobody writes to the thread until they are removed or the change is
   * accepted. The client removes revoked devices with a commit.
   */
  memberRefusals(): { member: Member; reason: E2eeFailure }[] {
    // Asked before every message: answered again only when the tree or the authority changed.
    const generation = this.authority.generation;
    const known = this.refusals;
    if (known?.tree === this.state.ratchetTree && known.generation === generation) return [...known.refusals];
    const refusals = this.members().flatMap((member) => {
      if (member.leafIndex === this.ownLeafIndex) return [];
      const refusal = this.authority.refusalOf(member, member.signatureKey);
      return refusal ? [{ member, reason: refusal.reason }] : [];
    });
    this.refusals = { tree: this.state.ratchetTree, generation, refusals };
    return [...refusals];
  }
  private refusals: {
    tree: ClientState['ratchetTree'];
    generation: string;
    refusals: { member: Member; reason: E2eeFailure }[];
  } | null = null;

  refusedMembers(): Member[] {
    return this.memberRefusals().map((r) => r.member);
  }

  private assertMembersTrusted(except: ReadonlySet<number> = new Set()): void {
    const refused = this.memberRefusals().find((r) => !except.has(r.member.leafIndex));
    if (refused) fail(refused.reason, `${refused.reason}: ${refused.member.userId}/${refused.member.deviceId}`);
  }

  /** Proposals received and not yet committed (a member leaving); they block sending until committed. */
  get hasPendingProposals(): boolean {
    return Object.keys(this.state.unappliedProposals).length > 0;
  }

  /** Refuses a state older than what this device verified before (a rolled-back store or server). */
  assertNotBefore(checkpoint: Checkpoint): void {
    if (this.epoch < checkpoint.epoch) fail('epoch_rollback', `epoch ${this.epoch} is older than ${checkpoint.epoch}`);
    if (this.epoch === checkpoint.epoch && toB64(this.epochAuthenticator) !== checkpoint.authenticator)
      fail('epoch_rollback', `another epoch ${this.epoch} than the one verified`);
  }

  async encrypt(plaintext: Uint8Array, clientMessageId: string): Promise<Uint8Array> {
    this.assertMembersTrusted();
    try {
      const sent = await createApplicationMessage(
        this.state,
        plaintext,
        await mlsSuite(),
        applicationData(clientMessageId),
      );
      this.state = sent.newState;
      return encodeMlsMessage({
        version: 'mls10',
        wireformat: 'mls_private_message',
        privateMessage: sent.privateMessage,
      });
    } catch (err) {
      throw explainMls(err, this.authority);
    }
  }

  /**
   * A commit adding these KeyPackages and removing these leaves (with the members' pending
   * requests to leave), carrying the committer's transparency head as authenticated data. Not
   * applied until `apply`: the delivery service decides which commit an epoch takes. Every member
   * who stays must still pass the authority (a revoked device can only be removed).
   */
  async commit(change: { add?: KeyPackage[]; remove?: number[] }, head: LogHeadRef): Promise<PendingCommit> {
    const leaving = Object.entries(this.state.unappliedProposals).filter(([, p]) => isLeaving(p));
    const removed = new Set([
      ...(change.remove ?? []),
      ...leaving.map(([, p]) => (p.proposal.proposalType === 'remove' ? p.proposal.remove.removed : -1)),
    ]);
    this.assertMembersTrusted(removed);
    const proposals: Proposal[] = [
      ...(change.add ?? []).map((keyPackage): Proposal => ({ proposalType: 'add', add: { keyPackage } })),
      ...(change.remove ?? []).map((removed): Proposal => ({ proposalType: 'remove', remove: { removed } })),
    ];
    const base = this.state;
    try {
      const result = await createCommit(
        { state: { ...base, unappliedProposals: Object.fromEntries(leaving) }, cipherSuite: await mlsSuite() },
        { extraProposals: proposals, ratchetTreeExtension: true, authenticatedData: commitContext(head) },
      );
      const diff = diffMembers(this.members(), membersOf(result.newState));
      return {
        commit: encodeMlsMessage(result.commit),
        welcome: result.welcome
          ? encodeMlsMessage({ version: 'mls10', wireformat: 'mls_welcome', welcome: result.welcome })
          : null,
        epoch: Number(result.newState.groupContext.epoch),
        added: diff.added,
        removed: diff.removed,
        state: result.newState,
        base,
      };
    } catch (err) {
      throw explainMls(err, this.authority);
    }
  }

  /** Takes the pending commit as the next epoch, once the delivery service accepted it. */
  apply(pending: PendingCommit): void {
    if (pending.epoch !== this.epoch + 1) fail('stale_epoch');
    if (pending.base !== this.state)
      fail('stale_epoch', 'the thread moved on since the commit was made: make it again');
    this.rememberCommit(this.epoch, pending.commit);
    this.state = pending.state;
  }

  private rememberCommit(epoch: number, bytes: Uint8Array): void {
    this.commits.set(epoch, commitHash(bytes));
    for (const kept of this.commits.keys()) if (kept < epoch - KEPT_COMMITS) this.commits.delete(kept);
  }

  /** A proposal to remove this device's own leaf: how a member leaves (another member commits it). */
  async proposeLeave(): Promise<Uint8Array> {
    try {
      const result = await createProposal(
        this.state,
        false,
        { proposalType: 'remove', remove: { removed: this.ownLeafIndex } },
        await mlsSuite(),
      );
      this.state = result.newState;
      return encodeMlsMessage(result.message);
    } catch (err) {
      throw explainMls(err, this.authority);
    }
  }

  /**
   * Processes one message from the delivery service, in its order. Only members' messages are
   * taken; a proposal other than leaving, or a commit with anything but adds and removals by its
   * committer and members leaving, is refused (`proposal_refused`).
   */
  async process(bytes: Uint8Array, declared?: { added: DeviceRef[]; removed: DeviceRef[] }): Promise<Incoming> {
    const m = decodeMessage(bytes);
    if (m.wireformat !== 'mls_private_message' && m.wireformat !== 'mls_public_message') fail('malformed');
    if (m.wireformat === 'mls_public_message' && m.publicMessage.content.sender.senderType !== 'member')
      fail('proposal_refused', 'a proposal from outside the group');
    const framed = m.wireformat === 'mls_private_message' ? m.privateMessage : m.publicMessage.content;
    if (!equalBytes(framed.groupId, groupIdOf(this.threadId))) fail('wrong_group');
    if (framed.epoch > this.state.groupContext.epoch) fail('unknown_epoch', `epoch ${framed.epoch} not reached`);
    if (framed.contentType === 'commit' && framed.epoch < this.state.groupContext.epoch) {
      // This epoch already ended with a commit: the same one again is a replay, another one a fork.
      const seen = this.commits.get(Number(framed.epoch));
      if (seen === commitHash(bytes)) fail('replayed_message', 'a commit already applied');
      fail('commit_fork', `another commit for epoch ${framed.epoch} than the one applied`);
    }
    // Read what the authenticated data says before processing (it is trusted only once that succeeds).
    const clientMessageId = framed.contentType === 'application' ? clientMessageIdOf(framed.authenticatedData) : null;
    const head = framed.contentType === 'commit' ? headOf(framed.authenticatedData) : null;
    const before = this.members();
    const cs = await mlsSuite();
    let sender: { leafIndex: number; generation: number } | undefined;
    if (m.wireformat === 'mls_private_message' && m.privateMessage.contentType === 'application') {
      const secret =
        m.privateMessage.epoch === this.state.groupContext.epoch
          ? this.state.keySchedule.senderDataSecret
          : this.state.historicalReceiverData.get(m.privateMessage.epoch)?.senderDataSecret;
      if (!secret) fail('stale_epoch', `epoch ${m.privateMessage.epoch} is no longer kept`);
      const data = await decryptSenderData(m.privateMessage, secret, cs).catch(() => undefined);
      if (!data) fail('decrypt_failed', 'sender data');
      sender = { leafIndex: data.leafIndex, generation: data.generation };
    }
    const seen: { committer?: number; proposer?: number; refused: boolean } = { refused: false };
    const policy: IncomingMessageCallback = (incoming) => {
      const ok =
        incoming.kind === 'proposal'
          ? isLeaving(incoming.proposal)
          : incoming.senderLeafIndex !== undefined &&
            incoming.proposals.every((p) => allowedInCommit(p, incoming.senderLeafIndex!));
      if (incoming.kind === 'proposal') seen.proposer = incoming.proposal.senderLeafIndex;
      else seen.committer = incoming.senderLeafIndex;
      if (!ok) seen.refused = true;
      return ok ? 'accept' : 'reject';
    };
    const epochBefore = this.epoch;
    let result: Awaited<ReturnType<typeof processMessage>>;
    try {
      result = await processMessage(m, this.state, emptyPskIndex, policy, cs);
    } catch (err) {
      throw explainMls(err, this.authority);
    }
    // A refused proposal still used up its key: keep the state ts-mls answers (its epoch unchanged).
    this.state = result.newState;
    if (seen.refused) fail('proposal_refused');
    if (result.kind === 'applicationMessage') {
      const epoch = Number(framed.epoch);
      const tree = epoch === epochBefore ? before : this.historicalMembers(framed.epoch);
      const from = tree.find((x) => x.leafIndex === sender!.leafIndex);
      if (!from) fail('sender_not_member');
      if (epoch !== epochBefore && !before.some((x) => memberKey(x) === memberKey(from)))
        fail('sender_removed', `${from.userId} was removed after epoch ${epoch}`);
      const refusal = this.authority.refusalOf(from, from.signatureKey);
      if (refusal && refusal.reason !== 'identity_changed') fail(refusal.reason, `${from.userId}/${from.deviceId}`);
      return {
        kind: 'message',
        sender: from,
        epoch,
        generation: sender!.generation,
        clientMessageId: clientMessageId!,
        plaintext: result.message,
        order: this.recordGeneration(epoch, sender!.leafIndex, sender!.generation),
      };
    }
    if (framed.contentType === 'commit') this.rememberCommit(epochBefore, bytes);
    if (this.state.groupActiveState.kind === 'removedFromGroup') {
      const me = before.find((x) => x.leafIndex === this.ownLeafIndex);
      if (declared && me && !declared.removed.some((d) => d.userId === me.userId && d.deviceId === me.deviceId))
        fail('commit_undeclared', 'the commit removes this device without its committer declaring it');
      return { kind: 'removed', epoch: this.epoch };
    }
    if (framed.contentType === 'proposal') {
      const leaving = before.filter((x) => x.leafIndex === seen.proposer);
      return { kind: 'proposal', proposer: leaving[0] ?? null, leaving };
    }
    const { added, removed } = diffMembers(before, this.members());
    // The committer signed, for the delivery service, which devices the commit adds and removes
    // (the server checks who may do that against those declarations): they must be the truth.
    if (declared && (refsOf(added) !== refsOf(declared.added) || refsOf(removed) !== refsOf(declared.removed)))
      fail('commit_undeclared', 'the commit changes other devices than its committer declared');
    return {
      kind: 'commit',
      epoch: this.epoch,
      committer: before.find((x) => x.leafIndex === seen.committer) ?? null,
      added,
      removed,
      head: head!,
    };
  }

  /** The members of a kept earlier epoch (a message sent before a commit may arrive after it). */
  private historicalMembers(epoch: bigint): Member[] {
    const kept = this.state.historicalReceiverData.get(epoch);
    return kept ? membersOf(kept) : [];
  }

  private recordGeneration(epoch: number, leaf: number, generation: number): 'in_order' | 'gap' | 'late' {
    const key = `${epoch}:${leaf}`;
    const last = this.generations.get(key);
    if (last === undefined) {
      this.generations.set(key, generation);
      return generation === 0 ? 'in_order' : 'gap';
    }
    if (generation < last) return 'late';
    this.generations.set(key, generation);
    return generation === last + 1 ? 'in_order' : 'gap';
  }
}

export interface SavedGroup {
  state: string;
  generations: [string, number][];
  commits?: [number, string][];
  proposalSenders: Record<string, number | null>;
}
