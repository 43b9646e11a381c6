import { Injectable } from '@nestjs/common';
import { deliveryStatement, type DeliveryRequest, socketProofStatement, toB64 } from '@liaison/e2ee';
import { MessagingError } from '../errors.js';
import { nativeVerifyAsync } from '../keys/native-verifier.js';
import { KeyLogRepository } from '../transparency/key-log.repository.js';
import { DeliveryRepository } from './delivery.repository.js';
import { bytesOf } from './delivery-framing.js';

/** A device's side of delivery: its pending Welcomes, and proof that a request or socket is the device's own. */
@Injectable()
export class DeliveryDevicesService {
  constructor(
    private readonly repo: DeliveryRepository,
    private readonly keys: KeyLogRepository,
  ) {}

  async welcomes(userId: string, deviceId: string) {
    await this.assertOwnDevice(userId, deviceId);
    const rows = await this.repo.welcomesFor(userId, deviceId);
    return { items: rows.map((w) => ({ threadId: w.threadId, epoch: w.epoch, body: toB64(w.body) })) };
  }

  /**
   * The request is signed by the device's certified key (a stolen session alone cannot post for
   * it), and the device is not revoked.
   */
  async assertSigned(userId: string, deviceId: string, request: DeliveryRequest, signature: string) {
    const device = await this.keys.device(userId, deviceId);
    if (!device || device.revoked)
      throw new MessagingError('device_not_found', 'No such device of yours.', [
        { field: 'deviceId', reasons: ['not one of your registered devices'] },
      ]);
    const signed = await nativeVerifyAsync(
      bytesOf(signature, 'signature'),
      deliveryStatement(request),
      new Uint8Array(device.signatureKey),
    );
    if (!signed)
      throw new MessagingError('message_rejected', 'The signature is not this device’s.', [
        { field: 'signature', reasons: ['not a signature of this request by the device’s key'] },
      ]);
  }

  /**
   * Whether the signature proves that the caller's device holds its current, unrevoked key on
   * this socket connection (see socketProofStatement).
   */
  async proveSocket(userId: string, deviceId: string, socketId: string, signature: string): Promise<boolean> {
    const device = await this.keys.device(userId, deviceId);
    if (!device || device.revoked) return false;
    return nativeVerifyAsync(
      bytesOf(signature, 'signature'),
      socketProofStatement(userId, deviceId, socketId),
      new Uint8Array(device.signatureKey),
    );
  }

  async assertOwnDevice(userId: string, deviceId: string): Promise<void> {
    const device = await this.keys.device(userId, deviceId);
    if (!device || device.revoked)
      throw new MessagingError('device_not_found', 'No such device of yours.', [
        { field: 'deviceId', reasons: ['not one of your registered devices'] },
      ]);
  }
}
