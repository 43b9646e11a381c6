/** Client routes, in one place so links and the router cannot drift apart. */
export const paths = {
  home: '/',
  signIn: '/sign-in',
  invitation: '/invitation',
  directory: '/directory',
  directoryContact: '/directory/contacts/:id',
  directoryCoverage: '/directory/coverage',
  directoryImport: '/directory/import',
  directoryApprovals: '/directory/approvals',
  confirm: '/confirm',
  threads: '/threads',
  thread: '/threads/:id',
  plans: '/plans',
  plan: '/plans/:id',
  groups: '/groups',
  group: '/groups/:id',
  myItems: '/my-items',
  announcements: '/announcements',
  account: '/account',
  accountMfa: '/account/mfa',
  accountSessions: '/account/sessions',
  notifications: '/notifications',
  notificationSettings: '/settings/notifications',
  admin: '/admin',
  adminUsers: '/admin/users',
  adminAudit: '/admin/audit',
} as const;

/** The page of one directory contact. */
export const contactPath = (id: string) => `/directory/contacts/${encodeURIComponent(id)}`;

/** The page of one encrypted thread. */
export const threadPath = (id: string) => `/threads/${encodeURIComponent(id)}`;

/** A working group's page. */
export const groupPath = (id: string) => `/groups/${encodeURIComponent(id)}`;

/** An action plan's page; with an item, its drawer opens on that item. */
export const planPath = (id: string, itemId?: string) =>
  `/plans/${encodeURIComponent(id)}${itemId ? `?item=${encodeURIComponent(itemId)}` : ''}`;
