import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ChangeCache, type ChangeCacheStats, DatabaseNotifications, type Role } from '@liaison/core';
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
  private readonly cache: ChangeCache;

  constructor(
    @InjectDataSource() dataSource: Pick<DataSource, 'subscribers'>,
    @Inject(DatabaseNotifications) notifications: DatabaseNotifications | null,
  ) {
    this.cache = new ChangeCache(notifications, [IDENTITY_CHANGED, ORGANISATIONS_CHANGED], MAX_ENTRIES);
    dataSource.subscribers.push({ afterTransactionCommit: () => this.cache.clear() });
  }

  get(sessionId: string): SessionUser | undefined {
    return this.cache.get<SessionUser>(sessionId);
  }

  /** Taken before the check is read: `set` keeps it only if nothing cleared the cache since. */
  mark(): number {
    return this.cache.mark();
  }

  /** Keeps a passed check until the session expires or 10 seconds, whichever is first. */
  set(sessionId: string, user: SessionUser, expiresAt: Date, mark: number): void {
    // Handed to every request of the session: nothing in it may change.
    const frozen = Object.freeze({ ...user, roles: Object.freeze([...user.roles]) as Role[] });
    this.cache.set(sessionId, frozen, mark, Math.min(Date.now() + KEEP_MS, expiresAt.getTime()));
  }

  stats(): ChangeCacheStats {
    return this.cache.stats();
  }
}
