export * from './identity.module.js';
export * from './invitations/invitations.service.js';
export * from './mfa/totp.js';
export * from './passwords/password-policy.js';
export * from './seeding/identity-seeding.js';
export * from './sessions/sessions.service.js';
export * from './users/users.service.js';
export * from './auth/auth.service.js';
