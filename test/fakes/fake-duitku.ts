import { createHash, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyParseError, JsonObject, listen, postJsonWithRetries, readJsonOrFormBody, sendJson, Timers } from './http-helpers';

/**
 * An in-process fake of Duitku's disbursement API as documented in
 * spec/upstream/duitku-disbursement-api.txt: online transfer and clearing (inquiry, then
 * transfer), inquiry status, balance, bank list and the H2H clearing callback. It plays
 * the sandbox's test accounts (the Testing tables) and, unlike the real sandbox, keeps
 * state: balances move, a disburseId transfers once, in-doubt transfers settle later.
 *
 * Duitku reports every outcome as HTTP 200 with a responseCode, so this fake does too.
 */

export interface FakeDuitkuOptions {
  port?: number;
  /** The merchant's user id (sandbox: 3551). */
  userId: number;
  /** The merchant's email (sandbox: DUITKU_SANDBOX_CREDENTIALS.email is fine). */
  email: string;
  secretKey: string;
  /** Default 0. A transfer above the balance answers -510, even to the success account. */
  balance?: number;
  /** Where H2H clearing callbacks go; may be set later with setCallbackUrl. */
  callbackUrl?: string;
  /** Default 300: in-doubt transfers (TO, 68, -100) did move money; inquirystatus answers 68 until then, 00 after. */
  inDoubtResolveMs?: number;
  /** Default 200: delay before an H2H transfer (80) is confirmed by callback. */
  h2hCallbackDelayMs?: number;
}

export interface FakeDuitkuTransfer {
  /** Transfer requests that passed authentication and named this disburseId (repeats answer -142). */
  transferCalls: number;
  /** Whether money moved (the balance was debited). */
  executed: boolean;
  amount: number;
  bankAccount: string;
  /** Clearing type (LLG, RTGS, H2H, BIFAST); null for online transfers. */
  type: string | null;
  /** The code the first transfer request was answered with. */
  responseCode: string;
}

export interface FakeDuitku {
  url: string;
  setCallbackUrl(url: string): void;
  /** Per disburseId: how many transfer requests arrived, and whether money moved. */
  readonly transfers: Map<string, FakeDuitkuTransfer>;
  /** Every authenticated inquiry (online and clearing), in order. */
  readonly inquiries: { bankAccount: string; responseCode: string; disburseId: string | null; type: string | null }[];
  /** Every H2H callback delivery attempt; status 0 means no HTTP answer. */
  readonly callbacksSent: { body: Record<string, unknown>; status: number }[];
  /** The next transfer request (online or clearing) is carried out, then its socket destroyed without an answer. */
  dropNextTransferResponse(): void;
  /**
   * Status inquiries about the transfer of this amount answer `codes` in turn. `reversed`:
   * the bank returned the money (refunded at the first scripted answer, the last code
   * repeats); otherwise the transfer's own state answers once the codes run out.
   */
  scriptStatus(amount: number, codes: string[], options?: { reversed?: boolean }): void;
  /** Money held back (not yet usable): effectiveBalance is the balance less this. */
  holdBalance(amount: number): void;
  balance(): number;
  close(): Promise<void>;
}

/** Duitku's published sandbox merchant (Testing > Merchant Test Disbursement). */
export const DUITKU_SANDBOX_CREDENTIALS = {
  userId: 3551,
  email: 'test@chakratechnology.com',
  secretKey: 'de56f832487bc1ce1de5ff2cfacf8d9486c61da69df6fd61d5537b6b7d6d354d',
} as const;

/** Duitku's signatures: SHA-256 hex of the documented fields concatenated, secret key last. */
export function duitkuSignature(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('')).digest('hex');
}

export interface DuitkuTestRow {
  bankAccount: string;
  responseCode: string;
  description: string;
}

