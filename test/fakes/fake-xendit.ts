import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyParseError, JsonObject, listen, postJson, postJsonWithRetries, readJsonOrFormBody, sendJson, Timers } from './http-helpers';

/**
 * An in-process fake of the Xendit API (api.xendit.co) as documented in
 * spec/upstream/xendit-api-reference.txt: balance, fixed virtual accounts, fixed payment
 * codes (retail outlets) and disbursements, with their callbacks. It is a real HTTP
 * server on 127.0.0.1 so the app talks to it exactly as to Xendit; tests drive the payer
 * side (payVirtualAccount, payRetailCode) and the failure modes through the handle.
 */

export interface FakeXenditOptions {
  /** Default 0: a random free port. */
  port?: number;
  /** Requests must carry Basic auth of base64(secretKey + ':'); else 401 INVALID_API_KEY. */
  secretKey: string;
  /** Sent as X-CALLBACK-TOKEN on every callback. */
  callbackToken: string;
  /** Where callbacks go (base + path); may be set later with setCallbackBaseUrl. Until set, no callback is sent. */
  callbackBaseUrl?: string;
  /** CASH balance, default 0. */
  balance?: number;
  /** Default 200: after creation a disbursement completes (or fails) and its callback is sent. */
  disbursementDelayMs?: number;
  /** Default 100 (Xendit: 30 s). Callbacks are tried 3 times in all on non-2xx answers. */
  callbackRetryDelayMs?: number;
}

export interface FakeXendit {
  /** e.g. http://127.0.0.1:12345 */
  url: string;
  setCallbackBaseUrl(url: string): void;
  /**
   * Someone pays into the FVA with this (full) account number; sends the FVA paid callback
   * and resolves with its body once delivery is over (retries included). Default amount:
   * expected_amount, else suggested_amount. Rejects if the FVA is unknown, inactive or
   * expired, or the amount differs from expected_amount on a closed VA.
   * Note: as documented, the callback's account_number excludes the merchant_code prefix.
   */
  payVirtualAccount(accountNumber: string, amount?: number): Promise<Record<string, unknown>>;
  /** Someone pays the payment code at the counter; like payVirtualAccount (the amount must be expected_amount). */
  payRetailCode(paymentCode: string, amount?: number): Promise<Record<string, unknown>>;
  /** Re-sends exactly the same callback body once (to test duplicates); resolves with the HTTP status (0: no answer). */
  resendCallback(body: Record<string, unknown>, path: string): Promise<number>;
  /** The next disbursement created to this account number ends FAILED with this failure_code instead of COMPLETED. */
  failDisbursementsTo(accountNumber: string, failureCode: string): void;
  /** While on, POST /disbursements creates the disbursement anyway but answers 500 SERVER_ERROR (ambiguous). */
  setServerErrorOnCreate(on: boolean): void;
  /** The next `count` POST /disbursements answer 500 SERVER_ERROR and create nothing (the request died inside Xendit). */
  loseNextCreates(count: number): void;
  /** While set, GET /disbursements?external_id= answers this instead (e.g. a proxy's bare 404); null restores it. */
  overrideLookupAnswer(answer: { status: number; body: unknown } | null): void;
  /** Runs before each API request is answered (null: none), e.g. to look at the caller's database meanwhile. */
  onRequest(hook: ((method: string, path: string) => Promise<void>) | null): void;
  /** Every POST /disbursements that arrived, with its idempotency key and when. */
  readonly createRequests: { externalId: unknown; idempotencyKey: string | undefined; at: number }[];
  /** By id, fields as the API returns them. Status is refreshed (expiry) whenever the fake reads one. */
  readonly virtualAccounts: Map<string, Record<string, unknown>>;
  /** By id, fields as the API returns them. */
  readonly paymentCodes: Map<string, Record<string, unknown>>;
  /** By id, fields as the API returns them. */
  readonly disbursements: Map<string, Record<string, unknown>>;
  /** Every delivery attempt (retries included); status 0 means no HTTP answer. */
  readonly callbacksSent: { path: string; body: Record<string, unknown>; status: number }[];
  balance(): number;
  close(): Promise<void>;
}

/** Paths (under the callback base URL) the fake posts its callbacks to. */
export const XENDIT_CALLBACK_PATHS = {
  virtualAccountPaid: '/webhooks/xendit/virtual-accounts/paid',
  virtualAccount: '/webhooks/xendit/virtual-accounts',
  retailPaymentPaid: '/webhooks/xendit/retail-payments/paid',
  disbursement: '/webhooks/xendit/disbursements',
} as const;

/** FVA banks the fake supports, with the merchant code (account number prefix) it assigns. */
export const XENDIT_VA_BANKS: readonly { code: string; name: string; merchantCode: string }[] = [
  { code: 'BNI', name: 'Bank Negara Indonesia', merchantCode: '8808' },
  { code: 'BRI', name: 'Bank Rakyat Indonesia', merchantCode: '26215' },
  { code: 'MANDIRI', name: 'Bank Mandiri', merchantCode: '88608' },
  { code: 'PERMATA', name: 'Bank Permata', merchantCode: '8214' },
  { code: 'SAHABAT_SAMPOERNA', name: 'Bank Sahabat Sampoerna', merchantCode: '8248' },
  { code: 'BCA', name: 'Bank Central Asia', merchantCode: '10766' },
];

