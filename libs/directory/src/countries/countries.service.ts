import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type FindOptionsWhere } from 'typeorm';
import { allCountries, countryName } from './country-data.js';
import { Country } from './country.entity.js';

export interface CountryFilters {
  region?: string;
  euMember?: boolean;
  networkMember?: boolean;
}

/** Countries: reference data kept in step with the package at every start. */
@Injectable()
export class CountriesService implements OnApplicationBootstrap {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Upserts every country in one statement; the network flag, which the secretariat owns, is kept. */
  async onApplicationBootstrap(): Promise<void> {
    // Tools that start the application on an unmigrated schema (migration:generate) skip the sync.
    const [{ present }] = (await this.dataSource.query(`SELECT to_regclass('country') IS NOT NULL AS present`)) as {
      present: boolean;
    }[];
    if (!present) return;
    const rows = allCountries();
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

  async list(filters: CountryFilters, lang: string): Promise<(Country & { localName: string })[]> {
    const where: FindOptionsWhere<Country> = {};
    if (filters.region) where.region = filters.region;
    if (filters.euMember !== undefined) where.euMember = filters.euMember;
    if (filters.networkMember !== undefined) where.networkMember = filters.networkMember;
    const rows = await this.dataSource.getRepository(Country).find({ where, order: { code: 'ASC' } });
    return rows
      .map((c) => ({ ...c, localName: countryName(c.code, lang) ?? c.name }))
      .sort((a, b) => a.localName.localeCompare(b.localName, lang));
  }

  async exists(code: string): Promise<boolean> {
    return this.dataSource.getRepository(Country).existsBy({ code });
  }
}
