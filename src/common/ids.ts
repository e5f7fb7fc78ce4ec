import { randomBytes } from 'node:crypto';

/** Resource ids as the spec shows them: 32 lowercase hex characters. */
export function newResourceId(): string {
  return randomBytes(16).toString('hex');
}

export function isResourceId(value: string): boolean {
  return /^[0-9a-f]{32}$/.test(value);
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
