import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  Optional,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ALLOW_MFA_ENROLLMENT_KEY,
  type AuthenticatedUser,
  bearerToken,
  IS_PUBLIC_KEY,
  RequestAuthenticator,
  type Role,
  ROLES_KEY,
} from './auth.decorators.js';

/**
 * Global guard: a route is closed unless it is marked @Public() or the identity context
 * authenticates the caller. With no authenticator registered, only public routes answer.
 */
@Injectable()
export class DenyByDefaultGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Optional() private readonly authenticator?: RequestAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    if (context.getType() !== 'http') return false;
    const request = context
      .switchToHttp()
      .getRequest<{ user?: AuthenticatedUser; headers: Record<string, string | string[] | undefined> }>();
    const token = bearerToken(request.headers);
    const user = token && this.authenticator ? await this.authenticator.authenticateToken(token) : null;
    if (!user) throw new UnauthorizedException('Sign in to continue.');
    request.user = user;
    if (
      user.mfaEnrollmentRequired &&
      !this.reflector.getAllAndOverride<boolean>(ALLOW_MFA_ENROLLMENT_KEY, [context.getHandler(), context.getClass()])
    ) {
      throw new ForbiddenException({
        message: 'Set up two-step verification to continue.',
        code: 'mfa_enrollment_required',
      });
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles && !roles.some((role) => user.roles.includes(role))) {
      throw new ForbiddenException('Your role does not allow this.');
    }
    return true;
  }
}