const VA_NUMBER_LENGTH = 16;
const VA_MIN_EXPECTED = 1;
const VA_MAX_EXPECTED_CREATE = 50_000_000_000;
/** The update endpoint documents a lower ceiling than creation: "can only be less than Rp.1000000000". */
const VA_MAX_EXPECTED_UPDATE = 999_999_999;
/** Only these banks take suggested_amount / description (per the create and update docs). */
const SUGGESTED_AMOUNT_BANKS = new Set(['MANDIRI', 'BRI']);
const DESCRIPTION_BANKS = new Set(['BRI']);

const RETAIL_OUTLETS = new Set(['ALFAMART', 'INDOMARET']);
const FPC_PREFIX = 'TEST';
const FPC_MIN_EXPECTED = 10_000;
const FPC_MAX_EXPECTED = 5_000_000;

const DISBURSEMENT_MIN_AMOUNT = 10_000;
/** Banks without a maximum; every other destination is capped at Rp 25.000.000. */
const UNCAPPED_DISBURSEMENT_BANKS = new Set(['BCA', 'MANDIRI', 'BNI', 'BNI_SYR', 'BRI', 'SINARMAS', 'CIMB', 'PERMATA']);
const OTHER_BANK_MAX_AMOUNT = 25_000_000;

const DISBURSEMENT_BANKS = [
  { name: 'Bank Mandiri', code: 'MANDIRI', can_disburse: true, can_name_validate: true },
  { name: 'Bank Rakyat Indonesia (BRI)', code: 'BRI', can_disburse: true, can_name_validate: true },
  { name: 'Bank Central Asia (BCA)', code: 'BCA', can_disburse: true, can_name_validate: true },
  { name: 'Bank Negara Indonesia (BNI)', code: 'BNI', can_disburse: true, can_name_validate: true },
  { name: 'Bank Permata', code: 'PERMATA', can_disburse: true, can_name_validate: true },
  { name: 'Bank Sahabat Sampoerna', code: 'SAHABAT_SAMPOERNA', can_disburse: true, can_name_validate: false },
];

/** Xendit's fallback expiry for FVAs and codes without one: about 31 years ahead, as in the docs' examples. */
const DEFAULT_EXPIRY_MS = 31 * 365.25 * 24 * 3600 * 1000;

/** An error answered as Xendit does: HTTP status + {error_code, message}. */
class XenditError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

const badRequest = (errorCode: string, message: string) => new XenditError(400, errorCode, message);
const invalid = (message: string) => badRequest('API_VALIDATION_ERROR', message);

/** Xendit ids are 24 hex characters (Mongo ObjectIds). */
function hexId(): string {
  return randomBytes(12).toString('hex');
}

function randomDigits(count: number): string {
  let digits = '';
  for (let i = 0; i < count; i++) digits += String(randomInt(10));
  return digits;
}

// Field readers. Form-encoded bodies carry everything as strings, so numbers and booleans
// are also accepted in their string form; JSON null counts as absent.

function requiredString(body: JsonObject, field: string, maxLength = Infinity): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`"${field}" is required and must be a non-empty string`);
  if (value.length > maxLength) throw invalid(`"${field}" length must be at most ${maxLength} characters`);
  return value;
}

function optionalString(body: JsonObject, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`"${field}" must be a string`);
  return value;
}

function optionalNumber(body: JsonObject, field: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  throw invalid(`"${field}" must be a number`);
}

function optionalBoolean(body: JsonObject, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw invalid(`"${field}" must be a boolean`);
}

function optionalDate(body: JsonObject, field: string): Date | undefined {
  const value = optionalString(body, field);
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid(`"${field}" must be a valid ISO date`);
  return date;
}

/** Bookkeeping the API does not return: when things happened, and what disbursements need. */
interface Meta {
  created: string;
  updated: string;
}

