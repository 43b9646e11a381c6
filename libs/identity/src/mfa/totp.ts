import { generateSecret, generateURI, verify } from 'otplib';

const PERIOD = 30;

/** A new base32 TOTP secret (160 bits). */
export const newTotpSecret = (): string => generateSecret();

export const totpUri = (secret: string, account: string): string =>
  generateURI({ secret, label: account, issuer: 'Liaison' } as Parameters<typeof generateURI>[0]);

/**
 * Checks a 6-digit code, allowing one step of clock drift into the past, and only for steps after
 * the last one accepted (a code is usable once). Returns the accepted step or null.
 */
export async function verifyTotp(secret: string, code: string, afterStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = (await verify({
    secret,
    token: code,
    epochTolerance: [PERIOD, 0],
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  } as Parameters<typeof verify>[0])) as { valid: boolean; timeStep?: number };
  if (!result.valid) return null;
  return result.timeStep ?? Math.floor(Date.now() / 1000 / PERIOD);
}
