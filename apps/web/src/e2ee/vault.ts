import { useSyncExternalStore } from 'react';
import {
  type BackupKeys,
  type BackupPayload,
  checkPin,
  createBackupKeys,
  fromB64,
  generateIdentity,
  identityFromSecrets,
  type IdentityKeys,
  openBackup,
  openBackupWithDataKey,
  parseRecoveryWords,
  publicIdentity,
  sealBackup,
  toB64,
  verifyPublicIdentity,
} from '@liaison/e2ee';
import { ApiError } from '../api/client';
import { messagingApi, type UserKeys } from '../api/messaging';
import { keyStore, type LocalKeys, type Pin } from './key-store';

/**
 * The state of end-to-end encryption in this browser for the signed-in user:
 * - `setup`: no keys anywhere yet (onboarding creates them, with the backup, before any thread);
 * - `restore`: keys exist on the server but not here (a new browser), or they changed elsewhere;
 * - `ready`: this browser holds the user's current identity.
 */
export type VaultState =
  | { status: 'loading' }
  | { status: 'setup' }
  | { status: 'restore'; reason: 'new_device' | 'changed_elsewhere' }
  | { status: 'ready'; keys: LocalKeys }
  | { status: 'error'; message: string };

let state: VaultState = { status: 'loading' };
let loadedFor: string | undefined;
const listeners = new Set<() => void>();

function setState(next: VaultState) {
  state = next;
  listeners.forEach((l) => l());
}

export function useVault(): VaultState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

async function publishedKeys(userId: string): Promise<UserKeys | null> {
  try {
    return await messagingApi.keysOf(userId);
  } catch (err) {
    if (err instanceof ApiError && err.statusCode === 404) return null;
    throw err;
  }
}

