import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { AppConfig } from '@liaison/core';
import { IdentityError } from '../errors.js';

export const REFRESH_COOKIE = 'liaison_refresh';
export const CSRF_COOKIE = 'liaison_csrf';
export const WEB_CLIENT_HEADER = 'x-liaison-client';
const COOKIE_PATH = '/api/v1/auth';
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

export const isWebClient = (req: Request) => req.header(WEB_CLIENT_HEADER) === 'web';

/** Session cookies are Secure when the instance is served over https. */
export const secureCookies = (config: AppConfig): boolean => config.publicUrl.startsWith('https://');

/**
 * The web client's refresh token: httpOnly, SameSite=Strict, Secure on https, scoped to the auth
 * routes; plus a readable CSRF token the client echoes in X-CSRF-Token (double submit).
 */
export function setSessionCookies(res: Response, refreshToken: string, secure: boolean): void {
  const base = { sameSite: 'strict' as const, secure, maxAge: MAX_AGE_MS };
  res.cookie(REFRESH_COOKIE, refreshToken, { ...base, httpOnly: true, path: COOKIE_PATH });
  res.cookie(CSRF_COOKIE, randomBytes(24).toString('base64url'), { ...base, httpOnly: false, path: '/' });
}

export function clearSessionCookies(res: Response, secure: boolean): void {
  res.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH, sameSite: 'strict', secure, httpOnly: true });
  res.clearCookie(CSRF_COOKIE, { path: '/', sameSite: 'strict', secure });
}

/** A route that acts on the refresh cookie must carry the CSRF token that came with it. */
export function assertCsrf(req: Request): void {
  const cookie = (req.cookies as Record<string, string | undefined>)[CSRF_COOKIE];
  const header = req.header('x-csrf-token');
  if (!cookie || !header || cookie !== header) {
    throw new IdentityError(
      'csrf_failed',
      'The request did not carry the security token of this page. Reload and try again.',
    );
  }
}

export const refreshCookie = (req: Request): string | undefined =>
  (req.cookies as Record<string, string | undefined>)[REFRESH_COOKIE];
