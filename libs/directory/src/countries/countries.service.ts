import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { FindOptionsWhere } from 'typeorm';
import { CountriesRepository } from './countries.repository.js';
import { allCountries, countryName } from './country-data.js';
import type { Country } from './country.entity.js';

export interface CountryFilters {
  region?: string;
  euMember?: boolean;
  networkMember?: boolean;
}

/** Countries: reference data kept in step with the package at every start. */
@Injectable()
export class CountriesService implements OnApplicationBootstrap {
  constructor(private readonly countries: CountriesRepository) {}

  /** Upserts every country in one statement; the network flag, which the secretariat owns, is kept. */
  async onApplicationBootstrap(): Promise<void> {
    // Tools that start the application on an unmigrated schema (migration:generate) skip the sync.
    if (!(await this.countries.tablePresent())) return;
    await this.countries.upsertAll(allCountries());
  }

  async list(filters: CountryFilters, lang: string): Promise<(Country & { localName: string })[]> {
    const where: FindOptionsWhere<Country> = {};
    if (filters.region) where.region = filters.region;
    if (filters.euMember !== undefined) where.euMember = filters.euMember;
    if (filters.networkMember !== undefined) where.networkMember = filters.networkMember;
    const rows = await this.countries.list(where);
    return rows
      .map((c) => ({ ...c, localName: countryName(c.code, lang) ?? c.name }))
      .sort((a, b) => a.localName.localeCompare(b.localName, lang));
  }

  async exists(code: string): Promise<boolean> {
    return this.countries.exists(code);
  }
}
