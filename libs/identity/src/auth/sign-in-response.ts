import type { Request, Response } from 'express';
import type { AppConfig } from '@liaison/core';
import { isWebClient, secureCookies, setSessionCookies } from './auth-cookies.js';
import type { MfaChallengeDto, SignedInDto } from './auth.dto.js';
import type { SignedIn, SignInStep } from './auth.service.js';

/** A sign-in step's answer: the MFA challenge, or the session (its refresh token in a cookie for the web client). */
export function respond(
  req: Request,
  res: Response,
  config: AppConfig,
  step: SignInStep | SignedIn,
): SignedInDto | MfaChallengeDto {
  if ('mfaRequired' in step) return step;
  const body = { accessToken: step.accessToken, expiresAt: step.expiresAt.toISOString(), user: step.user };
  if (isWebClient(req)) {
    setSessionCookies(res, step.refreshToken, secureCookies(config));
    return body;
  }
  return { ...body, refreshToken: step.refreshToken };
}
