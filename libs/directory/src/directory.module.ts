import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@liaison/audit';
import { CountriesController } from './countries/countries.controller.js';
import { CountriesService } from './countries/countries.service.js';
import { Country } from './countries/country.entity.js';
import { DirectoryDemo } from './demo/directory-demo.js';
import { Organisation } from './organisations/organisation.entity.js';
import { OrganisationsController } from './organisations/organisations.controller.js';
import { OrganisationsService } from './organisations/organisations.service.js';

/** The directory of the network: countries, organisations (contacts and designations follow). */
@Module({
  imports: [AuditModule, TypeOrmModule.forFeature([Country, Organisation])],
  controllers: [CountriesController, OrganisationsController],
  providers: [CountriesService, OrganisationsService, DirectoryDemo],
  exports: [CountriesService, OrganisationsService],
})
export class DirectoryModule {}
