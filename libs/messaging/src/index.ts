export * from './messaging.module.js';
export * from './thread-links.js';
export * from './keys/keys.service.js';
export * from './threads/threads.service.js';
export * from './attachments/attachments.service.js';
export * from './threads/message-inserts.js';
export * from './threads/threads.realtime.js';
