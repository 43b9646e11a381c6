import { io, type Socket } from 'socket.io-client';

/** A socket.io client on the `/realtime` namespace, connected (or the handshake's error). */
export const connect = (url: string, auth: Record<string, unknown>) =>
  new Promise<Socket>((resolve, reject) => {
    const socket = io(`${url}/realtime`, { auth, transports: ['websocket'], reconnection: false });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });

/** The next `event` on the socket, or a rejection after 5 s. */
export const nextEvent = <T>(socket: Socket, event: string) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} in time`)), 5000);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });

/** Emits and waits for the acknowledgement. */
export const request = <T = any>(socket: Socket, event: string, payload?: unknown): Promise<T> =>
  socket.timeout(5000).emitWithAck(event, payload) as Promise<T>;
