import { useCallback, useEffect, useRef, useState } from 'react';
import { E2eeError, type E2eeFailure, type MessageBody, rotationDue, ThreadCrypto } from '@liaison/e2ee';
import { MESSAGE_PAGE, messagingApi, type StoredMessage, type ThreadDetail } from '../api/messaging';
import { realtime, request } from '../app/realtime';
import type { LocalKeys } from '../e2ee/key-store';
import { keyStore } from '../e2ee/key-store';
import { keyLookups, keysOfPeople, knownSecrets, type PersonKeys, rememberEpochSecrets } from '../e2ee/vault';
import { proveSigner } from './signer-proof';

/** One message as shown: decrypted, or the specific reason it could not be. */
export interface ShownMessage {
  seq: number;
  epoch: number;
  id: string;
  senderUserId: string;
  sentAt: string;
  clientMessageId: string;
  body?: MessageBody;
  failure?: E2eeFailure;
}

export interface ThreadView {
  detail: ThreadDetail;
  crypto: ThreadCrypto;
  people: Map<string, PersonKeys>;
  messages: ShownMessage[];
  subject: string | undefined;
}

const reasonOf = (err: unknown): E2eeFailure => (err instanceof E2eeError ? err.reason : 'malformed');

/**
 * Loads a thread, verifies its roster and keys, decrypts its messages, and follows it live:
 * subscribes with the last seq it has, applies messages by seq exactly once, and reloads the
 * roster and keys when membership or keys change.
 */
