export * from './messaging.module.js';
export * from './thread-links.js';
