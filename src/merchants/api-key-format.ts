import { randomBytes } from 'node:crypto';
import { Environment } from '../common/environment';
import { DomainError } from '../common/errors/domain-error';
import { sha256Hex } from '../common/secrets';

const API_KEY_PATTERN = /^pallapi_secret_(development|production)_[0-9a-f]{32}$/;

export function generateApiKey(environment: Environment): string {
  return `pallapi_secret_${environment}_${randomBytes(16).toString('hex')}`;
}

/** The environment a well-formed key belongs to, or undefined for anything else. */
export function environmentOfApiKey(key: string): Environment | undefined {
  return API_KEY_PATTERN.exec(key)?.[1] as Environment | undefined;
}

/** Keys carry 128 random bits, so a fast hash is enough: nothing to brute-force. */
export function hashApiKey(key: string): string {
  return sha256Hex(key);
}

/**
 * The key from an Authorization header. The spec shows both `Bearer <key>` and the bare
 * `<key>`; the scheme is case-insensitive (RFC 7235).
 */
export function apiKeyFromAuthorizationHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  const match = /^bearer\s+(\S+)$/i.exec(trimmed);
  if (match) return match[1];
  return /^\S+$/.test(trimmed) ? trimmed : undefined;
}

/** No key in either form of the spec. */
export function missingApiKeyError(): DomainError {
  return new DomainError('INVALID_API_KEY', 'Missing API key: send it as "Authorization: Bearer <key>" or "Authorization: <key>"');
}
