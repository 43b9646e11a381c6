import { Injectable } from '@nestjs/common';
import { RealtimeGateway, userRoom } from './realtime.gateway.js';

/** Sends server-to-client events; with Redis they reach sockets on every API instance. */
@Injectable()
export class RealtimePublisher {
  constructor(private readonly gateway: RealtimeGateway) {}

  toUser(userId: string, event: string, payload: unknown): void {
    this.gateway.namespace?.to(userRoom(userId)).emit(event, payload);
  }

  /** To every socket in a room; `exceptSocket` leaves out one (the sender's, which has its acknowledgement). */
  toRoom(room: string, event: string, payload: unknown, exceptSocket?: string): void {
    const target = this.gateway.namespace?.to(room);
    (exceptSocket ? target?.except(exceptSocket) : target)?.emit(event, payload);
  }

  /** To every socket in any of these rooms, once per socket however many of the rooms it is in. */
  toRooms(rooms: string[], event: string, payload: unknown): void {
    const namespace = this.gateway.namespace;
    if (namespace && rooms.length > 0) namespace.to(rooms).emit(event, payload);
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
