import { Injectable } from '@nestjs/common';
import type { ServerEvent, ServerEvents } from './events.js';
import { RealtimeGateway, userRoom } from './realtime.gateway.js';

/** The map types each call; socket.io's own typing cannot follow an event name that is a type parameter. */
const send = (
  target: { emit(event: string, payload: unknown): boolean } | undefined,
  event: string,
  payload: unknown,
) => void target?.emit(event, payload);

/**
 * Sends server-to-client events (named and typed by `ServerEvents`, events.ts); with Redis they
 * reach sockets on every API instance.
 */
@Injectable()
export class RealtimePublisher {
  constructor(private readonly gateway: RealtimeGateway) {}

  toUser<E extends ServerEvent>(userId: string, event: E, payload: ServerEvents[E]): void {
    send(this.gateway.namespace?.to(userRoom(userId)), event, payload);
  }

  /** To every socket in a room; `exceptSocket` leaves out one (the sender's, which has its acknowledgement). */
  toRoom<E extends ServerEvent>(room: string, event: E, payload: ServerEvents[E], exceptSocket?: string): void {
    const target = this.gateway.namespace?.to(room);
    send(exceptSocket ? target?.except(exceptSocket) : target, event, payload);
  }

  /** To every socket in any of these rooms, once per socket however many of the rooms it is in. */
  toRooms<E extends ServerEvent>(rooms: string[], event: E, payload: ServerEvents[E]): void {
    const namespace = this.gateway.namespace;
    if (namespace && rooms.length > 0) send(namespace.to(rooms), event, payload);
  }

  /** Every socket of a user leaves a room (on every instance, with Redis): removed from a thread, say. */
  leaveRoom(userId: string, room: string): void {
    this.gateway.namespace?.in(userRoom(userId)).socketsLeave(room);
  }

  /** Every socket in room `from` leaves `room` (on every instance): a device's sockets leave a thread it was removed from. */
  roomLeaves(from: string, room: string): void {
    this.gateway.namespace?.in(from).socketsLeave(room);
  }

  /** Every socket in a room leaves it (who may be there changed; clients subscribe again and are checked anew). */
  emptyRoom(room: string): void {
    this.gateway.namespace?.in(room).socketsLeave(room);
  }

  /** Ends every socket of a user (sign-out everywhere, disabled account, changed roles). */
  disconnectUser(userId: string, reason: string): void {
    const namespace = this.gateway.namespace;
    if (!namespace) return;
    namespace.to(userRoom(userId)).emit('session.expired', { reason });
    namespace.in(userRoom(userId)).disconnectSockets(true);
  }
}
