export * from './outreach.module.js';
export * from './announcements/announcement.entity.js';
export * from './announcements/announcement-composing.service.js';
export * from './announcements/announcement-lifecycle.service.js';
export * from './announcements/announcement-reading.service.js';
export * from './delivery/outreach-jobs.js';
export * from './audience/audience.js';
export * from './events/zoned-time.js';
