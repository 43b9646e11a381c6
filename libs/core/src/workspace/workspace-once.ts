import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { WorkspaceMetaRepository } from './workspace-meta.repository.js';

/**
 * Work done once per database (seeding the demo workspace, say): in one transaction, so it is
 * done entirely or not at all; under an advisory lock on its key, so concurrent starts on the same
 * database wait and then find it done; recorded in `workspace_meta` under its key when done.
 */
@Injectable()
export class WorkspaceOnce {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: WorkspaceMetaRepository,
  ) {}

  /** When the work under this key was done, or null. */
  async doneAt(key: string): Promise<Date | null> {
    const row = await this.repo.findMeta(key);
    return row ? new Date(row.value as string) : null;
  }

  /** Runs `work` unless it was done; says whether it ran, and what it returned. */
  async run<T>(
    key: string,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<{ ran: true; result: T } | { ran: false }> {
    return this.dataSource.transaction(async (manager) => {
      await this.repo.lockKey(manager, key);
      if (await this.repo.findMeta(key, manager)) return { ran: false };
      const result = await work(manager);
      await this.repo.saveMeta(manager, key, new Date().toISOString());
      return { ran: true, result };
    });
  }
}