export async function startFakeXendit(options: FakeXenditOptions): Promise<FakeXendit> {
  const ownerId = hexId();
  const timers = new Timers();
  const disbursementDelayMs = options.disbursementDelayMs ?? 200;
  const callbackRetryDelayMs = options.callbackRetryDelayMs ?? 100;
  let callbackBaseUrl = options.callbackBaseUrl?.replace(/\/+$/, '');
  let cashBalance = options.balance ?? 0;
  let serverErrorOnCreate = false;
  let lostCreates = 0;
  let lookupOverride: { status: number; body: unknown } | null = null;
  let requestHook: ((method: string, path: string) => Promise<void>) | null = null;
  const createRequests: FakeXendit['createRequests'] = [];
  let lastPaymentId = 0;

  const virtualAccounts = new Map<string, JsonObject>();
  const vaMeta = new Map<string, Meta>();
  const vaIdByNumber = new Map<string, string>();
  /** Payments by payment_id, fields as GET /callback_virtual_account_payments returns them. */
  const vaPayments = new Map<string, JsonObject>();

  const paymentCodes = new Map<string, JsonObject>();
  const fpcMeta = new Map<string, Meta & { paid: boolean }>();
  const fpcIdByCode = new Map<string, string>();

  const disbursements = new Map<string, JsonObject>();
  const disbursementMeta = new Map<string, Meta & { accountNumber: string; failureCode: string | null }>();
  const usedIdempotencyKeys = new Set<string>();
  const failuresByAccount = new Map<string, string>();

  const callbacksSent: FakeXendit['callbacksSent'] = [];

  /** payment_id is Xendit's internal numeric id: a millisecond clock made strictly increasing. */
  function nextPaymentId(): string {
    lastPaymentId = Math.max(Date.now(), lastPaymentId + 1);
    return String(lastPaymentId);
  }

  function callbackUrl(path: string): string | null {
    return callbackBaseUrl ? `${callbackBaseUrl}${path}` : null;
  }

  /** As Xendit: up to 3 tries, retried on non-2xx. Without a callback URL nothing is sent (0). */
  async function deliver(path: string, body: JsonObject): Promise<number> {
    const url = callbackUrl(path);
    if (!url) return 0;
    return postJsonWithRetries(url, body, {
      headers: { 'x-callback-token': options.callbackToken },
      attempts: 3,
      delayMs: callbackRetryDelayMs,
      timers,
      onAttempt: (status) => callbacksSent.push({ path, body, status }),
    });
  }

  // ---- Virtual accounts ----

  /** Expiry is a matter of time passing, so the status is brought up to date on every read. */
  function refreshedVa(id: string): JsonObject | undefined {
    const va = virtualAccounts.get(id);
    if (va && va.status === 'ACTIVE' && new Date(String(va.expiration_date)).getTime() <= Date.now()) va.status = 'INACTIVE';
    return va;
  }

  function vaBankOf(code: string) {
    return XENDIT_VA_BANKS.find((bank) => bank.code === code);
  }

  function vaCallbackBody(va: JsonObject): JsonObject {
    const meta = vaMeta.get(String(va.id))!;
    return { ...va, updated: meta.updated, created: meta.created };
  }

  function checkExpectedAmount(amount: number, max: number): void {
    if (!Number.isInteger(amount)) throw invalid('"expected_amount" must be an integer');
    if (amount < VA_MIN_EXPECTED) throw badRequest('MINIMUM_EXPECTED_AMOUNT_ERROR', `The minimum expected amount is Rp.${VA_MIN_EXPECTED}`);
    if (amount > max) throw badRequest('MAXIMUM_EXPECTED_AMOUNT_ERROR', `The maximum expected amount is Rp.${max}`);
  }

  function createVirtualAccount(body: JsonObject): JsonObject {
    const externalId = requiredString(body, 'external_id', 1000);
    const bankCode = requiredString(body, 'bank_code');
    const name = requiredString(body, 'name');
    if (!/^[A-Za-z ]+$/.test(name)) throw invalid('"name" can only contain letters and spaces');
    const bank = vaBankOf(bankCode);
    if (!bank) throw badRequest('BANK_NOT_SUPPORTED_ERROR', `The bank code ${bankCode} is not currently supported`);
    const wantedNumber = optionalString(body, 'virtual_account_number');
    const suggestedAmount = optionalNumber(body, 'suggested_amount');
    const isClosed = optionalBoolean(body, 'is_closed') ?? false;
    const expectedAmount = optionalNumber(body, 'expected_amount');
    const expirationDate = optionalDate(body, 'expiration_date');
    const isSingleUse = optionalBoolean(body, 'is_single_use') ?? false;
    const description = optionalString(body, 'description');

    if (suggestedAmount !== undefined && !SUGGESTED_AMOUNT_BANKS.has(bank.code)) {
      throw badRequest('SUGGESTED_AMOUNT_NOT_SUPPORTED_ERROR', 'Suggested amount is only supported for MANDIRI and BRI');
    }
    if (description !== undefined && !DESCRIPTION_BANKS.has(bank.code)) throw badRequest('DESCRIPTION_NOT_SUPPORTED_ERROR', 'Description field is only supported for BRI');
    if (isClosed && expectedAmount === undefined) throw badRequest('EXPECTED_AMOUNT_REQUIRED_ERROR', 'The expected amount is required when is_closed is set to true');
    if (expectedAmount !== undefined) checkExpectedAmount(expectedAmount, VA_MAX_EXPECTED_CREATE);
    if (expirationDate && expirationDate.getTime() <= Date.now()) {
      throw badRequest('EXPIRATION_DATE_INVALID_ERROR', "Invalid custom expiration date because it's earlier than current time");
    }

    let accountNumber: string;
    if (wantedNumber !== undefined) {
      // The docs: "Please do not include the merchant code" – the fake prefixes it.
      if (!/^\d+$/.test(wantedNumber)) throw invalid('"virtual_account_number" must only contain digits');
      accountNumber = bank.merchantCode + wantedNumber;
      if (vaIdByNumber.has(accountNumber)) throw badRequest('DUPLICATE_CALLBACK_VIRTUAL_ACCOUNT_ERROR', 'The account number that you want to create is already exist');
    } else {
      do {
        accountNumber = bank.merchantCode + randomDigits(VA_NUMBER_LENGTH - bank.merchantCode.length);
      } while (vaIdByNumber.has(accountNumber));
    }

    const id = hexId();
    const now = new Date().toISOString();
    const va: JsonObject = {
      owner_id: ownerId,
      external_id: externalId,
      bank_code: bank.code,
      merchant_code: bank.merchantCode,
      name,
      account_number: accountNumber,
      ...(suggestedAmount !== undefined ? { suggested_amount: suggestedAmount } : {}),
      is_closed: isClosed,
      ...(expectedAmount !== undefined ? { expected_amount: expectedAmount } : {}),
      id,
      is_single_use: isSingleUse,
      status: 'ACTIVE',
      expiration_date: (expirationDate ?? new Date(Date.now() + DEFAULT_EXPIRY_MS)).toISOString(),
      ...(description !== undefined ? { description } : {}),
    };
    virtualAccounts.set(id, va);
    vaMeta.set(id, { created: now, updated: now });
    vaIdByNumber.set(accountNumber, id);
    // "Our callback API will also hit your URL upon fixed virtual account creations and updates."
    const snapshot = vaCallbackBody(va);
    timers.after(0, () => deliver(XENDIT_CALLBACK_PATHS.virtualAccount, snapshot));
    return { ...va };
  }

  function getVirtualAccount(id: string): JsonObject {
    const va = refreshedVa(id);
    if (!va) throw new XenditError(404, 'CALLBACK_VIRTUAL_ACCOUNT_NOT_FOUND_ERROR', 'Could not find callback virtual account');
    return va;
  }

  function updateVirtualAccount(id: string, body: JsonObject): JsonObject {
    const va = getVirtualAccount(id);
    if (va.status !== 'ACTIVE') throw badRequest('INACTIVE_VIRTUAL_ACCOUNT_ERROR', 'Account number that you want to update is inactive');
    const bankCode = String(va.bank_code);
    const suggestedAmount = optionalNumber(body, 'suggested_amount');
    const expectedAmount = optionalNumber(body, 'expected_amount');
    const expirationDate = optionalDate(body, 'expiration_date');
    const isSingleUse = optionalBoolean(body, 'is_single_use');
    const description = optionalString(body, 'description');
    const isClosed = optionalBoolean(body, 'is_closed');
    if (isClosed !== undefined && isClosed !== va.is_closed) throw invalid('Closed virtual accounts can not be changed to open virtual accounts, and vice versa');
    if (suggestedAmount !== undefined && !SUGGESTED_AMOUNT_BANKS.has(bankCode)) {
      throw badRequest('SUGGESTED_AMOUNT_NOT_SUPPORTED_ERROR', 'Suggested amount is only supported for MANDIRI and BRI');
    }
    if (description !== undefined && !DESCRIPTION_BANKS.has(bankCode)) throw badRequest('DESCRIPTION_NOT_SUPPORTED_ERROR', 'Description field is only supported for BRI');
    if (expectedAmount !== undefined) checkExpectedAmount(expectedAmount, VA_MAX_EXPECTED_UPDATE);

    if (suggestedAmount !== undefined) va.suggested_amount = suggestedAmount;
    if (expectedAmount !== undefined) va.expected_amount = expectedAmount;
    if (isSingleUse !== undefined) va.is_single_use = isSingleUse;
    if (description !== undefined) va.description = description;
    // A date in the past is allowed: it expires the account at once.
    if (expirationDate !== undefined) va.expiration_date = expirationDate.toISOString();
    vaMeta.get(id)!.updated = new Date().toISOString();
    refreshedVa(id);
    const snapshot = vaCallbackBody(va);
    timers.after(0, () => deliver(XENDIT_CALLBACK_PATHS.virtualAccount, snapshot));
    return { ...va };
  }

  async function payVirtualAccount(accountNumber: string, amount?: number): Promise<JsonObject> {
    const id = vaIdByNumber.get(accountNumber);
    if (!id) throw new Error(`fake-xendit: no virtual account ${accountNumber}`);
    const va = refreshedVa(id)!;
    if (va.status !== 'ACTIVE') throw new Error(`fake-xendit: virtual account ${accountNumber} is inactive or expired`);
    const paid = amount ?? (va.expected_amount as number | undefined) ?? (va.suggested_amount as number | undefined);
    if (paid === undefined) throw new Error(`fake-xendit: virtual account ${accountNumber} has no expected amount; pass one`);
    if (!Number.isInteger(paid) || paid <= 0) throw new Error(`fake-xendit: invalid amount ${paid}`);
    if (va.is_closed && paid !== va.expected_amount) {
      throw new Error(`fake-xendit: closed virtual account ${accountNumber} only accepts ${String(va.expected_amount)}, not ${paid}`);
    }

    const now = new Date().toISOString();
    const merchantCode = String(va.merchant_code);
    const payment: JsonObject = {
      id: hexId(),
      payment_id: nextPaymentId(),
      callback_virtual_account_id: va.id,
      external_id: va.external_id,
      merchant_code: merchantCode,
      // The paid callback documents account_number as "the virtual account number (excluding the prefix)".
      account_number: accountNumber.slice(merchantCode.length),
      bank_code: va.bank_code,
      amount: paid,
      transaction_timestamp: now,
    };
    vaPayments.set(String(payment.payment_id), payment);
    cashBalance += paid;
    if (va.is_single_use) {
      va.status = 'INACTIVE';
      vaMeta.get(id)!.updated = now;
    }
    const callback: JsonObject = {
      id: payment.id,
      payment_id: payment.payment_id,
      callback_virtual_account_id: payment.callback_virtual_account_id,
      owner_id: ownerId,
      external_id: payment.external_id,
      account_number: payment.account_number,
      bank_code: payment.bank_code,
      amount: paid,
      transaction_timestamp: now,
      merchant_code: merchantCode,
      updated: now,
      created: now,
    };
    await deliver(XENDIT_CALLBACK_PATHS.virtualAccountPaid, callback);
    return callback;
  }

  // ---- Fixed payment codes (retail outlets) ----

  function fpcIsActive(id: string): boolean {
    const fpc = paymentCodes.get(id)!;
    return !fpcMeta.get(id)!.paid && new Date(String(fpc.expiration_date)).getTime() > Date.now();
  }

  function checkFpcAmount(amount: number): void {
    if (!Number.isInteger(amount)) throw invalid('"expected_amount" must be an integer');
    if (amount < FPC_MIN_EXPECTED) throw badRequest('MINIMUM_EXPECTED_AMOUNT_ERROR', `The expected amount can only be more than or equal Rp ${FPC_MIN_EXPECTED}`);
    if (amount > FPC_MAX_EXPECTED) throw badRequest('MAXIMUM_EXPECTED_AMOUNT_ERROR', `The expected amount can only be less than or equal Rp ${FPC_MAX_EXPECTED}`);
  }

  function createPaymentCode(body: JsonObject): JsonObject {
    const externalId = requiredString(body, 'external_id', 1000);
    const outlet = requiredString(body, 'retail_outlet_name');
    const name = requiredString(body, 'name');
    const expectedAmount = optionalNumber(body, 'expected_amount');
    if (expectedAmount === undefined) throw invalid('"expected_amount" is required');
    const wantedCode = optionalString(body, 'payment_code');
    const expirationDate = optionalDate(body, 'expiration_date');
    const isSingleUse = optionalBoolean(body, 'is_single_use') ?? false;
    if (!RETAIL_OUTLETS.has(outlet)) throw badRequest('RETAIL_OUTLET_NOT_SUPPORTED_ERROR', `The Retail Outlet ${outlet} is not currently supported`);
    checkFpcAmount(expectedAmount);
    if (expirationDate && expirationDate.getTime() <= Date.now()) {
      throw badRequest('EXPIRATION_DATE_INVALID_ERROR', "Invalid custom expiration date because it's earlier than current time");
    }

    let paymentCode: string;
    if (wantedCode !== undefined) {
      // The response calls payment_code "complete ... (including prefix)": a wanted code must be in the TEST range.
      if (!new RegExp(`^${FPC_PREFIX}[0-9A-Z]+$`).test(wantedCode)) throw badRequest('PAYMENT_CODE_OUTSIDE_RANGE', 'The fixed payment code you want is outside your range');
      if (fpcIdByCode.has(wantedCode)) throw badRequest('DUPLICATE_PAYMENT_CODE_ERROR', 'The payment code that you want to create is already exist');
      paymentCode = wantedCode;
    } else {
      // "TEST" + 6 digits; should that space ever fill up, the codes grow a digit.
      let tries = 0;
      do {
        paymentCode = FPC_PREFIX + randomDigits(6 + Math.floor(tries++ / 20));
      } while (fpcIdByCode.has(paymentCode));
    }

    const id = hexId();
    const now = new Date().toISOString();
    const fpc: JsonObject = {
      owner_id: ownerId,
      external_id: externalId,
      retail_outlet_name: outlet,
      prefix: FPC_PREFIX,
      name,
      payment_code: paymentCode,
      type: 'USER',
      expected_amount: expectedAmount,
      is_single_use: isSingleUse,
      expiration_date: (expirationDate ?? new Date(Date.now() + DEFAULT_EXPIRY_MS)).toISOString(),
      id,
    };
    paymentCodes.set(id, fpc);
    fpcMeta.set(id, { created: now, updated: now, paid: false });
    fpcIdByCode.set(paymentCode, id);
    return { ...fpc };
  }

  function getPaymentCode(id: string): JsonObject {
    const fpc = paymentCodes.get(id);
    if (!fpc) throw new XenditError(404, 'FIXED_PAYMENT_CODE_NOT_FOUND_ERROR', 'Could not find fixed payment code');
    return fpc;
  }

  function updatePaymentCode(id: string, body: JsonObject): JsonObject {
    const fpc = getPaymentCode(id);
    if (!fpcIsActive(id)) throw badRequest('INACTIVE_FIXED_PAYMENT_CODE_ERROR', 'Payment code that you want to update is inactive');
    const name = optionalString(body, 'name');
    const expectedAmount = optionalNumber(body, 'expected_amount');
    const expirationDate = optionalDate(body, 'expiration_date');
    if (name !== undefined && name.trim() === '') throw invalid('"name" must not be empty');
    if (expectedAmount !== undefined) checkFpcAmount(expectedAmount);
    if (name !== undefined) fpc.name = name;
    if (expectedAmount !== undefined) fpc.expected_amount = expectedAmount;
    // As for FVAs, a past date expires the code at once.
    if (expirationDate !== undefined) fpc.expiration_date = expirationDate.toISOString();
    fpcMeta.get(id)!.updated = new Date().toISOString();
    return { ...fpc };
  }

  async function payRetailCode(paymentCode: string, amount?: number): Promise<JsonObject> {
    const id = fpcIdByCode.get(paymentCode);
    if (!id) throw new Error(`fake-xendit: no payment code ${paymentCode}`);
    const fpc = paymentCodes.get(id)!;
    if (!fpcIsActive(id)) throw new Error(`fake-xendit: payment code ${paymentCode} is inactive or expired`);
    const paid = amount ?? (fpc.expected_amount as number);
    // The cashier collects the code's amount; a counter payment cannot differ from it.
    if (paid !== fpc.expected_amount) throw new Error(`fake-xendit: payment code ${paymentCode} only accepts ${String(fpc.expected_amount)}, not ${paid}`);

    const now = new Date().toISOString();
    cashBalance += paid;
    const meta = fpcMeta.get(id)!;
    if (fpc.is_single_use) {
      meta.paid = true;
      meta.updated = now;
    }
    const callback: JsonObject = {
      fixed_payment_code_payment_id: hexId(),
      owner_id: ownerId,
      fixed_payment_code_id: id,
      payment_id: nextPaymentId(),
      external_id: fpc.external_id,
      payment_code: paymentCode,
      prefix: fpc.prefix,
      retail_outlet_name: fpc.retail_outlet_name,
      amount: paid,
      name: fpc.name,
      transaction_timestamp: now,
      updated: now,
      created: now,
    };
    await deliver(XENDIT_CALLBACK_PATHS.retailPaymentPaid, callback);
    return callback;
  }

  // ---- Disbursements ----

  function createDisbursement(req: IncomingMessage, body: JsonObject): JsonObject {
    const rawKey = req.headers['x-idempotency-key'];
    const idempotencyKey = Array.isArray(rawKey) ? rawKey[0] : rawKey;
    // Checked first: a reused key never creates anything, whatever the body says.
    if (idempotencyKey !== undefined && idempotencyKey !== '' && usedIdempotencyKeys.has(idempotencyKey)) {
      throw badRequest('DUPLICATE_TRANSACTION_ERROR', 'Idempotency key has been used before. Use a unique idempotency key and try again.');
    }
    const externalId = requiredString(body, 'external_id', 1000);
    const bankCode = requiredString(body, 'bank_code');
    const holderName = requiredString(body, 'account_holder_name');
    const accountNumber = requiredString(body, 'account_number');
    const description = requiredString(body, 'description');
    const amount = optionalNumber(body, 'amount');
    if (amount === undefined) throw invalid('"amount" is required');
    if (!Number.isInteger(amount) || amount <= 0) throw invalid('"amount" must be a positive integer');
    if (!/^[0-9-]+$/.test(accountNumber)) throw invalid('"account_number" must only contain digits and hyphens');
    // Xendit takes any of its many bank codes; the fake only refuses what cannot be one.
    if (!/^[A-Z0-9_]+$/.test(bankCode)) throw badRequest('BANK_CODE_NOT_SUPPORTED_ERROR', 'Destination bank code is not supported');
    if (bankCode === 'BCA' && !/^\d{10}$/.test(accountNumber)) {
      throw badRequest('RECIPIENT_ACCOUNT_NUMBER_ERROR', 'For transfers to BCA, account_number input needs to be 10 digits');
    }
    if (amount < DISBURSEMENT_MIN_AMOUNT) throw badRequest('RECIPIENT_AMOUNT_ERROR', `The transfer amount requested is lower than the minimum (Rp ${DISBURSEMENT_MIN_AMOUNT})`);
    if (!UNCAPPED_DISBURSEMENT_BANKS.has(bankCode) && amount > OTHER_BANK_MAX_AMOUNT) {
      throw badRequest('MAXIMUM_TRANSFER_LIMIT_ERROR', `The transfer amount requested is higher than the maximum for ${bankCode} (Rp ${OTHER_BANK_MAX_AMOUNT})`);
    }
    if (cashBalance < amount) throw badRequest('DIRECT_DISBURSEMENT_BALANCE_INSUFFICIENT_ERROR', 'Not enough balance to disburse. Add more balance before retrying.');

    const id = hexId();
    const now = new Date().toISOString();
    const emails: JsonObject = {};
    for (const field of ['email_to', 'email_cc', 'email_bcc']) {
      if (Array.isArray(body[field])) emails[field] = body[field];
    }
    const disbursement: JsonObject = {
      user_id: ownerId,
      external_id: externalId,
      amount,
      bank_code: bankCode,
      account_holder_name: holderName,
      disbursement_description: description,
      status: 'PENDING',
      id,
      ...emails,
    };
    const failureCode = failuresByAccount.get(accountNumber) ?? null;
    failuresByAccount.delete(accountNumber);
    disbursements.set(id, disbursement);
    disbursementMeta.set(id, { created: now, updated: now, accountNumber, failureCode });
    if (idempotencyKey) usedIdempotencyKeys.add(idempotencyKey);
    // The balance is debited when the disbursement is accepted, and refunded if it fails.
    cashBalance -= amount;
    timers.after(disbursementDelayMs, () => finishDisbursement(id));
    return { ...disbursement };
  }

  async function finishDisbursement(id: string): Promise<void> {
    const disbursement = disbursements.get(id)!;
    const meta = disbursementMeta.get(id)!;
    meta.updated = new Date().toISOString();
    if (meta.failureCode) {
      disbursement.status = 'FAILED';
      disbursement.failure_code = meta.failureCode;
      cashBalance += disbursement.amount as number;
    } else {
      disbursement.status = 'COMPLETED';
    }
    const { email_to, email_cc, email_bcc } = disbursement;
    await deliver(XENDIT_CALLBACK_PATHS.disbursement, {
      id,
      user_id: disbursement.user_id,
      external_id: disbursement.external_id,
      amount: disbursement.amount,
      bank_code: disbursement.bank_code,
      account_holder_name: disbursement.account_holder_name,
      disbursement_description: disbursement.disbursement_description,
      ...(meta.failureCode ? { failure_code: meta.failureCode } : {}),
      is_instant: true,
      status: disbursement.status,
      updated: meta.updated,
      created: meta.created,
      ...(email_to ? { email_to } : {}),
      ...(email_cc ? { email_cc } : {}),
      ...(email_bcc ? { email_bcc } : {}),
    });
  }

  function getDisbursement(id: string): JsonObject {
    const disbursement = disbursements.get(id);
    if (!disbursement) throw new XenditError(404, 'DIRECT_DISBURSEMENT_NOT_FOUND_ERROR', 'Could not find direct disbursement');
    return { ...disbursement };
  }

  function disbursementsByExternalId(externalId: string | null): JsonObject[] {
    if (!externalId) throw invalid('"external_id" is required');
    const found = [...disbursements.values()].filter((d) => d.external_id === externalId).map((d) => ({ ...d }));
    if (found.length === 0) throw new XenditError(404, 'DIRECT_DISBURSEMENT_NOT_FOUND_ERROR', 'Could not find direct disbursement');
    return found;
  }

  // ---- HTTP ----

  function authenticate(req: IncomingMessage): void {
    const match = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const decoded = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const given = Buffer.from(colon >= 0 ? decoded.slice(0, colon) : '');
    const expected = Buffer.from(options.secretKey);
    if (colon < 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new XenditError(401, 'INVALID_API_KEY', 'API key is not authorized for this API service');
    }
  }

  /** The demo's stand-in for a payer: POST /_fake/pay {account_number | payment_code, amount?}. */
  async function fakePay(body: JsonObject): Promise<JsonObject> {
    const amount = optionalNumber(body, 'amount');
    const accountNumber = optionalString(body, 'account_number');
    const paymentCode = optionalString(body, 'payment_code');
    try {
      if (accountNumber) return await payVirtualAccount(accountNumber, amount);
      if (paymentCode) return await payRetailCode(paymentCode, amount);
    } catch (error) {
      throw badRequest('FAKE_PAYMENT_REJECTED', error instanceof Error ? error.message : String(error));
    }
    throw invalid('"account_number" or "payment_code" is required');
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake-xendit');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const segment = (pattern: RegExp) => {
      const match = pattern.exec(path);
      return match ? decodeURIComponent(match[1]) : null;
    };
    const body = () => readJsonOrFormBody(req);

    if (method === 'POST' && path === '/_fake/pay') return sendJson(res, 200, await fakePay(await body()));
    authenticate(req);
    await requestHook?.(method, path);

    if (method === 'GET' && path === '/balance') {
      const accountType = url.searchParams.get('account_type') ?? 'CASH';
      if (!['CASH', 'HOLDING', 'TAX'].includes(accountType)) throw invalid('"account_type" must be one of CASH, HOLDING, TAX');
      return sendJson(res, 200, { balance: accountType === 'CASH' ? cashBalance : 0 });
    }
    if (method === 'GET' && path === '/available_virtual_account_banks') {
      return sendJson(res, 200, XENDIT_VA_BANKS.map(({ name, code }) => ({ name, code })));
    }
    if (method === 'POST' && path === '/callback_virtual_accounts') return sendJson(res, 200, createVirtualAccount(await body()));
    const vaId = segment(/^\/callback_virtual_accounts\/([^/]+)$/);
    if (vaId !== null && method === 'GET') return sendJson(res, 200, { ...getVirtualAccount(vaId) });
    if (vaId !== null && method === 'PATCH') return sendJson(res, 200, updateVirtualAccount(vaId, await body()));
    const paymentId = segment(/^\/callback_virtual_account_payments\/payment_id=([^/]+)$/);
    if (paymentId !== null && method === 'GET') {
      const payment = vaPayments.get(paymentId);
      if (!payment) throw new XenditError(404, 'CALLBACK_VIRTUAL_ACCOUNT_PAYMENT_NOT_FOUND_ERROR', 'Could not find callback virtual account payment by payment id');
      return sendJson(res, 200, payment);
    }

    if (method === 'POST' && path === '/fixed_payment_code') return sendJson(res, 200, createPaymentCode(await body()));
    const fpcId = segment(/^\/fixed_payment_code\/([^/]+)$/);
    if (fpcId !== null && method === 'GET') return sendJson(res, 200, { ...getPaymentCode(fpcId) });
    if (fpcId !== null && method === 'PATCH') return sendJson(res, 200, updatePaymentCode(fpcId, await body()));

    if (method === 'POST' && path === '/disbursements') {
      const request = await body();
      const key = req.headers['x-idempotency-key'];
      createRequests.push({ externalId: request.external_id, idempotencyKey: Array.isArray(key) ? key[0] : key, at: Date.now() });
      if (lostCreates > 0) {
        lostCreates--;
        return sendJson(res, 500, { error_code: 'SERVER_ERROR', message: 'Error connecting to our server.' });
      }
      const created = createDisbursement(req, request);
      if (serverErrorOnCreate) {
        return sendJson(res, 500, {
          error_code: 'SERVER_ERROR',
          message: 'Error connecting to our server. Please use Get disbursement by external_id API to check whether the disbursement has already been created.',
        });
      }
      return sendJson(res, 200, created);
    }
    if (method === 'GET' && path === '/disbursements' && lookupOverride) return sendJson(res, lookupOverride.status, lookupOverride.body);
    if (method === 'GET' && path === '/disbursements') return sendJson(res, 200, disbursementsByExternalId(url.searchParams.get('external_id')));
    const disbursementId = segment(/^\/disbursements\/([^/]+)$/);
    if (disbursementId !== null && method === 'GET') return sendJson(res, 200, getDisbursement(disbursementId));
    if (method === 'GET' && path === '/available_disbursements_banks') return sendJson(res, 200, DISBURSEMENT_BANKS);

    throw new XenditError(404, 'NOT_FOUND', `${method} ${path} is not a Xendit endpoint this fake serves`);
  }

  const server = await listen(async (req, res) => {
    try {
      await route(req, res);
    } catch (error) {
      if (error instanceof XenditError) return sendJson(res, error.status, { error_code: error.errorCode, message: error.message });
      if (error instanceof BodyParseError) return sendJson(res, 400, { error_code: 'INVALID_JSON_FORMAT', message: error.message });
      console.error('fake-xendit: unexpected error', error);
      sendJson(res, 500, { error_code: 'SERVER_ERROR', message: 'fake-xendit internal error' });
    }
  }, options.port ?? 0);

  return {
    url: server.url,
    onRequest(hook) {
      requestHook = hook;
    },
    setCallbackBaseUrl(url: string) {
      callbackBaseUrl = url.replace(/\/+$/, '');
    },
    payVirtualAccount,
    payRetailCode,
    async resendCallback(body: Record<string, unknown>, path: string): Promise<number> {
      const url = callbackUrl(path);
      if (!url) throw new Error('fake-xendit: no callback base URL set');
      const status = await postJson(url, body, { headers: { 'x-callback-token': options.callbackToken }, signal: timers.signal });
      callbacksSent.push({ path, body, status });
      return status;
    },
    failDisbursementsTo(accountNumber: string, failureCode: string) {
      failuresByAccount.set(accountNumber, failureCode);
    },
    setServerErrorOnCreate(on: boolean) {
      serverErrorOnCreate = on;
    },
    loseNextCreates(count: number) {
      lostCreates = count;
    },
    overrideLookupAnswer(answer) {
      lookupOverride = answer;
    },
    createRequests,
    virtualAccounts,
    paymentCodes,
    disbursements,
    callbacksSent,
    balance: () => cashBalance,
    async close() {
      timers.stop();
      await server.close();
    },
  };
}
