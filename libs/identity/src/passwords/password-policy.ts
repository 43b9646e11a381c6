import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** NIST SP 800-63B: length, not composition; no common passwords. */
export const MIN_LENGTH = 15;
export const MIN_LENGTH_WITH_MFA = 8;
export const MAX_LENGTH = 256;

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common' | 'contains_email';

// The 30,000 most common passwords from breach corpora, as shipped with zxcvbn.
const COMMON = new Set<string>(
  (require('zxcvbn/lib/frequency_lists.js') as { passwords: string[] | string }).passwords
    .toString()
    .split(',')
    .map((p) => p.toLowerCase()),
);

const normalise = (s: string) => s.normalize('NFKC').toLowerCase();

/** What is wrong with a password, in order of importance (empty when acceptable). */
export function checkPassword(password: string, options: { email?: string; mfa?: boolean } = {}): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password.normalize('NFKC')].length;
  const min = options.mfa ? MIN_LENGTH_WITH_MFA : MIN_LENGTH;
  if (length < min) problems.push('too_short');
  if (length > MAX_LENGTH) problems.push('too_long');
  const lower = normalise(password);
  // Repeating or padding a common password ("password1234567", "qwertyqwertyqwerty") is no better.
  const core = lower.replace(/[\d\W_]+$/u, '').replace(/^[\d\W_]+/u, '');
  const unrepeated = lower.match(/^(.+?)\1+$/u)?.[1] ?? lower;
  if (
    COMMON.has(lower) ||
    COMMON.has(core) ||
    COMMON.has(unrepeated) ||
    /^(.)\1+$/u.test(lower) ||
    /^\d+$/.test(lower)
  ) {
    problems.push('too_common');
  }
  const local = options.email?.split('@')[0];
  if (local && local.length >= 3 && lower.includes(normalise(local))) problems.push('contains_email');
  return problems;
}

export const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, (min: number) => string> = {
  too_short: (min) => `password must be at least ${min} characters long`,
  too_long: () => `password must be at most ${MAX_LENGTH} characters long`,
  too_common: () => 'password is one of the most common passwords; choose a less guessable phrase',
  contains_email: () => 'password must not contain your e-mail address',
};
