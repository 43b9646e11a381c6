import type { EntityManager } from 'typeorm';

/** What a thread is linked to (a working group, say), as its creator's client declared it. */
export interface ThreadLink {
  linkedType: string | null;
  linkedId: string | null;
}

/**
 * What other contexts may ask about encrypted threads (protocol v2), implemented by messaging
 * over its own tables: they never read those tables themselves. Every answer is about threads
 * the given person is a member of; any other thread looks as if it did not exist. A caller inside
 * a transaction passes its manager, so the question is asked on the same connection.
 */
export abstract class ThreadLinks {
  /** What the thread is linked to, or null when there is no such thread or the person is not in it. */
  abstract linkedThreadOf(threadId: string, userId: string, manager?: EntityManager): Promise<ThreadLink | null>;
  /** Whether the thread, with the person in it, has this application message (the source of an action item). */
  abstract hasMessage(threadId: string, messageId: string, userId: string, manager?: EntityManager): Promise<boolean>;
}
