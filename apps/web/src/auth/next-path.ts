import { paths } from '../app/paths';
import type { Me } from './types';

/**
 * A `?next=` value made safe: only a path on this origin (no scheme, no `//host`, no
 * backslash tricks), and never back to the sign-in page itself.
 */
export function safeNextPath(value: string | null | undefined): string | undefined {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return undefined;
  try {
    const url = new URL(value, window.location.origin);
    if (url.origin !== window.location.origin) return undefined;
    if (url.pathname === paths.signIn || url.pathname.startsWith(`${paths.signIn}/`)) return undefined;
    return url.pathname + url.search + url.hash;
  } catch {
    return undefined;
  }
}

/** Where a user goes right after signing in: enrolment first when the server requires it. */
export function landingPath(user: Me, next: string | undefined): string {
  if (user.mfaEnrollmentRequired) return paths.accountMfa;
  return next ?? paths.directory;
}

/** The sign-in address that brings the user back here afterwards. */
export function signInPathFor(location: { pathname: string; search: string; hash?: string }): string {
  const here = location.pathname + location.search;
  if (here === paths.home) return paths.signIn;
  return `${paths.signIn}?next=${encodeURIComponent(here)}`;
}
