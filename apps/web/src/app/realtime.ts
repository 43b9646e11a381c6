import { io, type Socket } from 'socket.io-client';
import type {
  ClientEvent,
  ClientPayload,
  ClientResult,
  ClientToServerEvents,
  RealtimeAnswer,
  ServerEvents,
  ServerToClientEvents,
} from '../../../../libs/core/src/realtime/events';
import { currentAccessToken, renewSession } from '../auth/session';

/** The server's event map (libs/core/src/realtime/events.ts) types every `on` and `emit`. */
export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type { ClientPayload, ServerEvents };

let socket: RealtimeSocket | undefined;

/**
 * The one socket.io connection to `/realtime`, opened on first use with the session's access
 * token (read again at every reconnection, so a renewed token is used).
 */
export function realtime(): RealtimeSocket {
  if (socket) return socket;
  socket = io('/realtime', {
    transports: ['websocket'],
    auth: (send) => send({ token: currentAccessToken() }),
  });
  socket.on('session.expired', () => {
    void renewSession().then((ok) => {
      if (ok) socket?.connect();
    });
  });
  socket.on('connect_error', (err: Error) => {
    // A handshake refused for an expired token: renew, and let socket.io reconnect. One refused
    // until a second factor is enrolled waits for that (socket.io keeps retrying, backing off).
    if (err.message !== 'mfa_enrollment_required') void renewSession();
  });
  return socket;
}

export function closeRealtime(): void {
  socket?.close();
  socket = undefined;
}

/** Emits with an acknowledgement; rejects with the server's error body when `ok` is false. */
export async function request<E extends ClientEvent>(event: E, payload: ClientPayload<E>): Promise<ClientResult<E>> {
  // socket.io's typing cannot follow an event name that is a type parameter; the signature holds the map.
  const emitter = realtime().timeout(10_000) as unknown as {
    emitWithAck(event: E, payload: ClientPayload<E>): Promise<RealtimeAnswer<ClientResult<E>>>;
  };
  const answer = await emitter.emitWithAck(event, payload);
  if (!answer.ok) throw Object.assign(new Error(answer.error.message), answer.error);
  return answer;
}