export function useThread(threadId: string, keys: LocalKeys) {
  const me = keys.identity.userId;
  const [view, setView] = useState<ThreadView>();
  const [error, setError] = useState<unknown>();
  const [typing, setTyping] = useState<Record<string, number>>({});
  /** What the view is made of; `publish` renders it. */
  const state = useRef<{
    crypto?: ThreadCrypto;
    detail?: ThreadDetail;
    people?: Map<string, PersonKeys>;
    messages: Map<number, ShownMessage>;
    lastSeq: number;
  }>({ messages: new Map(), lastSeq: 0 });

  const decryptAll = useCallback((crypto: ThreadCrypto, incoming: StoredMessage[]) => {
    const s = state.current;
    for (const m of incoming) {
      if (s.messages.has(m.seq)) continue;
      const shown: ShownMessage = {
        seq: m.seq,
        epoch: m.epoch,
        id: m.id,
        senderUserId: m.senderUserId,
        sentAt: m.sentAt,
        clientMessageId: m.clientMessageId,
      };
      try {
        shown.body = crypto.decrypt(m);
      } catch (err) {
        shown.failure = reasonOf(err);
      }
      s.messages.set(m.seq, shown);
      s.lastSeq = Math.max(s.lastSeq, m.seq);
    }
  }, []);

  const publish = useCallback(() => {
    const { detail, crypto, people } = state.current;
    if (!detail || !crypto || !people) return;
    const messages = [...state.current.messages.values()].sort((a, b) => a.seq - b.seq);
    const subject = [...messages].reverse().find((m) => m.body?.kind === 'subject')?.body?.text;
    if (subject) void keyStore.saveSubject(me, threadId, subject);
    setView({ detail, crypto, people, messages: messages.filter((m) => m.body?.kind !== 'subject'), subject });
  }, [me, threadId]);

  /** (Re)reads the thread's roster and distributions, then catches up on messages. */
  const reload = useCallback(async () => {
    const detail = await messagingApi.thread(threadId);
    const actors = [
      ...detail.members.map((m) => m.userId),
      ...detail.rosterEvents.flatMap((e) => [e.actor, e.subject]),
    ];
    const people = await keysOfPeople(me, actors);
    const { keysOf } = keyLookups(keys, people);
    let crypto = state.current.crypto;
    const snapshot = {
      id: threadId,
      rosterEvents: detail.rosterEvents,
      keyDistributions: detail.keyDistributions,
      historyShares: detail.historyShares,
    };
    if (crypto) await crypto.update(snapshot, keysOf);
    else
      crypto = await ThreadCrypto.load(snapshot, keys.identity, keysOf, {
        earlierIdentities: keys.earlier,
        knownSecrets: await knownSecrets(me, threadId),
      });
    Object.assign(state.current, { crypto, detail, people });
    await rememberEpochSecrets(me, threadId, crypto.secrets);
    // Messages that failed for want of a key may open now: read again from the first of them.
    let after = state.current.lastSeq;
    for (const [seq, shown] of state.current.messages)
      if (shown.failure === 'unknown_epoch') {
        state.current.messages.delete(seq);
        after = Math.min(after, seq - 1);
      }
    for (;;) {
      const { items } = await messagingApi.messages(threadId, after);
      decryptAll(crypto, items);
      if (items.length < MESSAGE_PAGE) break;
      after = items[items.length - 1]!.seq;
    }
    publish();
  }, [threadId, me, keys, decryptAll, publish]);

  useEffect(() => {
    let live = true;
    state.current = { messages: new Map(), lastSeq: 0 };
    const socket = realtime();
    const subscribe = async () => {
      try {
        const answer = await request<{ messages: StoredMessage[]; lastSeq: number }>('thread.subscribe', {
          threadId,
          afterSeq: state.current.lastSeq,
        });
        const { crypto } = state.current;
        if (!live || !crypto) return;
        decryptAll(crypto, answer.messages);
        publish();
      } catch {
        // The REST read below keeps the view complete; the socket retries on reconnect.
      }
    };
    const onMessage = (m: StoredMessage) => {
      const { crypto } = state.current;
      if (m.threadId !== threadId || !crypto) return;
      decryptAll(crypto, [m]);
      publish();
    };
    const onChange = (event: { threadId: string }) => {
      if (event.threadId === threadId) void reload().catch(setError);
    };
    const onTyping = (event: { threadId: string; userId: string }) => {
      if (event.threadId === threadId) setTyping((t) => ({ ...t, [event.userId]: Date.now() }));
    };
    socket.on('message.new', onMessage);
    socket.on('thread.membership', onChange);
    socket.on('thread.key', onChange);
    socket.on('typing', onTyping);
    socket.on('connect', subscribe);
    reload()
      .then(() => {
        if (socket.connected) void subscribe();
      })
      .catch((err) => live && setError(err));
    return () => {
      live = false;
      socket.off('message.new', onMessage);
      socket.off('thread.membership', onChange);
      socket.off('thread.key', onChange);
      socket.off('typing', onTyping);
      socket.off('connect', subscribe);
      void request('thread.unsubscribe', { threadId }).catch(() => undefined);
    };
  }, [threadId, reload, decryptAll, publish]);

  /**
   * Opens a new epoch when the one in force is due (E2EE.md: every 7 days or 1,000 messages): a
   * signed `rotate` with the new secret wrapped for every member. Any member may do it.
   */
  const rotateIfDue = useCallback(
    async (force = false) => {
      const c = state.current.crypto;
      if (!c || (!force && !rotationDue([...state.current.messages.values()], c.epoch))) return;
      const people = await keysOfPeople(me, [...c.roster.members.keys()]);
      const { keysOf, kemOf } = keyLookups(keys, people);
      const signed = await c.change({ kind: 'rotate' }, kemOf, keysOf);
      try {
        await messagingApi.changeMembership(threadId, { event: signed.event, keyDistribution: signed.keyDistribution });
        if (signed.keyDistribution && signed.epochSecret)
          await rememberEpochSecrets(me, threadId, new Map([[signed.keyDistribution.epoch, signed.epochSecret]]));
      } catch {
        // Someone else changed the roster (or rotated) first: their epoch will do.
      }
      await reload();
    },
    [me, keys, threadId, reload],
  );

  /** Encrypts and sends; after a 409 (the epoch moved on) reloads the keys and tries once more. */
  const send = useCallback(
    async (body: MessageBody) => {
      await rotateIfDue(false);
      const clientMessageId = crypto.randomUUID();
      const attempt = async () => {
        const c = state.current.crypto!;
        const message = c.encrypt(body, clientMessageId);
        const { senderUserId: _, ...wire } = message;
        try {
          await proveSigner(keys.identity);
          return (await request<{ message: StoredMessage }>('message.send', wire)).message;
        } catch (err) {
          if ((err as { statusCode?: number }).statusCode === undefined) return messagingApi.send(threadId, wire);
          throw err;
        }
      };
      let stored: StoredMessage;
      try {
        stored = await attempt();
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode !== 409) throw err;
        await reload();
        stored = await attempt();
      }
      // The sending socket gets no broadcast of its own message: show it from the acknowledgement.
      decryptAll(state.current.crypto!, [stored]);
      publish();
    },
    [threadId, keys, reload, decryptAll, publish, rotateIfDue],
  );

  const markRead = useCallback(
    (seq: number) => void request('read', { threadId, seq }).catch(() => undefined),
    [threadId],
  );
  const sendTyping = useCallback(() => void request('typing', { threadId }).catch(() => undefined), [threadId]);

  const typingNow = Object.entries(typing)
    .filter(([userId, at]) => userId !== me && Date.now() - at < 5000)
    .map(([userId]) => userId);

  /** A new epoch now: after a member's key changed, so the new key gets the thread's key. */
  const rotate = useCallback(() => rotateIfDue(true), [rotateIfDue]);

  return { view, error, reload, send, rotate, markRead, sendTyping, typing: typingNow };
}
