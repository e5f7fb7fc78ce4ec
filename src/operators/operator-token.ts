import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../common/secrets';

const PREFIX = 'pallop_';

/** A new operator API token: `pallop_` and 40 hex characters (160 random bits). */
export function generateOperatorToken(): string {
  return `${PREFIX}${randomBytes(20).toString('hex')}`;
}

export function looksLikeOperatorToken(value: string): boolean {
  return /^pallop_[0-9a-f]{40}$/.test(value);
}

/** What operator_tokens keeps: the SHA-256 to find it by, and the last four characters to recognise it. */
export function storedForm(token: string): { tokenHash: string; hint: string } {
  return { tokenHash: sha256Hex(token), hint: token.slice(-4) };
}
