import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type DeepPartial, type EntityManager } from 'typeorm';
import { Mandate } from './mandate.entity.js';

/** Every statement of mandates. */
@Injectable()
export class MandatesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Mandates in display order; retired ones only when asked for. */
  list(includeRetired: boolean): Promise<Mandate[]> {
    return this.dataSource.getRepository(Mandate).find({
      where: includeRetired ? {} : { active: true },
      order: { sortOrder: 'ASC', code: 'ASC' },
    });
  }

  exists(m: EntityManager, code: string): Promise<boolean> {
    return m.getRepository(Mandate).existsBy({ code });
  }

  find(m: EntityManager, code: string): Promise<Mandate | null> {
    return m.getRepository(Mandate).findOneBy({ code });
  }

  get(m: EntityManager, code: string): Promise<Mandate> {
    return m.getRepository(Mandate).findOneByOrFail({ code });
  }

  insert(m: EntityManager, fields: DeepPartial<Mandate>): Promise<Mandate> {
    return m.getRepository(Mandate).save(m.create(Mandate, fields));
  }

  async update(m: EntityManager, code: string, changes: Partial<Mandate>): Promise<void> {
    await m.update(Mandate, { code }, changes);
  }
}
