/** What delivery reads of MLS messages (framing only), and the checks and errors its use cases share. */
import { E2eeError, fromB64, type MlsFraming, mlsFraming, toB64 } from '@liaison/e2ee';
import { MessagingError, rejected } from '../errors.js';
import type { StoredMessage } from './delivery.repository.js';
import type { MlsMessageDto } from './delivery.dto.js';

/** The room of a thread's subscribed sockets. */
export const mlsRoom = (threadId: string) => `mls:${threadId}`;
/** The sockets that subscribed naming this device (they leave a thread's room when it is removed). */
export const mlsDeviceRoom = (userId: string, deviceId: string) => `mls-device:${userId}/${deviceId}`;
/** Epochs are stored as 32-bit integers; no thread gets near it. */
const MAX_EPOCH = 2 ** 31 - 1;

export type DeviceRef = { userId: string; deviceId: string };
export const key = (d: DeviceRef) => `${d.userId}/${d.deviceId}`;

export const toMlsMessageDto = (m: StoredMessage): MlsMessageDto => ({
  id: m.id,
  seq: m.seq,
  epoch: m.epoch,
  kind: m.kind,
  senderUserId: m.senderUserId,
  senderDeviceId: m.senderDeviceId,
  clientMessageId: m.clientMessageId,
  body: toB64(m.body),
  createdAt: m.createdAt.toISOString(),
  ...(m.declared ? { added: m.declared.added, removed: m.declared.removed } : {}),
});

export const notFound = () => new MessagingError('thread_not_found', 'No such thread, or you are not in it.');

export function bytesOf(text: string, field: string): Uint8Array {
  try {
    return fromB64(text);
  } catch {
    throw new MessagingError('message_rejected', `${field} is not base64url`, [{ field, reasons: ['not base64url'] }]);
  }
}

/** The framing of an MLS message, checked against what the route expects of it. */
export function framingOf(
  text: string,
  field: string,
  expected: { threadId: string; contentType: MlsFraming['contentType'] },
): { bytes: Uint8Array; framing: MlsFraming } {
  const bytes = bytesOf(text, field);
  let framing: MlsFraming;
  try {
    framing = mlsFraming(bytes);
  } catch (err) {
    if (err instanceof E2eeError) throw rejected('message_rejected', err, field);
    throw err;
  }
  const problem =
    framing.wireformat === 'welcome'
      ? 'a Welcome is not a message'
      : (framing.epoch ?? 0) > MAX_EPOCH
        ? 'its epoch is beyond what a thread reaches'
        : framing.threadId !== expected.threadId
          ? 'it belongs to another thread'
          : framing.contentType !== expected.contentType
            ? `it is not ${expected.contentType === 'application' ? 'an application message' : `a ${expected.contentType}`}`
            : framing.fromMember === false
              ? 'it does not come from a member'
              : expected.contentType === 'application' && framing.wireformat !== 'private'
                ? 'application messages are encrypted (PrivateMessage)'
                : null;
  if (problem)
    throw new MessagingError('message_rejected', `The ${field} is refused: ${problem}.`, [
      { field, reasons: [problem] },
    ]);
  return { bytes, framing };
}

/** The sending device is one of the caller's devices still in the thread. */
export function assertSendingDevice(
  devices: { userId: string; deviceId: string; left: boolean }[],
  userId: string,
  deviceId: string,
) {
  if (!devices.some((d) => d.userId === userId && d.deviceId === deviceId && !d.left))
    throw new MessagingError('device_not_found', 'This device of yours is not in the thread.', [
      { field: 'deviceId', reasons: ['not in this thread'] },
    ]);
}

/** A retried client message id answers the stored message only if it is of the same kind. */
export function sameKind(stored: StoredMessage, kind: StoredMessage['kind']): StoredMessage {
  if (stored.kind !== kind)
    throw new MessagingError('message_rejected', 'This client message id was used for something else.', [
      { field: 'clientMessageId', reasons: [`already used for a ${stored.kind}`] },
    ]);
  return stored;
}

/** Each device once, and never both added and removed. */
export function assertDistinct(added: DeviceRef[], removed: DeviceRef[]) {
  const all = [...added, ...removed].map(key);
  if (new Set(all).size !== all.length)
    throw new MessagingError('message_rejected', 'A device is listed twice.', [
      { field: 'added', reasons: ['each device once, in added or removed'] },
    ]);
}

export const staleEpoch = (current: number) =>
  new MessagingError(
    'stale_epoch',
    'The thread moved on to a newer epoch: process the newer commits first.',
    [{ field: 'epoch', reasons: [`the thread is at epoch ${current}`] }],
    { currentEpoch: current },
  );
