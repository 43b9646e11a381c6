export * from './planning.module.js';
export * from './groups/groups.service.js';
export * from './groups/working-group.entity.js';
export * from './plans/plans.service.js';
export * from './plans/action-plan.entity.js';
export * from './items/items.service.js';
export * from './items/action-item.entity.js';
export * from './reminders/reminders.service.js';
