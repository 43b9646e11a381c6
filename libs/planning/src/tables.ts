/**
 * The tables this context owns: only its repositories name them; other contexts reach their
 * data through the context's exported services and ports, or read a view it publishes (issue 19).
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
] as const;

/**
 * The views this context publishes (migration PublishedViews) for other contexts' statements
 * that need a join: read-only for them, columns kept stable by this context.
 */
export const PUBLISHED_VIEWS = ['planning_group', 'planning_group_member'] as const;
