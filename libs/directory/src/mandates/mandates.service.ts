import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { type AuthenticatedUser, InvalidInputError } from '@liaison/core';
import { DirectoryError } from '../errors.js';
import type { Mandate } from './mandate.entity.js';
import { MandatesRepository } from './mandates.repository.js';

/** Mandates: the columns of the coverage matrix, edited by the secretariat. */
@Injectable()
export class MandatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly mandates: MandatesRepository,
  ) {}

  list(includeRetired: boolean): Promise<Mandate[]> {
    return this.mandates.list(includeRetired);
  }

  /** Every mandate's name by its code, retired ones included (a contact's vCard names its mandates). */
  async names(): Promise<Map<string, string>> {
    return new Map((await this.mandates.list(true)).map((m) => [m.code, m.name]));
  }

  async create(
    actor: AuthenticatedUser,
    input: Omit<Mandate, 'active'> & { active?: boolean },
    ip: string | null,
  ): Promise<Mandate> {
    return this.dataSource.transaction(async (manager) => {
      if (await this.mandates.exists(manager, input.code)) {
        throw new DirectoryError('mandate_exists', 'A mandate with this code exists.', [
          { field: 'code', reasons: ['code is already used'] },
        ]);
      }
      const created = await this.mandates.insert(manager, { ...input, active: input.active ?? true });
      await this.audit.record(
        {
          action: 'directory.mandate.created',
          actorId: actor.id,
          targetType: 'mandate',
          targetId: created.code,
          ip,
          details: { name: created.name },
        },
        manager,
      );
      return created;
    });
  }

  async update(
    actor: AuthenticatedUser,
    code: string,
    changes: Partial<Omit<Mandate, 'code'>>,
    ip: string | null,
  ): Promise<Mandate> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.mandates.find(manager, code);
      if (!before) throw new DirectoryError('mandate_not_found', 'There is no such mandate.');
      const given = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      if (Object.keys(given).length === 0)
        throw new InvalidInputError([{ field: 'body', reasons: ['give at least one field to change'] }]);
      await this.mandates.update(manager, code, given);
      const after = await this.mandates.get(manager, code);
      const diff = Object.fromEntries(
        Object.keys(given).map((k) => [k, { from: before[k as keyof Mandate], to: after[k as keyof Mandate] }]),
      );
      await this.audit.record(
        {
          action: 'directory.mandate.updated',
          actorId: actor.id,
          targetType: 'mandate',
          targetId: code,
          ip,
          details: { changes: diff },
        },
        manager,
      );
      return after;
    });
  }
}
