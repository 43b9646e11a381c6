import { Injectable } from '@nestjs/common';

const TTL_MS = 60_000;
const MAX_PLANS = 200;

interface Entry {
  key: string;
  at: number;
  value: Promise<string>;
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

  get(view: string, planId: string, revision: number, build: () => Promise<string>): Promise<string> {
    const id = `${view}:${planId}`;
    const key = `${revision}:${new Date().toISOString().slice(0, 10)}`;
    const hit = this.entries.get(id);
    if (hit && hit.key === key && Date.now() - hit.at < TTL_MS) return hit.value;
    const value = build();
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
