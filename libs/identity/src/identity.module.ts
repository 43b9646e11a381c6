import { Global, Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@liaison/audit';
import { FreshAuthentication, RequestAuthenticator } from '@liaison/core';
import { DirectoryAccounts } from '@liaison/directory';
import { AuthController } from './auth/auth.controller.js';
import { AuthSessionsController } from './auth/auth-sessions.controller.js';
import { AuthService } from './auth/auth.service.js';
import { LocalStrategy } from './auth/local.strategy.js';
import { InvitationsController } from './invitations/invitations.controller.js';
import { Invitation } from './invitations/invitation.entity.js';
import { InvitationsRepository } from './invitations/invitations.repository.js';
import { InvitationsService } from './invitations/invitations.service.js';
import { LoginKnownSource, LoginThrottle } from './login/login-throttle.entity.js';
import { LoginThrottleRepository } from './login/login-throttle.repository.js';
import { LoginThrottleService } from './login/login-throttle.service.js';
import { MfaPolicy } from './mfa/mfa-policy.js';
import { MfaRepository } from './mfa/mfa.repository.js';
import { MfaService } from './mfa/mfa.service.js';
import { PasswordHasher } from './passwords/password-hasher.js';
import { IdentityAuthenticator } from './sessions/identity-authenticator.js';
import { RefreshToken, Session } from './sessions/session.entity.js';
import { SessionFreshness } from './sessions/session-freshness.js';
import { SessionsRepository } from './sessions/sessions.repository.js';
import { SessionsService } from './sessions/sessions.service.js';
import { AccessTokens } from './tokens/access-tokens.js';
import { KeyedHash } from './tokens/keyed-hash.js';
import { IdentityPersonalData } from './privacy/identity-personal-data.js';
import { IdentityPrivacyRepository } from './privacy/identity-privacy.repository.js';
import { IdentitySeeding } from './seeding/identity-seeding.js';
import { IdentitySeedingRepository } from './seeding/identity-seeding.repository.js';
import { RecoveryCode } from './users/recovery-code.entity.js';
import { IdentityDirectoryAccounts } from './users/identity-directory-accounts.js';
import { User } from './users/user.entity.js';
import { PeopleController } from './users/people.controller.js';
import { MeController, UsersController } from './users/users.controller.js';
import { UsersRepository } from './users/users.repository.js';
import { UsersService } from './users/users.service.js';

/**
 * Users, invitations, sign-in (passport local + short-lived JWT + rotating refresh tokens), MFA,
 * sessions; provides core's RequestAuthenticator and FreshAuthentication, so the global guard and the socket gateway
 * know who is calling, and the directory's DirectoryAccounts. Global because core's guard, the
 * gateway and the directory resolve those ports.
 */
@Global()
@Module({
  imports: [
    AuditModule,
    PassportModule,
    TypeOrmModule.forFeature([User, RecoveryCode, Invitation, Session, RefreshToken, LoginThrottle, LoginKnownSource]),
  ],
  controllers: [
    AuthController,
    AuthSessionsController,
    InvitationsController,
    MeController,
    UsersController,
    PeopleController,
  ],
  providers: [
    AccessTokens,
    AuthService,
    InvitationsRepository,
    InvitationsService,
    KeyedHash,
    LocalStrategy,
    LoginThrottleRepository,
    LoginThrottleService,
    MfaPolicy,
    MfaRepository,
    MfaService,
    { provide: PasswordHasher, useFactory: () => new PasswordHasher() },
    SessionsRepository,
    SessionsService,
    UsersRepository,
    UsersService,
    IdentityAuthenticator,
    { provide: RequestAuthenticator, useExisting: IdentityAuthenticator },
    SessionFreshness,
    { provide: FreshAuthentication, useExisting: SessionFreshness },
    { provide: DirectoryAccounts, useClass: IdentityDirectoryAccounts },
    IdentityPrivacyRepository,
    IdentityPersonalData,
    IdentitySeedingRepository,
    IdentitySeeding,
  ],
  exports: [
    RequestAuthenticator,
    FreshAuthentication,
    DirectoryAccounts,
    InvitationsService,
    SessionsService,
    UsersService,
    AuthService,
    IdentitySeeding,
  ],
})
export class IdentityModule {}
