import { useSyncExternalStore } from 'react';
import { api, ApiError, setAuthHooks } from '../api/client';
import { isMfaChallenge, type Me, type MfaChallenge, type SessionGrant } from './types';

/** Why there is no session: decides where the user is sent and what the sign-in page says. */
export type SignedOutReason = 'initial' | 'signedOut' | 'expired' | 'passwordChanged';

export type SessionState =
  { status: 'loading' } | { status: 'signedOut'; reason: SignedOutReason } | { status: 'signedIn'; user: Me };

// The access token lives in memory only; the refresh token is an httpOnly cookie the script never sees.
let accessToken: string | undefined;
let state: SessionState = { status: 'loading' };
let renewTimer: ReturnType<typeof setTimeout> | undefined;
let renewing: Promise<boolean> | undefined;
/** Counts the ends of sessions: a refresh that was under way when one ended must not undo it. */
let endings = 0;
const listeners = new Set<() => void>();

const CLIENT_HEADER = { 'X-Liaison-Client': 'web' };
// Renew this long before the access token expires, so a request never carries a stale one.
const RENEW_MARGIN_MS = 60_000;
const MIN_RENEW_DELAY_MS = 5_000;

function setState(next: SessionState): void {
  state = next;
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getSession(): SessionState {
  return state;
}

/** The session as React sees it; re-renders on sign-in, sign-out and user changes. */
export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, getSession, getSession);
}

/** The current access token (in memory only), for the realtime handshake. */
export const currentAccessToken = (): string | undefined => accessToken;

/** The signed-in user; only for components rendered behind RequireSession. */
export function useCurrentUser(): Me {
  const session = useSession();
  if (session.status !== 'signedIn') throw new Error('useCurrentUser() outside a signed-in area');
  return session.user;
}

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** The cookie routes (refresh, logout) must echo the CSRF cookie in a header. */
function csrfHeaders(): Record<string, string> {
  const token = readCookie('liaison_csrf');
  return token ? { 'X-CSRF-Token': token } : {};
}

function startSession(grant: SessionGrant): Me {
  accessToken = grant.accessToken;
  scheduleRenewal(grant.expiresAt);
  setState({ status: 'signedIn', user: grant.user });
  return grant.user;
}

function endSession(reason: SignedOutReason): void {
  endings++;
  accessToken = undefined;
  clearTimeout(renewTimer);
  renewTimer = undefined;
  setState({ status: 'signedOut', reason });
}

function scheduleRenewal(expiresAt: string): void {
  clearTimeout(renewTimer);
  const expires = Date.parse(expiresAt);
  if (Number.isNaN(expires)) return;
  const delay = Math.max(expires - Date.now() - RENEW_MARGIN_MS, MIN_RENEW_DELAY_MS);
  renewTimer = setTimeout(() => void renewSession(), delay);
}

/**
 * Tabs of one browser share the refresh cookie: refreshing one at a time means each tab sends the
 * token the previous one received, instead of racing with the same token.
 */
function withRefreshLock<T>(refresh: () => Promise<T>): Promise<T> {
  return navigator.locks ? navigator.locks.request('liaison-refresh', refresh) : refresh();
}

/**
 * POST /auth/refresh with the cookie: a new access token and the current user. Concurrent
 * callers share one request, since the server rotates the refresh token on every use.
 */
export function renewSession(): Promise<boolean> {
  const endingsBefore = endings;
  // Signed out (or the password changed) while the refresh was on its way: that decision stands,
  // whatever the refresh answers.
  const endedMeanwhile = () => endings !== endingsBefore;
  renewing ??= withRefreshLock(() =>
    api.post<SessionGrant>('/auth/refresh', undefined, {
      auth: false,
      headers: { ...CLIENT_HEADER, ...csrfHeaders() },
    }),
  )
    .then((grant) => {
      if (endedMeanwhile()) return false;
      startSession(grant);
      return true;
    })
    .catch((error: unknown) => {
      if (endedMeanwhile()) return false;
      if (error instanceof ApiError && (error.statusCode === 401 || error.statusCode === 403)) {
        endSession(state.status === 'loading' ? 'initial' : 'expired');
      } else if (state.status === 'loading') {
        // The server cannot be reached: treat as signed out; the connection notice says why.
        endSession('initial');
      }
      return false;
    })
    .finally(() => {
      renewing = undefined;
    });
  return renewing;
}

/** On start-up: restores a session from the refresh cookie, silently. */
export function restoreSession(): Promise<boolean> {
  return renewSession();
}

export type SignInResult = { kind: 'signedIn'; user: Me } | { kind: 'mfa'; mfaToken: string };

export async function signIn(email: string, password: string): Promise<SignInResult> {
  const answer = await api.post<SessionGrant | MfaChallenge>(
    '/auth/login',
    { email, password },
    { auth: false, headers: CLIENT_HEADER },
  );
  if (isMfaChallenge(answer)) return { kind: 'mfa', mfaToken: answer.mfaToken };
  return { kind: 'signedIn', user: startSession(answer) };
}

export async function verifyMfa(mfaToken: string, code: string): Promise<Me> {
  const grant = await api.post<SessionGrant>(
    '/auth/mfa/verify',
    { mfaToken, code },
    { auth: false, headers: CLIENT_HEADER },
  );
  return startSession(grant);
}

/** Ends this device's session on the server (best effort) and here. */
export async function signOut(): Promise<void> {
  try {
    await api.post<void>('/auth/logout', undefined, { auth: false, headers: logoutHeaders() });
  } catch {
    // Already gone on the server, or unreachable: the local session ends either way.
  }
  endSession('signedOut');
}

function logoutHeaders(): Record<string, string> {
  return { ...csrfHeaders(), ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}) };
}

/** The server ended every session (password change, revoking this device): forget ours. */
export function forgetSession(reason: SignedOutReason): void {
  endSession(reason);
}

/** Applies a changed profile (display name, MFA status) without a new token. */
export function updateCurrentUser(patch: Partial<Me>): void {
  if (state.status !== 'signedIn') return;
  setState({ status: 'signedIn', user: { ...state.user, ...patch } });
}

setAuthHooks({
  accessToken: () => accessToken,
  renew: () => (state.status === 'signedIn' ? renewSession() : Promise.resolve(false)),
  onSessionLost: () => {
    if (state.status === 'signedIn') endSession('expired');
  },
  onEnrollmentRequired: () => updateCurrentUser({ mfaEnrollmentRequired: true }),
});
