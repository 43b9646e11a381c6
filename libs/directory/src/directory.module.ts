import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@liaison/audit';
import { CountriesController } from './countries/countries.controller.js';
import { CountriesService } from './countries/countries.service.js';
import { Country } from './countries/country.entity.js';
import { DirectoryDemo } from './demo/directory-demo.js';
import { Mandate } from './mandates/mandate.entity.js';
import { MandatesController } from './mandates/mandates.controller.js';
import { MandatesService } from './mandates/mandates.service.js';
import { Organisation } from './organisations/organisation.entity.js';
import { OrganisationsController } from './organisations/organisations.controller.js';
import { OrganisationsService } from './organisations/organisations.service.js';

/** The directory of the network: countries, organisations mandates (contacts and designations follow). */
@Module({
  imports: [AuditModule, TypeOrmModule.forFeature([Country, Organisation, Mandate])],
  controllers: [CountriesController, MandatesController, OrganisationsController],
  providers: [CountriesService, MandatesService, OrganisationsService, DirectoryDemo],
  exports: [CountriesService, MandatesService, OrganisationsService],
})
export class DirectoryModule {}
