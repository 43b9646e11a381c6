import { Inject } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Logger } from 'pino';
import { type OnGatewayConnection, type OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { type AuthenticatedUser, RequestAuthenticator } from '../auth/auth.decorators.js';
import { toErrorBody } from '../errors/error-body.js';
import { LOGGER } from '../logging/logger.js';
import type { ClientEvent, ClientResult, ClientToServerEvents, ServerToClientEvents } from './events.js';

/** The room every socket of one user joins. */
export const userRoom = (userId: string) => `user:${userId}`;

export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents> & { data: { user: AuthenticatedUser } };

/**
 * A client-to-server event handler: the socket's user (checked at the handshake) and the payload,
 * unknown until the handler validates it; it answers the event's result in the map (events.ts).
 */
export type RealtimeHandler<E extends ClientEvent = ClientEvent> = (
  user: AuthenticatedUser,
  payload: unknown,
  socket: RealtimeSocket,
) => Promise<ClientResult<E>>;

/**
 * The one socket.io namespace, `/realtime`. A handshake without a valid access token
 * (`auth: { token }`) is refused before any handler runs; each accepted socket joins its user's
 * room. Contexts add rooms and events through RealtimePublisher.
 */
@WebSocketGateway({ namespace: '/realtime' })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection {
  @WebSocketServer()
  namespace: Namespace<ClientToServerEvents, ServerToClientEvents>;

  private authenticator?: RequestAuthenticator;
  private readonly handlers = new Map<string, RealtimeHandler>();

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Registers a client-to-server event. Only registered events are answered (deny by default);
   * each answers its acknowledgement with `{ ok: true, ...result }` or `{ ok: false, error }` in
   * the HTTP error shape, and a failure never ends the socket.
   */
  handle<E extends ClientEvent>(event: E, handler: RealtimeHandler<E>): void {
    if (this.handlers.has(event)) throw new Error(`The socket event "${event}" is handled twice`);
    this.handlers.set(event, handler);
  }

  /** The events registered so far (all of the map's, once every context has started). */
  registeredEvents(): string[] {
    return [...this.handlers.keys()];
  }

  handleConnection(socket: RealtimeSocket): void {
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (answer: unknown) => void) : undefined;
      const handler = this.handlers.get(event);
      const user = socket.data.user;
      if (!handler || !user) {
        ack?.({ ok: false, error: { statusCode: 404, error: 'Not Found', message: `Unknown event "${event}".` } });
        return;
      }
      handler(user, args[0], socket).then(
        (result) => ack?.({ ok: true, ...(result ?? {}) }),
        (err: unknown) => {
          const error = toErrorBody(err);
          if (error.statusCode >= 500) this.logger.error({ err, event }, 'socket event failed');
          ack?.({ ok: false, error });
        },
      );
    });
  }

  afterInit(namespace: Namespace<ClientToServerEvents, ServerToClientEvents>): void {
    // Looked up, not injected: the identity context's authenticator itself publishes through
    // this gateway (ending sockets), which would make constructor injection circular.
    try {
      this.authenticator = this.moduleRef.get(RequestAuthenticator, { strict: false });
    } catch {
      this.authenticator = undefined;
    }
    namespace.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const authenticator = this.authenticator;
      if (typeof token !== 'string' || !authenticator) return next(new Error('unauthorized'));
      authenticator.authenticateToken(token).then(
        (user) => {
          if (!user) return next(new Error('unauthorized'));
          // As on HTTP: someone who must still enrol a second factor gets nothing else, live either.
          if (user.mfaEnrollmentRequired) return next(new Error('mfa_enrollment_required'));
          (socket as RealtimeSocket).data.user = user;
          if (user.expiresAt) {
            // The socket lives no longer than the token it was opened with.
            const timer = setTimeout(
              () => {
                socket.emit('session.expired', { reason: 'token_expired' });
                socket.disconnect(true);
              },
              Math.max(0, user.expiresAt.getTime() - Date.now()),
            );
            timer.unref();
            socket.once('disconnect', () => clearTimeout(timer));
          }
          void socket.join(userRoom(user.id));
          next();
        },
        () => next(new Error('unauthorized')),
      );
    });
  }
}
