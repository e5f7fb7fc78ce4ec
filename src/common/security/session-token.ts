import { createHmac, randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { DomainError } from '../errors/domain-error';
import { secretsEqual, sha256Hex } from '../secrets';

/** The merchant dashboard's session cookie: HttpOnly, SameSite=Lax, Path=/, Secure outside a plain-http localhost. */
export const SESSION_COOKIE = 'palladium_session';

/** The operator console's session cookie: the same, but sent only to /admin (the API the console calls). */
export const CONSOLE_SESSION_COOKIE = 'palladium_console';
export const CONSOLE_COOKIE_PATH = '/admin';

/** 256 random bits, base64url (43 characters). */
export function generateSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the sessions table keeps of a token: enough to find it, useless to present. */
export function hashSessionToken(token: string): string {
  return sha256Hex(token);
}

/**
 * The session's CSRF token, derived from its secret token (HMAC-SHA256): nothing more to
 * store, and it cannot be computed without the HttpOnly cookie that the page's script never
 * sees. The dashboard gets it from sign-in and GET /api/dashboard/session, and sends it back
 * as X-CSRF-Token on every request that changes something.
 */
export function csrfTokenOf(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('palladium-csrf-v1').digest('base64url');
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The session token of the request's Cookie header, if it has a well-formed one. */
export function sessionTokenOf(request: Pick<Request, 'headers'>, cookie = SESSION_COOKIE): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0 || pair.slice(0, separator).trim() !== cookie) continue;
    const value = pair.slice(separator + 1).trim();
    if (TOKEN_PATTERN.test(value)) return value;
  }
  return undefined;
}

/** Whether the request carries a session cookie at all (well-formed or not). */
export function hasSessionCookie(request: Pick<Request, 'headers'>, cookie = SESSION_COOKIE): boolean {
  const header = request.headers.cookie;
  return !!header && header.split(';').some((pair) => pair.split('=')[0].trim() === cookie);
}

export function sessionCookieOptions(secure: boolean, expires?: Date, path = '/') {
  return { httpOnly: true, sameSite: 'lax', secure, path, ...(expires ? { expires } : {}) } as const;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A change (any method but GET, HEAD, OPTIONS) made with a session must present that session's CSRF token. */
export function assertCsrfToken(method: string, sessionToken: string, presented: string | undefined, whereToFindIt: string): void {
  if (SAFE_METHODS.has(method.toUpperCase())) return;
  if (presented && secretsEqual(presented, csrfTokenOf(sessionToken))) return;
  throw new DomainError('CSRF_TOKEN_INVALID_ERROR', `Send the X-CSRF-Token header of your session (${whereToFindIt}) with every change`);
}
