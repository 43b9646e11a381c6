import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { WorkspaceMeta } from './workspace-meta.entity.js';

/** The workspace metadata: facts about this installation, by key (when it was seeded, say). */
@Injectable()
export class WorkspaceMetaRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The metadata entry under this key, or null. */
  findMeta(key: string, m: EntityManager = this.dataSource.manager): Promise<WorkspaceMeta | null> {
    return m.getRepository(WorkspaceMeta).findOneBy({ key });
  }

  /** Serialises the holders of this key on the same database until the caller's transaction ends. */
  async lockKey(m: EntityManager, key: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [key]);
  }

  /** Writes (or overwrites) a metadata entry. */
  async saveMeta(m: EntityManager, key: string, value: string): Promise<void> {
    await m.getRepository(WorkspaceMeta).save({ key, value });
  }
}
