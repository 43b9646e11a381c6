import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DatabaseNotifications, type Role } from '@liaison/core';
import type { SessionUser } from './sessions.service.js';

/** Sent by the statement triggers of `session` and `user_account` when a change commits (migration IdentityChangeNotify). */
export const IDENTITY_CHANGED = 'identity_changed';
/** Organisations (whose kind decides what a member sees) announce their changes on the directory's channel. */
const ORGANISATIONS_CHANGED = 'directory_changed';
/** How long a live session's check is reused at most. */
const KEEP_MS = 10_000;
const MAX_ENTRIES = 10_000;

/**
 * The live-session check of every authenticated request (session not revoked or expired, user
 * active, roles, organisation, MFA state), kept per session for at most 10 seconds and only until
 * anything changes: any transaction committed by this process clears it at once (a revocation,
 * a role change or a disabled account here applies to the very next request), and a change
 * committed by another process (another API instance, the CLI) clears it when its notification
 * arrives (`identity_changed` from the triggers of `session` and `user_account`,
 * `directory_changed` for organisations). Nothing is kept while notifications are not heard, a
 * check read across a clear is not kept, and refusals are never kept.
 */
@Injectable()
export class SessionChecks {
  private readonly entries = new Map<string, { user: SessionUser; until: number }>();
  private generation = 0;
  private listening = false;
  private counters = { hits: 0, misses: 0 };

  constructor(
    @InjectDataSource() dataSource: Pick<DataSource, 'subscribers'>,
    @Inject(DatabaseNotifications) private readonly notifications: DatabaseNotifications | null,
  ) {
    dataSource.subscribers.push({ afterTransactionCommit: () => this.clear() });
  }

  private get active(): boolean {
    if (!this.notifications) return false;
    if (!this.listening) {
      this.listening = true;
      const listener = { notified: () => this.clear(), missed: () => this.clear() };
      this.notifications.listen(IDENTITY_CHANGED, listener);
      this.notifications.listen(ORGANISATIONS_CHANGED, listener);
    }
    return this.notifications.listening;
  }

  get(sessionId: string): SessionUser | undefined {
    if (!this.active) return undefined;
    const entry = this.entries.get(sessionId);
    if (!entry || Date.now() >= entry.until) {
      if (entry) this.entries.delete(sessionId);
      this.counters.misses += 1;
      return undefined;
    }
    this.counters.hits += 1;
    return entry.user;
  }

  /** Taken before the check is read: `set` keeps it only if nothing cleared the cache since. */
  mark(): number {
    return this.generation;
  }

  /** Keeps a passed check until the session expires or 10 seconds, whichever is first. */
  set(sessionId: string, user: SessionUser, expiresAt: Date, mark: number): void {
    if (mark !== this.generation || !this.active) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(sessionId, {
      // Handed to every request of the session: nothing in it may change.
      user: Object.freeze({ ...user, roles: Object.freeze([...user.roles]) as Role[] }),
      until: Math.min(Date.now() + KEEP_MS, expiresAt.getTime()),
    });
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  stats(): { hits: number; misses: number; entries: number } {
    return { ...this.counters, entries: this.entries.size };
  }
}
