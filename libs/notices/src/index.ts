export * from './notices.module.js';
export * from './notices.service.js';
export * from './notification.entity.js';
export * from './local-time.js';