/** Decides where this browser stands (once per user, unless forced). */
export async function loadVault(userId: string, force = false): Promise<void> {
  if (loadedFor === userId && !force && state.status !== 'error') return;
  loadedFor = userId;
  setState({ status: 'loading' });
  try {
    const [local, published] = await Promise.all([keyStore.keys(userId), publishedKeys(userId)]);
    if (!published) return setState({ status: 'setup' });
    if (!local) return setState({ status: 'restore', reason: 'new_device' });
    const mine = publicIdentity(local.identity);
    if (mine.signPublicKey !== published.current.signPublicKey || mine.encPublicKey !== published.current.encPublicKey)
      return setState({ status: 'restore', reason: 'changed_elsewhere' });
    setState({ status: 'ready', keys: local });
  } catch (err) {
    setState({ status: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}

/** A fresh identity and recovery key; nothing is stored until `finishSetup`. */
export async function prepareSetup(userId: string) {
  return generateIdentity(userId);
}

/**
 * Seals the backup (recovery key, optional passphrase), stores it, then publishes the public keys:
 * the backup exists before anyone can start a thread with this user.
 */
export async function finishSetup(
  identity: IdentityKeys,
  recoveryKey: Uint8Array,
  passphrase: string | undefined,
  earlier: IdentityKeys[] = [],
): Promise<void> {
  const userId = identity.userId;
  const backup = await createBackupKeys(userId, recoveryKey, passphrase || undefined);
  let version = 0;
  try {
    version = (await messagingApi.backup()).version;
  } catch (err) {
    if (!(err instanceof ApiError && err.statusCode === 404)) throw err;
  }
  const secrets = await keyStore.epochSecrets(userId);
  const saved = await messagingApi.saveBackup(sealBackup(backup, payloadOf(identity, earlier, secrets)), version);
  await messagingApi.publishKeys(publicIdentity(identity));
  const keys: LocalKeys = { identity, earlier, backup, backupVersion: saved.version };
  await keyStore.saveKeys(userId, keys);
  setState({ status: 'ready', keys });
}

function payloadOf(
  identity: IdentityKeys,
  earlier: IdentityKeys[],
  secrets: Record<string, Record<string, Uint8Array>>,
): BackupPayload {
  const createdAt = new Date().toISOString();
  return {
    identities: [identity, ...earlier].map((k) => ({
      signSecretKey: toB64(k.signSecretKey),
      kemSecretKey: toB64(k.kemSecretKey),
      createdAt,
    })),
    epochSecrets: Object.fromEntries(
      Object.entries(secrets).map(([thread, epochs]) => [
        thread,
        Object.fromEntries(Object.entries(epochs).map(([epoch, secret]) => [epoch, toB64(secret)])),
      ]),
    ),
  };
}

/** Restores this browser from the backup with the 24 words or the passphrase. */
export async function restore(userId: string, secret: { words: string } | { passphrase: string }): Promise<void> {
  const { blob, version } = await messagingApi.backup();
  const opened = await openBackup(
    blob,
    'words' in secret ? { recoveryKey: parseRecoveryWords(secret.words) } : { passphrase: secret.passphrase },
  );
  const [current, ...earlier] = await Promise.all(
    opened.payload.identities.map((k) =>
      identityFromSecrets(userId, fromB64(k.signSecretKey), fromB64(k.kemSecretKey)),
    ),
  );
  if (!current) throw new Error('The backup holds no keys.');
  const published = await publishedKeys(userId);
  const mine = publicIdentity(current);
  if (published && mine.signPublicKey !== published.current.signPublicKey)
    throw new Error('This backup holds older keys than the ones in use; set up new keys instead.');
  if (!published) await messagingApi.publishKeys(mine);
  const secrets: Record<string, Record<string, Uint8Array>> = {};
  for (const [thread, epochs] of Object.entries(opened.payload.epochSecrets))
    secrets[thread] = Object.fromEntries(Object.entries(epochs).map(([e, s]) => [e, fromB64(s)]));
  await keyStore.saveEpochSecrets(userId, secrets);
  const keys: LocalKeys = { identity: current, earlier, backup: opened.keys, backupVersion: version };
  await keyStore.saveKeys(userId, keys);
  setState({ status: 'ready', keys });
}

let backupTimer: ReturnType<typeof setTimeout> | undefined;

/** Remembers epoch secrets here and, shortly after, in the backup (merged with other devices'). */
export async function rememberEpochSecrets(userId: string, threadId: string, secrets: Map<number, Uint8Array>) {
  const all = await keyStore.epochSecrets(userId);
  const known = all[threadId] ?? {};
  let changed = false;
  for (const [epoch, secret] of secrets)
    if (!known[String(epoch)]) {
      known[String(epoch)] = secret;
      changed = true;
    }
  if (!changed) return;
  await keyStore.saveEpochSecrets(userId, { ...all, [threadId]: known });
  clearTimeout(backupTimer);
  backupTimer = setTimeout(() => void syncBackup(userId), 1500);
}

async function syncBackup(userId: string, attempt = 0): Promise<void> {
  const keys = await keyStore.keys(userId);
  if (!keys) return;
  const local = await keyStore.epochSecrets(userId);
  try {
    const { blob, version } = await messagingApi.backup();
    const remote = openBackupWithDataKey(blob, keys.backup);
    for (const [thread, epochs] of Object.entries(remote.epochSecrets))
      for (const [epoch, secret] of Object.entries(epochs)) (local[thread] ??= {})[epoch] ??= fromB64(secret);
    await keyStore.saveEpochSecrets(userId, local);
    const saved = await messagingApi.saveBackup(
      sealBackup(keys.backup, payloadOf(keys.identity, keys.earlier, local)),
      version,
    );
    await keyStore.saveKeys(userId, { ...keys, backupVersion: saved.version });
  } catch (err) {
    if (err instanceof ApiError && err.statusCode === 409 && attempt < 3) return syncBackup(userId, attempt + 1);
  }
}

export const knownSecrets = async (userId: string, threadId: string) =>
  new Map(Object.entries((await keyStore.epochSecrets(userId))[threadId] ?? {}).map(([e, s]) => [Number(e), s]));

/** Public keys of people, checked (self-signature) and compared with this browser's pins. */
export interface PersonKeys {
  userId: string;
  signKeys: Uint8Array[];
  kemPublicKey: Uint8Array;
  fingerprint: Uint8Array;
  pin: Pin;
  /** The key changed since it was pinned, and the change is not accepted yet. */
  changed: boolean;
}

export async function keysOfPeople(me: string, userIds: string[]): Promise<Map<string, PersonKeys>> {
  const pins = await keyStore.pins(me);
  const out = new Map<string, PersonKeys>();
  let pinsChanged = false;
  await Promise.all(
    [...new Set(userIds)].map(async (userId) => {
      const published = await publishedKeys(userId);
      if (!published) return;
      const current = verifyPublicIdentity({ userId, ...published.current });
      const history = published.history.map((k) => fromB64(k.signPublicKey));
      const fingerprint = toB64(current.fingerprint);
      let pin = pins[userId];
      const check = checkPin(pin ? fromB64(pin.fingerprint) : null, current);
      if (check === 'first_seen') {
        pin = { fingerprint, verified: false };
        pins[userId] = pin;
        pinsChanged = true;
      } else if (check === 'changed' && pin && pin.changedTo !== fingerprint) {
        pin = { ...pin, changedTo: fingerprint };
        pins[userId] = pin;
        pinsChanged = true;
      }
      out.set(userId, {
        userId,
        signKeys: [current.signPublicKey, ...history],
        kemPublicKey: current.kemPublicKey,
        fingerprint: current.fingerprint,
        pin: pin!,
        changed: userId !== me && check === 'changed',
      });
    }),
  );
  if (pinsChanged) await keyStore.savePins(me, pins);
  return out;
}

/**
 * The key lookups the protocol needs: for the signed-in user, this browser's identity plus every
 * key they have published (old roster events stay verifiable after a reset); for the others,
 * the key directory's, as checked by `keysOfPeople`.
 */
export function keyLookups(keys: LocalKeys, people: Map<string, PersonKeys>) {
  const me = keys.identity.userId;
  return {
    keysOf: (id: string): Uint8Array[] =>
      id === me ? [keys.identity.signPublicKey, ...(people.get(me)?.signKeys ?? [])] : (people.get(id)?.signKeys ?? []),
    kemOf: (id: string): Uint8Array => {
      if (id === me) return keys.identity.kemPublicKey;
      const person = people.get(id);
      if (!person) throw new Error(`${id} has no published keys`);
      return person.kemPublicKey;
    },
  };
}

/** Accepts a changed key (after the warning): it becomes the pinned one, no longer verified. */
export async function acceptKeyChange(me: string, userId: string, fingerprint: Uint8Array): Promise<void> {
  const pins = await keyStore.pins(me);
  pins[userId] = { fingerprint: toB64(fingerprint), verified: false };
  await keyStore.savePins(me, pins);
}

export async function markVerified(me: string, userId: string, fingerprint: Uint8Array, verified: boolean) {
  const pins = await keyStore.pins(me);
  pins[userId] = { fingerprint: toB64(fingerprint), verified };
  await keyStore.savePins(me, pins);
}

export type { BackupKeys };
