export * from './countries/country-data.js';
export * from './countries/countries.service.js';
export * from './demo/demo-organisations.js';
export * from './directory.module.js';
export * from './mandates/mandates.service.js';
export * from './organisations/organisation.entity.js';
export * from './organisations/organisations.service.js';