/** Testing > Disbursement Inquiry Test. Any other account passes inquiry (00). */
export const DUITKU_ONLINE_INQUIRY_TABLE: readonly DuitkuTestRow[] = [
  { bankAccount: '8760673566', responseCode: '00', description: 'Success' },
  { bankAccount: '8760673511', responseCode: 'TO', description: 'Time Out' },
  { bankAccount: '8760673512', responseCode: '-100', description: 'Other Error' },
  { bankAccount: '8760673513', responseCode: 'LD', description: 'Link Down' },
  { bankAccount: '8760673514', responseCode: '91', description: 'DB Problem' },
  { bankAccount: '8760673515', responseCode: '89', description: 'Link to host Down' },
];

/** Testing > Disbursement Transfer Test. Any other account transfers (00). */
export const DUITKU_ONLINE_TRANSFER_TABLE: readonly DuitkuTestRow[] = [
  { bankAccount: '8760673566', responseCode: '00', description: 'Success' },
  { bankAccount: '8760673559', responseCode: 'LD', description: 'Link Down' },
  { bankAccount: '8760673560', responseCode: '91', description: 'DB Problem' },
  { bankAccount: '8760673561', responseCode: 'TO', description: 'Time Out' },
  { bankAccount: '8760673562', responseCode: '-510', description: 'Wallet not enough' },
  { bankAccount: '8760673563', responseCode: '89', description: 'Link to host Down' },
  { bankAccount: '8760673564', responseCode: '68', description: 'Time Out' },
  { bankAccount: '8760673565', responseCode: '-100', description: 'Other Error' },
];

/** Testing > Clearing Inquiry Test. Any other account passes clearing inquiry (00). */
export const DUITKU_CLEARING_INQUIRY_TABLE: readonly DuitkuTestRow[] = [
  { bankAccount: '8760673466', responseCode: '00', description: 'Success' },
  { bankAccount: '8760673411', responseCode: 'EE', description: 'General Error' },
  { bankAccount: '8760673412', responseCode: 'TO', description: 'Response time out from ATM Bersama Network' },
  { bankAccount: '8760673413', responseCode: 'LD', description: 'Link problem between Duitku and ATM Bersama Network' },
  { bankAccount: '8760673414', responseCode: 'NF', description: 'Transaction has not recorded on Remittance gateway' },
  { bankAccount: '8760673415', responseCode: '-100', description: 'Other error' },
  { bankAccount: '8760673416', responseCode: '66', description: 'Generic Error' },
  { bankAccount: '8760673417', responseCode: '68', description: 'Time out. When getting this response you need to wait for bank confirmation' },
  { bankAccount: '8760673418', responseCode: '88', description: 'Bill Already Paid' },
  { bankAccount: '8760673419', responseCode: '90', description: 'Invalid Beneficiary or Currency' },
  { bankAccount: '8760673420', responseCode: '91', description: 'Transport Error to Back End' },
];

/**
 * Testing > Clearing Transfer Test. The success account answers 00 for LLG/RTGS/BIFAST
 * and 80 (waiting for callback) for H2H, hence one row per type; the other rows hold for
 * any type. Any other account: 00, or 80 for H2H. (The doc leaves the descriptions of the
 * failure rows empty; these are the Status Code table's.)
 */
export const DUITKU_CLEARING_TRANSFER_TABLE: readonly (DuitkuTestRow & { type?: string })[] = [
  { bankAccount: '8760673466', responseCode: '00', description: 'LLG', type: 'LLG' },
  { bankAccount: '8760673466', responseCode: '00', description: 'RTGS', type: 'RTGS' },
  { bankAccount: '8760673466', responseCode: '00', description: 'BIFAST', type: 'BIFAST' },
  { bankAccount: '8760673466', responseCode: '80', description: 'H2H', type: 'H2H' },
  { bankAccount: '8760673451', responseCode: 'LD', description: 'Link problem between Duitku and ATM Bersama Network' },
  { bankAccount: '8760673452', responseCode: 'NF', description: 'Transaction has not recorded on Remittance gateway' },
  { bankAccount: '8760673453', responseCode: 'TO', description: 'Response time out from ATM Bersama Network' },
  { bankAccount: '8760673454', responseCode: '-510', description: 'Insufficient Fund' },
  { bankAccount: '8760673455', responseCode: '90', description: 'Invalid Beneficiary or Currency' },
  { bankAccount: '8760673456', responseCode: '68', description: 'Time out' },
  { bankAccount: '8760673457', responseCode: '91', description: 'Transport Error to Back End' },
];

