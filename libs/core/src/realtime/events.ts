/**
 * The realtime event map: every event of the `/realtime` namespace, its payload and (for the events
 * clients send) the acknowledgement's result. The server's publisher and gateway and the web's
 * socket are typed with it, so an unknown event or a wrong payload is a type error on both sides.
 *
 * Isomorphic: no Node or Nest imports, only types from the OpenAPI document's schema (type-only,
 * so nothing of it reaches either build), and the web imports this file by relative path.
 */
import type { components } from '@liaison/contract';

type Schemas = components['schemas'];

/** An MLS message as the server types it (its `kind` a string, not the schema's enumeration). */
type MlsMessage = Omit<Schemas['MlsMessageDto'], 'kind'> & { kind: string };

/** Server to client: the payload of each event. */
export interface ServerEvents {
  /** The socket's session ended (token expired, signed out everywhere, account changed); it is disconnected. */
  'session.expired': { reason: string };
  /** An announcement reached the recipient. */
  'announcement.new': { announcementId: string; title: string };
  /** An announcement the recipient has was edited or withdrawn. */
  'announcement.updated': { announcementId: string; revision: number };
  /** The recipient was reminded of an announcement. */
  'announcement.reminder': { announcementId: string };
  /** An announcement's statistics changed (to its room, which the secretariat watches). */
  'announcement.activity': { announcementId: string };
  /** The caller read or acknowledged an announcement elsewhere. */
  'inbox.changed': { announcementId: string };
  /** A new notice for the user (its `params` are the notice's facts; the OpenAPI schema leaves them untyped). */
  notification: Omit<Schemas['NotificationDto'], 'params'> & { params: Record<string, unknown> };
  /** A plan changed (to its room); the per-viewer fields are left out. */
  'plan.updated': {
    plan: Omit<Schemas['PlanDto'], 'myRole' | 'canEdit'> & { myRole?: undefined; canEdit?: undefined };
  };
  /** An item changed (to its plan's room and to its assignees before and after). */
  'item.updated': { planId: string; item: Schemas['ItemDto'] };
  /** A message was stored in an MLS thread (to the thread's room). */
  'mls.message': { threadId: string; message: MlsMessage };
  /** The user's devices were added to a thread: Welcomes are waiting. */
  'mls.welcome': { threadId: string };
  /** A directory import's progress, to whoever runs it. */
  'directory.import.progress': { done: number; total: number };
  /** A contact's owner is asked to confirm their entry. */
  'directory.confirmation.requested': { contactId: string };
}

/** Nothing but `ok` in the acknowledgement. */
export type NoResult = Record<never, never>;

/** Client to server: each event's payload (as clients should send it; the server validates) and result. */
export interface ClientRequests {
  'plan.subscribe': { payload: { planId: string }; result: { plan: Schemas['PlanDto'] } };
  'plan.unsubscribe': { payload: { planId: string }; result: NoResult };
  'announcement.watch': { payload: { announcementId: string }; result: NoResult };
  'announcement.unwatch': { payload: { announcementId: string }; result: NoResult };
  'mls.subscribe': {
    payload: { threadId: string; deviceId: string; afterSeq?: number };
    result: { messages: MlsMessage[]; more: boolean };
  };
  'mls.unsubscribe': { payload: { threadId: string }; result: NoResult };
  'mls.send': {
    payload: Schemas['SendMlsMessageDto'] & { threadId: string };
    result: { id: string; seq: number; epoch: number; created: boolean };
  };
  'mls.prove': { payload: { deviceId: string; signature: string }; result: NoResult };
  'mls.read': { payload: { threadId: string; seq: number }; result: { lastReadSeq: number } };
}

export type ServerEvent = keyof ServerEvents;
export type ClientEvent = keyof ClientRequests;
export type ClientPayload<E extends ClientEvent> = ClientRequests[E]['payload'];
export type ClientResult<E extends ClientEvent> = ClientRequests[E]['result'];

/** Every acknowledgement: the handler's result, or the error in the HTTP error shape. */
export type RealtimeAnswer<R> = ({ ok: true } & R) | { ok: false; error: Schemas['ErrorBody'] };

/** socket.io's typing of the two directions (`Socket<ServerToClientEvents, ClientToServerEvents>` on the web). */
export type ServerToClientEvents = { [E in ServerEvent]: (payload: ServerEvents[E]) => void };
export type ClientToServerEvents = {
  [E in ClientEvent]: (payload: ClientPayload<E>, ack: (answer: RealtimeAnswer<ClientResult<E>>) => void) => void;
};

/** The client events as a value (the keys must be exactly the map's), for checking what the gateway handles. */
export const CLIENT_EVENTS = Object.keys({
  'plan.subscribe': true,
  'plan.unsubscribe': true,
  'announcement.watch': true,
  'announcement.unwatch': true,
  'mls.subscribe': true,
  'mls.unsubscribe': true,
  'mls.send': true,
  'mls.prove': true,
  'mls.read': true,
} satisfies Record<ClientEvent, true>) as ClientEvent[];
