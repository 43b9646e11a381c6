import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';

const TTL_MS = 60_000;
const MAX_PLANS = 200;
const gzipped = promisify(gzip);

/** A serialised view, encoded once: as UTF-8 and gzipped (a board of 2,000 items is about a megabyte of JSON). */
export interface CachedView {
  raw: Buffer;
  gzip: Buffer;
  /** Names this content (the plan, the view, the items revision, the day) for conditional requests. */
  etag: string;
}

interface Entry {
  key: string;
  at: number;
  value: Promise<CachedView>;
}

/**
 * Serialised views of a plan (its board, its summary) kept for as long as its items do not change.
 * The key is the plan's items revision, which every item change raises inside its transaction
 * (after taking the plan row's lock, so revisions follow commit order), plus the UTC day (overdue
 * depends on it). Readers arriving while a view is being built wait for that one build. Names of
 * people and organisations may change without a revision: a minute's time-to-live bounds how long
 * an old name can show.
 */
@Injectable()
export class PlanCache {
  private readonly entries = new Map<string, Entry>();

  get(view: string, planId: string, revision: number, build: () => Promise<string>): Promise<CachedView> {
    const id = `${view}:${planId}`;
    const key = `${revision}:${new Date().toISOString().slice(0, 10)}`;
    const hit = this.entries.get(id);
    if (hit && hit.key === key && Date.now() - hit.at < TTL_MS) return hit.value;
    const value = build().then(async (json) => {
      const raw = Buffer.from(json);
      return { raw, gzip: await gzipped(raw), etag: `W/"${view}-${planId}-${key}"` };
    });
    const entry = { key, at: Date.now(), value };
    this.entries.delete(id);
    this.entries.set(id, entry);
    if (this.entries.size > MAX_PLANS) this.entries.delete(this.entries.keys().next().value!);
    value.catch(() => {
      if (this.entries.get(id) === entry) this.entries.delete(id);
    });
    return value;
  }
}

/** Sends a cached view as JSON: 304 when the client has it, gzipped when the client takes gzip. */
export function sendView(req: Request, res: Response, view: CachedView): void {
  res.setHeader('ETag', view.etag);
  res.setHeader('Cache-Control', 'private, no-cache');
  res.setHeader('Vary', 'Accept-Encoding');
  if (req.headers['if-none-match'] === view.etag) {
    res.status(304).end();
    return;
  }
  res.type('application/json');
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    res.setHeader('Content-Encoding', 'gzip');
    res.end(view.gzip);
  } else res.end(view.raw);
}
