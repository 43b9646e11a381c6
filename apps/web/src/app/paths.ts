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
  announcementNew: '/announcements/new',
  announcement: '/announcements/:id',
  announcementEdit: '/announcements/:id/edit',
  eventAttendees: '/events/:id/attendees',
  inbox: '/inbox',
  account: '/account',
  accountMfa: '/account/mfa',
  accountSessions: '/account/sessions',
  privacy: '/privacy',
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

/** An announcement's page (for its recipients, and the secretariat's follow-up). */
export const announcementPath = (id: string) => `/announcements/${encodeURIComponent(id)}`;

/** Editing an announcement (the secretariat). */
export const announcementEditPath = (id: string) => `/announcements/${encodeURIComponent(id)}/edit`;

/** An event's attendee list (the secretariat), with the announcement that invites to it. */
export const eventAttendeesPath = (eventId: string, announcementId?: string) =>
  `/events/${encodeURIComponent(eventId)}/attendees${announcementId ? `?announcement=${encodeURIComponent(announcementId)}` : ''}`;
