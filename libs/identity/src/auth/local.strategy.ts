import { Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request } from 'express';
import { Strategy } from 'passport-local';
import { flattenValidationErrors, InvalidInputError } from '@liaison/core';
import type { User } from '../users/user.entity.js';
import { AuthService } from './auth.service.js';
import { LoginDto } from './auth.dto.js';
import { originOf } from './request-origin.js';

/** Passport's local strategy: e-mail and password against Argon2id hashes. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(req: Request, email: string, password: string): Promise<User> {
    return this.auth.checkCredentials(email, password, originOf(req));
  }
}

/** Validates the body like every other route (400 with reasons) before passport runs. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const body = context.switchToHttp().getRequest<Request>().body as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new InvalidInputError([{ field: 'body', reasons: ['body must be a JSON object with email and password'] }]);
    }
    const dto = plainToInstance(LoginDto, body ?? {});
    const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw new InvalidInputError(flattenValidationErrors(errors));
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser>(err: unknown, user: TUser): TUser {
    if (err) throw err;
    return user;
  }
}
