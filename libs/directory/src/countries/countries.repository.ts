import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type FindOptionsWhere } from 'typeorm';
import type { CountryRecord } from './country-data.js';
import { Country } from './country.entity.js';

/** Every statement of countries: the reference data's sync and reads. */
@Injectable()
export class CountriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether the `country` table exists (not on an unmigrated schema). */
  async tablePresent(): Promise<boolean> {
    const [{ present }] = (await this.dataSource.query(`SELECT to_regclass('country') IS NOT NULL AS present`)) as {
      present: boolean;
    }[];
    return present;
  }

  /** Upserts every country in one statement; the network flag, which the secretariat owns, is kept. */
  async upsertAll(rows: CountryRecord[]): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO country (code, name, region, eu_member, network_member, languages)
       SELECT code, name, region, eu, net, string_to_array(langs, ',')
         FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::boolean[], $6::text[])
           AS r(code, name, region, eu, net, langs)
       ON CONFLICT (code) DO UPDATE
         SET name = EXCLUDED.name, region = EXCLUDED.region, eu_member = EXCLUDED.eu_member, languages = EXCLUDED.languages`,
      [
        rows.map((r) => r.code),
        rows.map((r) => r.name),
        rows.map((r) => r.region),
        rows.map((r) => r.euMember),
        rows.map((r) => r.networkMember),
        rows.map((r) => r.languages.join(',')),
      ],
    );
  }

  /** The countries matching `where`, by code. */
  list(where: FindOptionsWhere<Country>): Promise<Country[]> {
    return this.dataSource.getRepository(Country).find({ where, order: { code: 'ASC' } });
  }

  exists(code: string): Promise<boolean> {
    return this.dataSource.getRepository(Country).existsBy({ code });
  }
}
