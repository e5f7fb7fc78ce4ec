import { createHash } from 'node:crypto';
import type { FailureCode } from '../../domain/failure-codes';
import { entryOf } from '../code-tables';

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

/** "Approved or completed successfully", in every table. */
const SUCCESS = '00';

/**
 * Every other code of Duitku's Status Code, Vendor Response Code and Error Code tables, and
 * 89 from its test scenarios.
 */
export type DuitkuCode =
  | 'EE' | 'TO' | 'LD' | 'NF' | '76' | '80'
  | '-100' | '-120' | '-123' | '-141' | '-142' | '-148' | '-149' | '-161' | '-191' | '-192' | '-213' | '-420' | '-510' | '-920' | '-930' | '-951' | '-952' | '-960'
  | '01' | '03' | '04' | '05' | '12' | '13' | '14' | '15' | '20' | '30' | '31' | '33' | '36' | '38' | '39' | '40' | '41' | '43' | '51' | '52'
  | '66' | '68' | '88' | '89' | '90' | '91';

interface CodeMeaning {
  /** Ours, when the code ends an attempt. */
  failureCode: FailureCode;
  /**
   * In answer to a transfer. Only a code known to mean "not carried out" ends it (and lets
   * another provider try); Duitku's test notes name TO, 68 and -100 as codes after which a
   * transfer must not be sent again, and any code not known to be safe is treated alike.
   */
  transfer: 'awaiting_callback' | 'not_moved' | 'in_doubt';
  /**
   * In answer to inquirystatus, about a transfer that may have reached Duitku. Only codes that
   * can describe the transfer itself say it was declined (destination, amount, bank, Duitku's
   * float or limit); codes about the status request, general or network errors, -420
   * "Transfer not Found" and unknown codes say nothing certain.
   */
  status: 'awaiting_callback' | 'declined' | 'in_doubt';
}

const meaning = (failureCode: FailureCode, transfer: CodeMeaning['transfer'], status: CodeMeaning['status']): CodeMeaning => ({ failureCode, transfer, status });

/** No money moved, and only a bank or network problem: another provider may do better. */
const NETWORK = meaning('TEMPORARY_BANK_NETWORK_ERROR', 'not_moved', 'in_doubt');
/** Our request or account setup was wrong (signature, IP, user, parameters): ours, not the bank's. */
const OUR_REQUEST = meaning('TRANSFER_ERROR', 'not_moved', 'in_doubt');
/** Nothing certain about the transfer: a time-out (do not retry), or a card-network code Duitku lists but never explains for transfers. */
const UNCERTAIN = meaning('TEMPORARY_BANK_NETWORK_ERROR', 'in_doubt', 'in_doubt');
/** The destination account is wrong: no provider will do better, and a status check means it was declined. */
const DESTINATION = meaning('INVALID_DESTINATION', 'not_moved', 'declined');

