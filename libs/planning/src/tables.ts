/**
 * The tables this context owns: only its repositories name them; other contexts reach their
 * data through the context's exported services and ports (issue 19).
 */
export const OWN_TABLES = [
  'working_group',
  'working_group_member',
  'action_plan',
  'action_item',
  'action_item_activity',
  'action_item_assignee',
  'action_item_comment',
  'action_item_dependency',
  'plan_mute',
  'calendar_feed',
  'notification',
  'notification_preference',
] as const;
