export * from './privacy.entity.js';
export * from './privacy.module.js';
export * from './privacy.service.js';
