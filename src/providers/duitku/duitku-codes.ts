import { createHash } from 'node:crypto';
import type { FailureCode } from '../payout-provider.port';

/** Duitku's signatures: SHA-256 hex of the documented fields concatenated, secret key last. */
export function duitkuSignature(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('')).digest('hex');
}

/** Duitku's `purpose` is string(255); a longer description is cut to fit (inquiry and transfer alike). */
const PURPOSE_MAX_LENGTH = 255;

/** The description as Duitku's purpose: at most 255 characters, never splitting one. */
export function duitkuPurpose(description: string): string {
  const characters = Array.from(description);
  return characters.length <= PURPOSE_MAX_LENGTH ? description : characters.slice(0, PURPOSE_MAX_LENGTH).join('');
}

/** Codes that say the destination account itself is wrong: no other provider will do better. */
const DESTINATION_REJECTED = new Set(['76', '90', '14', '-192']);

/**
 * Codes in answer to a transfer request that mean the transfer was not carried out. Duitku's
 * test notes name TO, 68 and -100 as the codes after which a transfer must not be sent
 * again; these others, and the request errors, leave no money moved.
 */
const NOT_MOVED = new Set([
  'EE', 'LD', 'NF', '89', '91', '66', '01', '05', '12', '13', '30', '31', '51',
  '-120', '-123', '-141', '-148', '-149', '-161', '-191', '-213', '-510', '-920', '-930', '-952', '-960',
]);

const FAILURE_CODE_OF: Record<string, FailureCode> = {
  LD: 'SWITCHING_NETWORK_ERROR',
  '89': 'SWITCHING_NETWORK_ERROR',
  '-510': 'TEMPORARY_TRANSFER_ERROR',
  '51': 'TEMPORARY_TRANSFER_ERROR',
  '01': 'REJECTED_BY_BANK',
  '05': 'REJECTED_BY_BANK',
  '-141': 'TRANSFER_ERROR',
  '-920': 'TRANSFER_ERROR',
  // Invalid amount, format error, bank not supported by the switch: the request was wrong.
  '13': 'TRANSFER_ERROR',
  '30': 'TRANSFER_ERROR',
  '31': 'TRANSFER_ERROR',
};

/** Our failure code for a Duitku code that ended an attempt. */
export function duitkuFailureCode(code: string): FailureCode {
  if (DESTINATION_REJECTED.has(code)) return 'INVALID_DESTINATION';
  if (FAILURE_CODE_OF[code]) return FAILURE_CODE_OF[code];
  // Request and configuration errors (signature, IP, user) are ours, not the bank's.
  if (code.startsWith('-')) return 'TRANSFER_ERROR';
  return 'TEMPORARY_BANK_NETWORK_ERROR';
}

export type DuitkuVerdict =
  | { kind: 'success' }
  | { kind: 'awaiting_callback' }
  | { kind: 'in_doubt' }
  | { kind: 'failed'; failureCode: FailureCode; failover: boolean };

function failed(code: string): DuitkuVerdict {
  const failureCode = duitkuFailureCode(code);
  return { kind: 'failed', failureCode, failover: failureCode !== 'INVALID_DESTINATION' };
}

/** An inquiry never moves money: anything but success ends the attempt. */
export function judgeInquiry(code: string): DuitkuVerdict {
  return code === '00' ? { kind: 'success' } : failed(code);
}

/**
 * A transfer's own answer. Only a code known to mean "not carried out" ends it (and lets
 * another provider try); TO, 68, -100, -951, -142 and anything unknown leave it in doubt,
 * for the status poller.
 */
export function judgeTransfer(code: string): DuitkuVerdict {
  if (code === '00') return { kind: 'success' };
  if (code === '80') return { kind: 'awaiting_callback' };
  if (DESTINATION_REJECTED.has(code) || NOT_MOVED.has(code)) return failed(code);
  return { kind: 'in_doubt' };
}

/**
 * Status codes that, in answer to inquirystatus, can only describe the transfer itself and
 * say it was declined: the destination, the amount, the bank, Duitku's float or limit.
 * Codes about the status request (-120 user, -123 blocked, -191 signature, -213 email,
 * -930 IP, -952 parameters, -960 timestamp), general or network errors (EE, LD, NF, 12,
 * 66, 89, 91), -420 "Transfer not Found" and anything unknown say nothing certain about
 * the transfer, so they leave it in doubt.
 */
const STATUS_DECLINED = new Set(['01', '05', '13', '14', '30', '31', '51', '76', '90', '-141', '-148', '-149', '-192', '-510', '-920']);

/**
 * An inquirystatus answer about a transfer that may have reached Duitku. A declined
 * transfer ends failed, but never fails over: once a transfer may have reached a provider
 * the payout stays with it.
 */
export function judgeStatus(code: string): DuitkuVerdict {
  if (code === '00') return { kind: 'success' };
  if (code === '80') return { kind: 'awaiting_callback' };
  if (STATUS_DECLINED.has(code)) return { kind: 'failed', failureCode: duitkuFailureCode(code), failover: false };
  return { kind: 'in_doubt' };
}

/** Clearing callback statusCode: 00 success, 01 failed (no failover: the transfer reached Duitku), 68 pending. */
export function judgeCallback(statusCode: string): DuitkuVerdict {
  if (statusCode === '00') return { kind: 'success' };
  if (statusCode === '01') return { kind: 'failed', failureCode: duitkuFailureCode('01'), failover: false };
  return { kind: 'in_doubt' };
}
