import { Injectable } from '@nestjs/common';
import { MessagingError } from '../errors.js';
import { ArchiveRepository, type ChunkRow } from './archive.repository.js';

/** What one person may keep in their history archive (ciphertext characters, about 150 MB). */
export const ARCHIVE_QUOTA_CHARS = 200_000_000;

/** The rules of a person's history archive: well-formed chunks, one per start, within the quota. */
@Injectable()
export class ArchiveService {
  constructor(private readonly repo: ArchiveRepository) {}

  async save(userId: string, chunks: ChunkRow[]): Promise<number> {
    const bad = chunks.flatMap((c, i) => (c.toSeq < c.fromSeq ? [i] : []));
    if (bad.length > 0)
      throw new MessagingError(
        'message_rejected',
        'A chunk ends before it starts.',
        bad.map((i) => ({ field: `chunks.${i}.toSeq`, reasons: ['toSeq is before fromSeq'] })),
      );
    if (new Set(chunks.map((c) => `${c.threadId}:${c.fromSeq}`)).size !== chunks.length)
      throw new MessagingError('message_rejected', 'Two chunks start at the same place.', [
        { field: 'chunks', reasons: ['each (threadId, fromSeq) once'] },
      ]);
    const stored = await this.repo.storedChars(userId, chunks);
    const adding = chunks.reduce((n, c) => n + c.ciphertext.length, 0);
    if (stored + adding > ARCHIVE_QUOTA_CHARS)
      throw new MessagingError('archive_full', 'Your history archive is full; older history is kept as it is.');
    await this.repo.upsert(userId, chunks);
    return stored + adding;
  }

  async page(userId: string, cursor: string | undefined, limit: number) {
    const [threadId, fromSeq] = cursor ? cursor.split(':') : [];
    const items = await this.repo.page(userId, threadId ? { threadId, fromSeq: Number(fromSeq) } : null, limit);
    const last = items.at(-1);
    return { items, nextCursor: items.length === limit && last ? `${last.threadId}:${last.fromSeq}` : null };
  }
}
