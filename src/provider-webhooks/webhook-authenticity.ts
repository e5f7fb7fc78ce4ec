import { createHash, timingSafeEqual } from 'node:crypto';
import { duitkuSignature } from '../providers/duitku/duitku-codes';
import type { DuitkuDisbursementCallbackDto } from './provider-webhooks.dto';

/** Constant-time equality of two secrets of any length (compares their SHA-256 digests). */
export function secretsEqual(given: string | undefined, expected: string | null): boolean {
  if (!given || !expected) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Duitku's callback formula: SHA256(email + bankCode + bankAccount + accountName + custRefNumber + amountTransfer + disburseId + secretKey). */
export function duitkuCallbackSignatureValid(body: DuitkuDisbursementCallbackDto, secretKey: string): boolean {
  const expected = duitkuSignature(body.email, body.bankCode, body.bankAccount, body.accountName, body.custRefNumber, body.amountTransfer, body.disburseId, secretKey);
  return secretsEqual(String(body.signature).toLowerCase(), expected);
}
