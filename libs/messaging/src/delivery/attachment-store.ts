import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@liaison/core';
import { MessagingError } from '../errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Encrypted attachments on disk (`ATTACHMENT_DIR`, default `DATA_DIR/attachments`), one directory
 * per thread (`<threadId>/<id>`). Uploads stream through a size limit and a hash into a temporary file that is renamed
 * only when complete; nothing is held whole in memory.
 */
@Injectable()
export class AttachmentStore {
  constructor(private readonly config: AppConfig) {}

  get limit(): number {
    return this.config.attachmentMaxBytes;
  }

  private path(threadId: string, id: string): string {
    if (!UUID.test(threadId) || !UUID.test(id)) throw new Error('attachment paths are made of ids only');
    return join(this.config.attachmentDir, threadId, id);
  }

  /** Streams `body` into the store; 413 (and nothing kept) past the size limit. */
  async write(threadId: string, id: string, body: Readable): Promise<{ size: number; sha256: string }> {
    const final = this.path(threadId, id);
    const partial = `${final}.partial-${process.pid}-${Date.now()}`;
    await mkdir(join(this.config.attachmentDir, threadId), { recursive: true, mode: 0o700 });
    const limit = this.config.attachmentMaxBytes;
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > limit)
          return done(new MessagingError('attachment_too_large', `An attachment holds at most ${limit} bytes.`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      // The request is piped, not handed to pipeline(): a failure must not destroy the connection
      // before the error answer is written (the answer closes it instead).
      body.pipe(meter);
      await pipeline(meter, createWriteStream(partial, { mode: 0o600 }));
      await rename(partial, final);
    } catch (err) {
      body.unpipe(meter);
      await rm(partial, { force: true });
      throw err;
    }
    return { size, sha256: hash.digest('base64url') };
  }

  async read(threadId: string, id: string): Promise<{ stream: Readable; size: number }> {
    const file = this.path(threadId, id);
    const { size } = await stat(file);
    return { stream: createReadStream(file), size };
  }

  async remove(threadId: string, id: string): Promise<void> {
    await rm(this.path(threadId, id), { force: true });
  }
}