/**
 * responseDesc per code: the Status Code table, then the Vendor Response Code table for
 * the bank-side codes, and the Testing table for 89 (in no other table). 00 is "Success"
 * as in every response example.
 */
const DESCRIPTIONS: Record<string, string> = {
  '00': 'Success',
  EE: 'General Error.',
  TO: 'Response time out from ATM Bersama Network (Do not retry).',
  LD: 'Link problem between Duitku and ATM Bersama Network.',
  NF: 'Transaction has not recorded on Remittance gateway.',
  '76': 'Invalid destination account.',
  '80': 'Waiting for callback.',
  '-100': 'Other Error (Do not retry).',
  '-120': 'User not found.',
  '-123': 'User has been blocked.',
  '-141': 'Amount transfer Invalid.',
  '-142': 'Transaction Already Finished.',
  '-148': 'Bank not support H2H.',
  '-149': 'Bank not found.',
  '-161': 'Callback URL not found.',
  '-191': 'Wrong signature.',
  '-192': 'Account number is blacklisted.',
  '-213': 'Email is not valid.',
  '-420': 'Transfer not Found.',
  '-510': 'Insufficient Fund.',
  '-920': 'Limit Exceeded.',
  '-930': 'IP not whitelisted.',
  '-951': 'Time Out Vendor.',
  '-952': 'Invalid Parameter.',
  '-960': 'Timestamp is expired ( 5 minutes ).',
  '66': 'Generic error.',
  '68': 'Response received too late / Time out When getting this response you need to wait for bank confirmation (Do not retry).',
  '88': 'Bill already paid.',
  '89': 'Link to host Down.',
  '90': 'Invalid Beneficiary or Currency.',
  '91': 'Transport Error to Back End.',
};

function describe(code: string): string {
  return DESCRIPTIONS[code] ?? 'General Error.';
}

const BANKS = [
  { bankCode: '014', bankName: 'BANK CENTRAL ASIA', maxAmountTransfer: '50000000' },
  { bankCode: '002', bankName: 'BANK BRI', maxAmountTransfer: '100000000' },
  { bankCode: '009', bankName: 'BANK BNI', maxAmountTransfer: '100000000' },
  { bankCode: '008', bankName: 'BANK MANDIRI', maxAmountTransfer: '100000000' },
];

const CLEARING_TYPES = new Set(['LLG', 'RTGS', 'H2H', 'BIFAST']);
const RTGS_MIN_AMOUNT = 100_000_000;
const LLG_MAX_AMOUNT = 1_000_000_000;
const TIMESTAMP_TOLERANCE_MS = 5 * 60 * 1000;
/** Transfer codes after which the money did move, though the answer does not say so yet. */
const IN_DOUBT = new Set(['TO', '68', '-100']);
/** "Retry up to 3 times": the first delivery and three retries. */
const H2H_CALLBACK_ATTEMPTS = 4;
const H2H_CALLBACK_RETRY_DELAY_MS = 100;

const tableOf = (rows: readonly DuitkuTestRow[]) => new Map(rows.map((row) => [row.bankAccount, row.responseCode]));
const ONLINE_INQUIRY_CODES = tableOf(DUITKU_ONLINE_INQUIRY_TABLE);
const ONLINE_TRANSFER_CODES = tableOf(DUITKU_ONLINE_TRANSFER_TABLE);
const CLEARING_INQUIRY_CODES = tableOf(DUITKU_CLEARING_INQUIRY_TABLE);
/** The type-independent rows; the 466 success account falls to the default (00, or 80 for H2H). */
const CLEARING_TRANSFER_CODES = tableOf(DUITKU_CLEARING_TRANSFER_TABLE.filter((row) => row.type === undefined));