const CODES: Record<DuitkuCode, CodeMeaning> = {
  EE: NETWORK, // General Error.
  TO: UNCERTAIN, // Response time out from ATM Bersama Network (Do not retry).
  LD: meaning('SWITCHING_NETWORK_ERROR', 'not_moved', 'in_doubt'), // Link problem between Duitku and ATM Bersama Network.
  NF: NETWORK, // Transaction has not recorded on Remittance gateway.
  '76': DESTINATION, // Invalid destination account.
  '80': meaning('TEMPORARY_BANK_NETWORK_ERROR', 'awaiting_callback', 'awaiting_callback'), // Waiting for callback.
  '-100': meaning('TRANSFER_ERROR', 'in_doubt', 'in_doubt'), // Other Error (Do not retry).
  '-120': OUR_REQUEST, // User not found.
  '-123': OUR_REQUEST, // User has been blocked.
  '-141': meaning('TRANSFER_ERROR', 'not_moved', 'declined'), // Amount transfer Invalid.
  '-142': meaning('TRANSFER_ERROR', 'in_doubt', 'in_doubt'), // Transaction Already Finished.
  '-148': meaning('TRANSFER_ERROR', 'not_moved', 'declined'), // Bank not support H2H.
  '-149': meaning('TRANSFER_ERROR', 'not_moved', 'declined'), // Bank not found.
  '-161': OUR_REQUEST, // Callback URL not found.
  '-191': OUR_REQUEST, // Wrong signature.
  '-192': DESTINATION, // Account number is blacklisted.
  '-213': OUR_REQUEST, // Email is not valid.
  '-420': meaning('TRANSFER_ERROR', 'in_doubt', 'in_doubt'), // Transfer not Found.
  '-510': meaning('TEMPORARY_TRANSFER_ERROR', 'not_moved', 'declined'), // Insufficient Fund.
  '-920': meaning('TRANSFER_ERROR', 'not_moved', 'declined'), // Limit Exceeded.
  '-930': OUR_REQUEST, // IP not whitelisted.
  '-951': meaning('TRANSFER_ERROR', 'in_doubt', 'in_doubt'), // Time Out Vendor.
  '-952': OUR_REQUEST, // Invalid Parameter.
  '-960': OUR_REQUEST, // Timestamp is expired (5 minutes).
  '01': meaning('REJECTED_BY_BANK', 'not_moved', 'declined'), // Refer to card issuer.
  '03': UNCERTAIN, // Invalid merchant.
  '04': UNCERTAIN, // Pick-up / capture card.
  '05': meaning('REJECTED_BY_BANK', 'not_moved', 'declined'), // Disallowed transaction / Do not honor.
  '12': NETWORK, // Generic exception / Invalid transaction.
  '13': meaning('TRANSFER_ERROR', 'not_moved', 'declined'), // Invalid amount.
  '14': DESTINATION, // Account not found.
  '15': UNCERTAIN, // No such issuer.
  '20': UNCERTAIN, // Invalid response.
  '30': meaning('TRANSFER_ERROR', 'not_moved', 'declined'), // Invalid format.
  '31': meaning('TRANSFER_ERROR', 'not_moved', 'declined'), // Invalid bank code / Bank not supported by switch.
  '33': UNCERTAIN, // Expired card.
  '36': UNCERTAIN, // Restricted card.
  '38': UNCERTAIN, // Allowable PIN tries exceeded.
  '39': UNCERTAIN, // No credit account.
  '40': UNCERTAIN, // Requested function not supported.
  '41': UNCERTAIN, // Lost card.
  '43': UNCERTAIN, // Stolen card.
  '51': meaning('TEMPORARY_TRANSFER_ERROR', 'not_moved', 'declined'), // Insufficient funds / over credit limit.
  '52': UNCERTAIN, // No chequing account.
  '66': NETWORK, // Generic error.
  '68': UNCERTAIN, // Response received too late / Time out (Do not retry).
  '88': UNCERTAIN, // Bill already paid.
  '89': meaning('SWITCHING_NETWORK_ERROR', 'not_moved', 'in_doubt'), // Link to host Down.
  '90': DESTINATION, // Invalid Beneficiary or Currency.
  '91': NETWORK, // Transport Error to Back End / Issuer, Destination or switch is inoperative.
};

/** Our failure code for a Duitku code that ended an attempt; an unlisted negative code is a request error of ours. */
export function duitkuFailureCode(code: string): FailureCode {
  return entryOf(CODES, code)?.failureCode ?? (code.startsWith('-') ? 'TRANSFER_ERROR' : 'TEMPORARY_BANK_NETWORK_ERROR');
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
  return code === SUCCESS ? { kind: 'success' } : failed(code);
}

/** A transfer's own answer; an unlisted code leaves it in doubt, for the status poller. */
export function judgeTransfer(code: string): DuitkuVerdict {
  if (code === SUCCESS) return { kind: 'success' };
  switch (entryOf(CODES, code)?.transfer ?? 'in_doubt') {
    case 'awaiting_callback':
      return { kind: 'awaiting_callback' };
    case 'not_moved':
      return failed(code);
    case 'in_doubt':
      return { kind: 'in_doubt' };
  }
}

/**
 * An inquirystatus answer. A declined transfer ends failed, but never fails over: once a
 * transfer may have reached a provider the payout stays with it.
 */
export function judgeStatus(code: string): DuitkuVerdict {
  if (code === SUCCESS) return { kind: 'success' };
  switch (entryOf(CODES, code)?.status ?? 'in_doubt') {
    case 'awaiting_callback':
      return { kind: 'awaiting_callback' };
    case 'declined':
      return { kind: 'failed', failureCode: duitkuFailureCode(code), failover: false };
    case 'in_doubt':
      return { kind: 'in_doubt' };
  }
}

/** The Clearing Callback's statusCode (its own table). */
export type DuitkuCallbackStatus = '00' | '01' | '68';

const CALLBACK_STATUSES: Record<DuitkuCallbackStatus, DuitkuVerdict> = {
  '00': { kind: 'success' },
  // The transfer reached Duitku: no failover.
  '01': { kind: 'failed', failureCode: duitkuFailureCode('01'), failover: false },
  // Pending (Do not retry).
  '68': { kind: 'in_doubt' },
};

/** A callback statusCode Duitku does not document says nothing certain either. */
export function judgeCallback(statusCode: string): DuitkuVerdict {
  return { ...(entryOf(CALLBACK_STATUSES, statusCode) ?? { kind: 'in_doubt' }) };
}
