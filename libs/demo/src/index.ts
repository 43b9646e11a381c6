export * from './data/demo-accounts.js';
export * from './data/demo-network.js';
export * from './data/demo-organisations.js';
export * from './demo-seed.js';
export * from './demo.module.js';
