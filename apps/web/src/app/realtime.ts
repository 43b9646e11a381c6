import { io, type Socket } from 'socket.io-client';
import { currentAccessToken, renewSession } from '../auth/session';

let socket: Socket | undefined;

/**
 * The one socket.io connection to `/realtime`, opened on first use with the session's access
 * token (read again at every reconnection, so a renewed token is used).
 */
export function realtime(): Socket {
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
export async function request<T>(event: string, payload: unknown): Promise<T> {
  const answer = (await realtime().timeout(10_000).emitWithAck(event, payload)) as
    | ({ ok: true } & T)
    | { ok: false; error: { statusCode: number; message: string; code?: string; context?: Record<string, unknown> } };
  if (!answer.ok) throw Object.assign(new Error(answer.error.message), answer.error);
  return answer as T;
}
