import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The statements of the facet groups: folding their change log, and counting them afresh. */
@Injectable()
export class FacetsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Counts the groups afresh from the contacts; how many groups there are. */
  async rebuild(): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(`SELECT contact_facet_rebuild() AS n`);
    return row.n;
  }

  /** Folds the changes committed so far; how many there were. */
  async compact(): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(`SELECT contact_facet_compact() AS n`);
    return row.n;
  }
}
