import { authenticator } from 'otplib';

/** RFC 6238 defaults every authenticator app reads: SHA-1, 6 digits, 30-second steps. */
const STEP_SECONDS = 30;

/** One step either side: a phone clock half a minute off, or a code typed as it turned, still works. */
const totp = authenticator.clone({ step: STEP_SECONDS, window: 1 });

export const TOTP_ISSUER = 'Palladium console';

/** A new secret: 160 bits (RFC 4226's recommendation), base32 as authenticator apps take it. */
export function generateTotpSecret(): string {
  return totp.generateSecret(20);
}

/** The otpauth:// URI an authenticator app scans (as a QR code) to add the account. */
export function totpUri(email: string, secret: string): string {
  return totp.keyuri(email, TOTP_ISSUER, secret);
}

/**
 * The time step a code belongs to if it is valid now (within one step), else undefined. The
 * caller refuses a step not later than the last one used, so a code works once.
 */
export function totpStepOf(code: string, secret: string, now = Date.now()): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totp.clone({ epoch: now }).checkDelta(code, secret);
  return delta === null ? undefined : Math.floor(now / 1000 / STEP_SECONDS) + delta;
}

/** The code of a secret at a time (for tests and the CLI's own checks). */
export function totpCodeAt(secret: string, now = Date.now()): string {
  return totp.clone({ epoch: now }).generate(secret);
}
