import type {
  BackupBlob,
  EncryptedMessage,
  HistoryShare,
  KeyDistribution,
  PublicIdentity,
  RosterEvent,
  ThreadRole,
} from '@liaison/e2ee';
import { api } from './client';

export interface PublishedKey {
  version: number;
  signPublicKey: string;
  encPublicKey: string;
  selfSignature: string;
  fingerprint: string;
  createdAt: string;
}

export interface UserKeys {
  userId: string;
  current: PublishedKey;
  history: PublishedKey[];
}

export interface Person {
  id: string;
  displayName: string;
  email: string;
  organisationId: string | null;
  organisationName: string | null;
}

export interface ThreadSummary {
  id: string;
  role: ThreadRole;
  epoch: number;
  rosterSeq: number;
  lastSeq: number;
  lastReadSeq: number;
  unread: number;
  memberCount: number;
  linkedTo: { type: 'working_group' | 'action_item'; id: string } | null;
  retentionDays: number | null;
  shareHistory: boolean;
  createdAt: string;
  lastMessageAt: string | null;
}

export interface ThreadDetail extends ThreadSummary {
  members: { userId: string; role: ThreadRole; lastReadSeq: number }[];
  rosterEvents: RosterEvent[];
  keyDistributions: KeyDistribution[];
  historyShares: HistoryShare[];
}

/** A message as the server stores and relays it. */
export interface StoredMessage extends EncryptedMessage {
  id: string;
  seq: number;
  createdAt: string;
}

export type OutgoingMessage = Omit<EncryptedMessage, 'senderUserId'>;

/** How many messages one `GET /threads/:id/messages` answers with at most (the server allows 500). */
export const MESSAGE_PAGE = 500;

export const messagingApi = {
  keysOf: (userId: string) => api.get<UserKeys>(`/keys/${encodeURIComponent(userId)}`),
  publishKeys: ({ userId: _, ...keys }: PublicIdentity) => api.put<UserKeys>('/keys/me', keys),
  backup: () => api.get<{ blob: BackupBlob; version: number; updatedAt: string }>('/keys/me/backup'),
  saveBackup: (blob: BackupBlob, expectedVersion: number) =>
    api.put<{ blob: BackupBlob; version: number; updatedAt: string }>('/keys/me/backup', { blob, expectedVersion }),
  people: (query: { q?: string; ids?: string; email?: string }) => api.get<{ items: Person[] }>('/people', { query }),
  threads: () => api.get<{ items: ThreadSummary[] }>('/threads'),
  thread: (id: string) => api.get<ThreadDetail>(`/threads/${encodeURIComponent(id)}`),
  createThread: (body: {
    threadId: string;
    rosterEvents: RosterEvent[];
    keyDistribution: KeyDistribution;
    shareHistory?: boolean;
    linkedTo?: { type: 'working_group' | 'action_item'; id: string };
  }) => api.post<ThreadDetail>('/threads', body),
  changeMembership: (
    threadId: string,
    body: { event: RosterEvent; keyDistribution?: KeyDistribution; historyShare?: HistoryShare },
  ) =>
    api.post<{ threadId: string; rosterSeq: number; epoch: number }>(
      `/threads/${encodeURIComponent(threadId)}/membership`,
      body,
    ),
  setRetention: (threadId: string, retentionDays: number | null) =>
    api.patch<ThreadDetail>(`/threads/${encodeURIComponent(threadId)}`, { retentionDays }),
  messages: (threadId: string, afterSeq: number) =>
    api.get<{ items: StoredMessage[]; lastSeq: number }>(`/threads/${encodeURIComponent(threadId)}/messages`, {
      query: { afterSeq, limit: MESSAGE_PAGE },
    }),
  send: (threadId: string, message: OutgoingMessage | EncryptedMessage) => {
    const { threadId: _t, ...rest } = message;
    const { senderUserId: _s, ...body } = rest as typeof rest & { senderUserId?: string };
    return api.post<StoredMessage>(`/threads/${encodeURIComponent(threadId)}/messages`, body);
  },
  uploadAttachment: (threadId: string, id: string, ciphertext: Uint8Array) =>
    api.put<{ id: string; size: number; sha256: string }>(
      `/threads/${encodeURIComponent(threadId)}/attachments/${encodeURIComponent(id)}`,
      ciphertext,
      { contentType: 'application/octet-stream' },
    ),
  downloadAttachment: (threadId: string, id: string) =>
    api.download(`/threads/${encodeURIComponent(threadId)}/attachments/${encodeURIComponent(id)}`),
  markRead: (threadId: string, seq: number) =>
    api.post<{ lastReadSeq: number }>(`/threads/${encodeURIComponent(threadId)}/read`, { seq }),
};
