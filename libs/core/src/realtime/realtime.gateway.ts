import { Optional } from '@nestjs/common';
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

  constructor(@Optional() private readonly authenticator?: RequestAuthenticator) {}

  afterInit(namespace: Namespace): void {
    namespace.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || !this.authenticator) return next(new Error('unauthorized'));
      this.authenticator.authenticateToken(token).then(
        (user) => {
          if (!user) return next(new Error('unauthorized'));
          (socket as RealtimeSocket).data.user = user;
          void socket.join(userRoom(user.id));
          next();
        },
        () => next(new Error('unauthorized')),
      );
    });
  }
}
