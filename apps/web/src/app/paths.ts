/** Client routes, in one place so links and the router cannot drift apart. */
export const paths = {
  home: '/',
  signIn: '/sign-in',
  directory: '/directory',
  threads: '/threads',
  plans: '/plans',
  announcements: '/announcements',
  admin: '/admin',
} as const;
