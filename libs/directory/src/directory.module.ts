import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@liaison/audit';
import { PeopleVisibility } from '@liaison/core';
import { Contact } from './contacts/contact.entity.js';
import { ContactChange } from './contacts/contact-change.entity.js';
import { ContactIndexRepository } from './contacts/contact-index.repository.js';
import { ContactIndexer } from './contacts/contact-indexer.js';
import { ContactsRepository } from './contacts/contacts.repository.js';
import { ContactsController } from './contacts/contacts.controller.js';
import { ContactAddresses } from './contacts/contact-addresses.js';
import { ContactEditingService } from './contacts/contact-editing.service.js';
import { ContactHistoryController } from './contacts/contact-history.controller.js';
import { ListingAudit } from './contacts/listing-audit.js';
import { ContactsService } from './contacts/contacts.service.js';
import { CountriesRepository } from './countries/countries.repository.js';
import { CountriesController } from './countries/countries.controller.js';
import { CountriesService } from './countries/countries.service.js';
import { Country } from './countries/country.entity.js';
import { CoverageController } from './coverage/coverage.controller.js';
import { CoverageService } from './coverage/coverage.service.js';
import { DesignationsRepository } from './designations/designations.repository.js';
import { DesignationsController } from './designations/designations.controller.js';
import { ContactHandoverController } from './designations/contact-handover.controller.js';
import { DesignatingService } from './designations/designating.service.js';
import { DesignationDecisionsService } from './designations/designation-decisions.service.js';
import { DesignationHandoverService } from './designations/designation-handover.service.js';
import { DesignationRecords } from './designations/designation-records.js';
import { PointOfContact } from './designations/point-of-contact.entity.js';
import { ConfirmationRequest } from './freshness/confirmation-request.entity.js';
import { ConfirmationAnswersService } from './freshness/confirmation-answers.service.js';
import { ConfirmationsController } from './freshness/confirmations.controller.js';
import { FreshnessRepository } from './freshness/freshness.repository.js';
import { FreshnessService } from './freshness/freshness.service.js';
import { Mandate } from './mandates/mandate.entity.js';
import { MandatesController } from './mandates/mandates.controller.js';
import { MandatesRepository } from './mandates/mandates.repository.js';
import { MandatesService } from './mandates/mandates.service.js';
import { Organisation } from './organisations/organisation.entity.js';
import { OrganisationsController } from './organisations/organisations.controller.js';
import { OrganisationsRepository } from './organisations/organisations.repository.js';
import { OrganisationsService } from './organisations/organisations.service.js';
import { DirectorySeeding } from './seeding/directory-seeding.js';
import { DirectorySeedingRepository } from './seeding/directory-seeding.repository.js';
import { DirectoryTransferRepository } from './transfer/directory-transfer.repository.js';
import { DirectoryTransferService } from './transfer/directory-transfer.service.js';
import { ContactExportController } from './transfer/contact-export.controller.js';
import { ContactImportController } from './transfer/contact-import.controller.js';
import { ContactSearchController } from './search/contact-search.controller.js';
import { ContactSearchRepository } from './search/contact-search.repository.js';
import { ContactSearchService } from './search/contact-search.service.js';
import {
  ContactFacetChangeLog,
  ContactFacetExpertise,
  ContactFacetGroup,
} from './search/contact-facet-group.entity.js';
import { CoverageRepository } from './coverage/coverage.repository.js';
import { FacetCompaction } from './search/facet-compaction.js';
import { FacetsRepository } from './search/facets.repository.js';
import { ViewerRepository } from './viewer.repository.js';
import { SearchTerm } from './search/search-term.entity.js';
import { DirectoryPersonalData } from './privacy/directory-personal-data.js';
import { DirectoryPrivacyRepository } from './privacy/directory-privacy.repository.js';
import { DirectoryPeopleVisibility, ViewerService } from './viewer.js';

/**
 * The directory of the network: countries, organisations, mandates, contacts, point-of-contact
 * designations, coverage, freshness, import and export. Needs a `DirectoryAccounts` provider
 * (the identity context supplies it).
 */
@Module({
  imports: [
    AuditModule,
    TypeOrmModule.forFeature([
      Country,
      Organisation,
      Mandate,
      Contact,
      ContactChange,
      PointOfContact,
      ConfirmationRequest,
      SearchTerm,
      ContactFacetGroup,
      ContactFacetExpertise,
      ContactFacetChangeLog,
    ]),
  ],
  controllers: [
    CountriesController,
    MandatesController,
    OrganisationsController,
    ContactSearchController,
    ContactExportController,
    ContactsController,
    ContactHistoryController,
    ContactHandoverController,
    ContactImportController,
    DesignationsController,
    CoverageController,
    ConfirmationsController,
  ],
  providers: [
    CountriesRepository,
    MandatesRepository,
    OrganisationsRepository,
    ContactIndexRepository,
    ContactsRepository,
    ContactSearchRepository,
    DesignationsRepository,
    FreshnessRepository,
    DirectoryTransferRepository,
    DirectorySeedingRepository,
    CountriesService,
    MandatesService,
    OrganisationsService,
    ViewerService,
    DirectoryPeopleVisibility,
    { provide: PeopleVisibility, useExisting: DirectoryPeopleVisibility },
    FacetCompaction,
    CoverageRepository,
    FacetsRepository,
    ViewerRepository,
    ContactIndexer,
    DirectoryPrivacyRepository,
    DirectoryPersonalData,
    ContactsService,
    ContactAddresses,
    ContactEditingService,
    ContactSearchService,
    ListingAudit,
    DesignationRecords,
    DesignatingService,
    DesignationDecisionsService,
    DesignationHandoverService,
    CoverageService,
    FreshnessService,
    ConfirmationAnswersService,
    DirectoryTransferService,
    DirectorySeeding,
  ],
  exports: [
    CountriesService,
    MandatesService,
    OrganisationsService,
    ContactsService,
    ViewerService,
    FreshnessService,
    PeopleVisibility,
    DirectorySeeding,
  ],
})
export class DirectoryModule {}