/** What an answered inquiry fixed: a transfer must repeat it exactly. */
interface Inquiry {
  disburseId: string;
  kind: 'online' | 'clearing';
  type: string | null;
  bankCode: string;
  bankAccount: string;
  amount: number;
  accountName: string;
  custRefNumber: string;
}

/** A request answered with a responseCode before any business logic ran. */
class DuitkuRejection extends Error {
  constructor(readonly responseCode: string) {
    super(describe(responseCode));
  }
}

const present = (value: unknown) => value !== undefined && value !== null && value !== '';
const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

export async function startFakeDuitku(options: FakeDuitkuOptions): Promise<FakeDuitku> {
  const timers = new Timers();
  const inDoubtResolveMs = options.inDoubtResolveMs ?? 300;
  const h2hCallbackDelayMs = options.h2hCallbackDelayMs ?? 200;
  let callbackUrl = options.callbackUrl;
  let walletBalance = options.balance ?? 0;
  let dropNextTransfer = false;
  let held = 0;
  const statusScripts = new Map<number, { codes: string[]; reversed: boolean; answered: number }>();
  let lastDisburseId = 100_000 + randomInt(800_000);
  let lastCustRef = 1_000 + randomInt(9_000);

  const inquiriesById = new Map<string, Inquiry>();
  const transfers = new Map<string, FakeDuitkuTransfer>();
  /** Per executed transfer: until when it is in doubt (68), and whether its H2H callback is still due (80). */
  const settling = new Map<string, { resolveAt: number | null; awaitingCallback: boolean }>();
  const inquiries: FakeDuitku['inquiries'] = [];
  const callbacksSent: FakeDuitku['callbacksSent'] = [];

  /**
   * The checks every endpoint shares, in order: required parameters and string(255) lengths (-952), the merchant
   * (-120), the signature over the documented fields (-191), the 5-minute timestamp window (-960).
   */
  function authenticate(body: JsonObject, required: string[], signed: (string | number)[]): void {
    for (const field of ['userId', 'email', 'timestamp', 'signature', ...required]) {
      if (!present(body[field])) throw new DuitkuRejection('-952');
    }
    // The documented string(255) fields.
    for (const field of ['email', 'bankAccount', 'accountName', 'custRefNumber', 'purpose', 'disburseId', 'senderName']) {
      if (Array.from(text(body[field])).length > 255) throw new DuitkuRejection('-952');
    }
    if (String(body.userId) !== String(options.userId) || String(body.email) !== options.email) throw new DuitkuRejection('-120');
    if (String(body.signature).toLowerCase() !== duitkuSignature(...signed, options.secretKey)) throw new DuitkuRejection('-191');
    const timestamp = Number(body.timestamp);
    if (!Number.isFinite(timestamp) || Math.abs(Date.now() - timestamp) > TIMESTAMP_TOLERANCE_MS) throw new DuitkuRejection('-960');
  }

  /** amountTransfer: an integer number of rupiah ("No decimal code and no decimal digit"). */
  function amountOf(body: JsonObject): number {
    const amount = Number(body.amountTransfer);
    if (!Number.isInteger(amount) || amount <= 0) throw new DuitkuRejection('-141');
    return amount;
  }

  function checkBankCode(bankCode: string): void {
    if (!/^\d{3,4}$/.test(bankCode)) throw new DuitkuRejection('-149');
  }

  // ---- Inquiry (online and clearing) ----

  function inquire(body: JsonObject, kind: 'online' | 'clearing'): JsonObject {
    const purpose = text(body.purpose); // optional: absent signs as ''
    const type = kind === 'clearing' ? text(body.type) : null;
    if (kind === 'online') {
      authenticate(body, ['bankCode', 'bankAccount', 'amountTransfer'], [text(body.email), text(body.timestamp), text(body.bankCode), text(body.bankAccount), text(body.amountTransfer), purpose]);
    } else {
      authenticate(body, ['bankCode', 'bankAccount', 'amountTransfer', 'type'], [
        text(body.email), text(body.timestamp), text(body.bankCode), text(type), text(body.bankAccount), text(body.amountTransfer), purpose,
      ]);
    }
    const bankCode = text(body.bankCode);
    const bankAccount = text(body.bankAccount);
    const record = (responseCode: string, disburseId: string | null) => inquiries.push({ bankAccount, responseCode, disburseId, type });
    const echo = { email: options.email, bankCode, bankAccount, amountTransfer: Number(body.amountTransfer) };
    try {
      if (type !== null && !CLEARING_TYPES.has(type)) throw new DuitkuRejection('-952');
      checkBankCode(bankCode);
      const amount = amountOf(body);
      if (type === 'RTGS' && amount < RTGS_MIN_AMOUNT) throw new DuitkuRejection('-141');
      if (type === 'LLG' && amount > LLG_MAX_AMOUNT) throw new DuitkuRejection('-141');
      const code = (kind === 'online' ? ONLINE_INQUIRY_CODES : CLEARING_INQUIRY_CODES).get(bankAccount) ?? '00';
      if (code !== '00') {
        record(code, null);
        return { ...echo, ...(type ? { type } : {}), responseCode: code, responseDesc: describe(code) };
      }
      const disburseId = String(++lastDisburseId);
      // The clearing request may bring its own custRefNumber (the doc's example echoes it).
      const custRefNumber = kind === 'clearing' && present(body.custRefNumber) ? text(body.custRefNumber) : String(++lastCustRef).padStart(12, '0');
      const inquiry: Inquiry = { disburseId, kind, type, bankCode, bankAccount, amount, accountName: 'Test Account', custRefNumber };
      inquiriesById.set(disburseId, inquiry);
      record('00', disburseId);
      return {
        ...echo,
        amountTransfer: amount,
        accountName: inquiry.accountName,
        custRefNumber,
        disburseId: Number(disburseId),
        ...(type ? { type } : {}),
        responseCode: '00',
        responseDesc: describe('00'),
      };
    } catch (error) {
      if (!(error instanceof DuitkuRejection)) throw error;
      record(error.responseCode, null);
      return { ...echo, ...(type ? { type } : {}), responseCode: error.responseCode, responseDesc: error.message };
    }
  }

  // ---- Transfer (online and clearing) ----

  function transfer(body: JsonObject, kind: 'online' | 'clearing'): JsonObject {
    const purpose = text(body.purpose);
    const type = kind === 'clearing' ? text(body.type) : null;
    const fields = ['disburseId', 'bankCode', 'bankAccount', 'amountTransfer', 'accountName', 'custRefNumber'];
    const f = (field: string) => text(body[field]);
    if (kind === 'online') {
      authenticate(body, fields, [
        f('email'), f('timestamp'), f('bankCode'), f('bankAccount'), f('accountName'), f('custRefNumber'), f('amountTransfer'), purpose, f('disburseId'),
      ]);
    } else {
      authenticate(body, [...fields, 'type'], [
        f('email'), f('timestamp'), f('bankCode'), text(type), f('bankAccount'), f('accountName'), f('custRefNumber'), f('amountTransfer'), purpose, f('disburseId'),
      ]);
    }
    const disburseId = f('disburseId');
    const inquiry = inquiriesById.get(disburseId);
    if (!inquiry || inquiry.kind !== kind) throw new DuitkuRejection('-420');
    // The transfer must carry exactly what the inquiry answered.
    if (
      f('bankCode') !== inquiry.bankCode ||
      f('bankAccount') !== inquiry.bankAccount ||
      Number(body.amountTransfer) !== inquiry.amount ||
      f('accountName') !== inquiry.accountName ||
      f('custRefNumber') !== inquiry.custRefNumber ||
      type !== inquiry.type
    ) {
      throw new DuitkuRejection('-952');
    }
    const answer = (code: string) => ({
      email: options.email,
      bankCode: inquiry.bankCode,
      bankAccount: inquiry.bankAccount,
      amountTransfer: inquiry.amount,
      accountName: inquiry.accountName,
      custRefNumber: inquiry.custRefNumber,
      ...(type ? { type } : {}),
      responseCode: code,
      responseDesc: describe(code),
    });

    const previous = transfers.get(disburseId);
    if (previous) {
      // Duitku has no idempotency key: the disburseId is the guard, and a second request moves nothing.
      previous.transferCalls++;
      return answer('-142');
    }

    let code: string;
    if (inquiry.amount > walletBalance - held) code = '-510';
    else if (kind === 'online') code = ONLINE_TRANSFER_CODES.get(inquiry.bankAccount) ?? '00';
    else code = CLEARING_TRANSFER_CODES.get(inquiry.bankAccount) ?? (type === 'H2H' ? '80' : '00');

    const executed = code === '00' || code === '80' || IN_DOUBT.has(code);
    transfers.set(disburseId, { transferCalls: 1, executed, amount: inquiry.amount, bankAccount: inquiry.bankAccount, type, responseCode: code });
    if (executed) {
      walletBalance -= inquiry.amount;
      settling.set(disburseId, { resolveAt: IN_DOUBT.has(code) ? Date.now() + inDoubtResolveMs : null, awaitingCallback: code === '80' });
      if (code === '80') timers.after(h2hCallbackDelayMs, () => confirmH2H(inquiry));
    }
    return answer(code);
  }

  /** The bank confirmed an H2H transfer: the status turns 00, then the documented callback goes out. */
  async function confirmH2H(inquiry: Inquiry): Promise<void> {
    settling.get(inquiry.disburseId)!.awaitingCallback = false;
    if (!callbackUrl) return;
    const { email, userId, secretKey } = options;
    const { disburseId, bankCode, bankAccount, amount, accountName, custRefNumber } = inquiry;
    const body: JsonObject = {
      disburseId,
      userId,
      email,
      bankCode,
      bankAccount,
      amountTransfer: amount,
      accountName,
      custRefNumber,
      statusCode: '00',
      statusDesc: 'Success',
      errorMessage: '',
      signature: duitkuSignature(email, bankCode, bankAccount, accountName, custRefNumber, amount, disburseId, secretKey),
    };
    await postJsonWithRetries(callbackUrl, body, {
      attempts: H2H_CALLBACK_ATTEMPTS,
      delayMs: H2H_CALLBACK_RETRY_DELAY_MS,
      timers,
      onAttempt: (status) => callbacksSent.push({ body, status }),
    });
  }

  // ---- Inquiry status, balance, banks ----

  function statusCodeOf(disburseId: string): string {
    const entry = transfers.get(disburseId);
    if (!entry) return '-420'; // unknown, or inquired but never transferred
    if (!entry.executed) return entry.responseCode;
    const state = settling.get(disburseId)!;
    if (state.awaitingCallback) return '80';
    if (state.resolveAt !== null && Date.now() < state.resolveAt) return '68';
    return '00';
  }

  /** The scripted answer for this transfer's next status inquiry, if any (reversing it when told). */
  function scriptedStatus(disburseId: string): string | undefined {
    const entry = transfers.get(disburseId);
    const script = entry && statusScripts.get(entry.amount);
    if (!entry || !script) return undefined;
    if (script.reversed && entry.executed) {
      entry.executed = false;
      walletBalance += entry.amount;
      settling.delete(disburseId);
    }
    if (script.answered < script.codes.length) return script.codes[script.answered++];
    return script.reversed ? script.codes[script.codes.length - 1] : undefined;
  }

  function inquiryStatus(body: JsonObject): JsonObject {
    authenticate(body, ['disburseId'], [text(body.email), text(body.timestamp), text(body.disburseId)]);
    const disburseId = text(body.disburseId);
    const inquiry = inquiriesById.get(disburseId);
    if (!inquiry) throw new DuitkuRejection('-420');
    const code = scriptedStatus(disburseId) ?? statusCodeOf(disburseId);
    const { bankCode, bankAccount, amount, accountName, custRefNumber } = inquiry;
    return { bankCode, bankAccount, amountTransfer: amount, accountName, custRefNumber, responseCode: code, responseDesc: describe(code) };
  }

  function checkBalance(body: JsonObject): JsonObject {
    authenticate(body, [], [text(body.email), text(body.timestamp)]);
    return { email: options.email, userId: options.userId, balance: walletBalance, effectiveBalance: walletBalance - held, responseCode: '00', responseDesc: describe('00') };
  }

  function listBank(body: JsonObject): JsonObject {
    authenticate(body, [], [text(body.email), text(body.timestamp)]);
    return { responseCode: '00', responseDesc: describe('00'), Banks: BANKS };
  }

  // ---- HTTP ----

  /** Operation names, sandbox and production spellings alike (listBank matched case-insensitively). */
  const OPERATIONS: Record<string, (body: JsonObject) => JsonObject> = {
    inquiry: (body) => inquire(body, 'online'),
    inquirysandbox: (body) => inquire(body, 'online'),
    transfer: (body) => transfer(body, 'online'),
    transfersandbox: (body) => transfer(body, 'online'),
    inquiryclearing: (body) => inquire(body, 'clearing'),
    inquiryclearingsandbox: (body) => inquire(body, 'clearing'),
    transferclearing: (body) => transfer(body, 'clearing'),
    transferclearingsandbox: (body) => transfer(body, 'clearing'),
    inquirystatus: inquiryStatus,
    checkbalance: checkBalance,
    listbank: listBank,
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake-duitku').pathname.replace(/\/+$/, '');
    const match = /^\/webapi\/api\/disbursement\/([A-Za-z]+)$/.exec(path);
    const name = match?.[1].toLowerCase() ?? '';
    const operation = Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
    if (req.method !== 'POST' || !operation) {
      return sendJson(res, 404, { Message: `No HTTP resource was found that matches the request URI '${path}'.` });
    }
    const isTransfer = name.startsWith('transfer');
    // Taken by whichever transfer request comes next, however it ends.
    const drop = isTransfer && dropNextTransfer;
    if (drop) dropNextTransfer = false;

    let answer: JsonObject;
    try {
      answer = operation(await readJsonOrFormBody(req));
    } catch (error) {
      if (error instanceof DuitkuRejection) answer = { responseCode: error.responseCode, responseDesc: error.message };
      else if (error instanceof BodyParseError) answer = { responseCode: '-952', responseDesc: describe('-952') };
      else throw error;
    }
    // The transfer went through; only the answer is lost, as on a connection reset.
    if (drop) {
      req.socket.destroy();
      return;
    }
    sendJson(res, 200, answer);
  }

  const server = await listen(handle, options.port ?? 0);

  return {
    url: server.url,
    setCallbackUrl(url: string) {
      callbackUrl = url;
    },
    transfers,
    inquiries,
    callbacksSent,
    dropNextTransferResponse() {
      dropNextTransfer = true;
    },
    scriptStatus(amount, codes, scriptOptions = {}) {
      statusScripts.set(amount, { codes, reversed: scriptOptions.reversed ?? false, answered: 0 });
    },
    holdBalance(amount) {
      held = amount;
    },
    balance: () => walletBalance,
    async close() {
      timers.stop();
      await server.close();
    },
  };
}
