import { ModuleRef } from '@nestjs/core';
import { type OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { type AuthenticatedUser, RequestAuthenticator } from '../auth/auth.decorators.js';

/** The room every socket of one user joins. */
export const userRoom = (userId: string) => `user:${userId}`;

export type RealtimeSocket = Socket & { data: { user: AuthenticatedUser } };

/**
 * The one socket.io namespace, `/realtime`. A handshake without a valid access token
 * (`auth: { token }`) is refused before any handler runs; each accepted socket joins its user's
 * room. Contexts add rooms and events through RealtimePublisher.
 */
@WebSocketGateway({ namespace: '/realtime' })
export class RealtimeGateway implements OnGatewayInit {
  @WebSocketServer()
  namespace: Namespace;

  private authenticator?: RequestAuthenticator;

  constructor(private readonly moduleRef: ModuleRef) {}

  afterInit(namespace: Namespace): void {
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
