import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Request, Response } from 'express';
import { byReference } from '../items/item-view.js';

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
  /** A board's items, each serialised, in reference order (set once built): what a patch edits. */
  board?: BoardParts;
}

/** One item of a board: serialised, with what it depends on (whose changes may change its warnings). */
export interface BoardEntry {
  id: string;
  reference: string;
  dependsOn: string[];
  json: string;
}

/** A board as its serialised items, in reference order. */
export interface BoardParts {
  items: BoardEntry[];
}

const boardText = (parts: BoardParts) => `{"items":[${parts.items.map((i) => i.json).join(',')}]}`;
const today = () => new Date().toISOString().slice(0, 10);

/**
 * Serialised views of a plan (its board, its summary) kept for as long as its items do not change
 * (PlanViewsRepository keeps one, with the figure of what it gives).
 * The key is the plan's items revision, which every item change raises inside its transaction
 * (after taking the plan row's lock, so revisions follow commit order), plus the UTC day (overdue
 * depends on it). Readers arriving while a view is being built wait for that one build. Names of
 * people and organisations may change without a revision: a minute's time-to-live bounds how long
 * an old name can show.
 */
export class PlanCache {
  private readonly entries = new Map<string, Entry>();

  get(view: string, planId: string, revision: number, build: () => Promise<string>): Promise<CachedView> {
    const id = `${view}:${planId}`;
    const key = `${revision}:${today()}`;
    const hit = this.entries.get(id);
    if (hit && hit.key === key && Date.now() - hit.at < TTL_MS) return hit.value;
    return this.store(id, key, build).value;
  }

  /** The board of a plan, kept with its parts so the change that made the next revision can patch it. */
  board(planId: string, revision: number, build: () => Promise<BoardParts>): Promise<CachedView> {
    const id = `board:${planId}`;
    const key = `${revision}:${today()}`;
    const hit = this.entries.get(id);
    if (hit && hit.key === key && Date.now() - hit.at < TTL_MS) return hit.value;
    let parts: BoardParts | undefined;
    const entry = this.store(id, key, async () => {
      parts = await build();
      return boardText(parts);
    });
    void entry.value.then(() => (entry.board = parts)).catch(() => undefined);
    return entry.value;
  }

  /**
   * After a change that raised a plan's items revision to `revision`, replaces or inserts the
   * changed item in the board of `revision - 1`, if that is what is cached here (otherwise the
   * next read rebuilds). Readers then get the new board without a rebuild.
   */
  patchBoard(planId: string, revision: number, item: BoardEntry): void {
    const id = `board:${planId}`;
    const hit = this.entries.get(id);
    const day = today();
    if (!hit?.board || hit.key !== `${revision - 1}:${day}` || Date.now() - hit.at >= TTL_MS) return;
    // Items that depend on this one show its reference and due date in their warnings: when those
    // change, only a rebuild gets the dependents right.
    const before = hit.board.items.find((i) => i.id === item.id);
    if (before) {
      const [was, now] = [before, item].map((i) => JSON.parse(i.json) as { reference?: string; dueDate?: string });
      const dependents = hit.board.items.some((i) => i.id !== item.id && i.dependsOn.includes(item.id));
      if (dependents && (was!.reference !== now!.reference || was!.dueDate !== now!.dueDate)) return;
    }
    const parts: BoardParts = { items: [...hit.board.items.filter((i) => i.id !== item.id), item].sort(byReference) };
    const entry = this.store(id, `${revision}:${day}`, () => Promise.resolve(boardText(parts)));
    entry.board = parts;
  }

  private store(id: string, key: string, build: () => Promise<string>): Entry {
    const view = id.slice(0, id.indexOf(':'));
    const planId = id.slice(id.indexOf(':') + 1);
    const value = build().then(async (json) => {
      const raw = Buffer.from(json);
      return { raw, gzip: await gzipped(raw), etag: `W/"${view}-${planId}-${key}"` };
    });
    const entry: Entry = { key, at: Date.now(), value };
    this.entries.delete(id);
    this.entries.set(id, entry);
    if (this.entries.size > MAX_PLANS) this.entries.delete(this.entries.keys().next().value!);
    value.catch(() => {
      if (this.entries.get(id) === entry) this.entries.delete(id);
    });
    return entry;
  }
}

/** Sends a cached view as JSON: 304 when the client has it, gzipped when the client takes gzip. */
export function sendView(req: Request, res: Response, view: CachedView): void {
  res.setHeader('ETag', view.etag);
  res.setHeader('Cache-Control', 'private, no-store');
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
