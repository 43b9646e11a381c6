export * from './fixtures/demo-accounts.js';
export * from './fixtures/demo-network.js';
export * from './fixtures/demo-organisations.js';
export * from './demo-seed.js';
export * from './demo.module.js';
