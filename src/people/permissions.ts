import type { PersonRole } from '../common/http/dashboard-api';

/**
 * What each role may do in the dashboard: the one table of it (README "Dashboard": roles).
 * Each row is an area, the roles allowed in it besides `owner` (who may do everything), and
 * its operations by their OpenAPI operationId. A merchant-API operation that changes
 * something names the audit action recorded when a signed-in person calls it; dashboard
 * endpoints record their own, with before and after.
 *
 * A session may call only the operations listed here: one missing is refused to every role
 * (test/dashboard-auth.e2e-spec.ts checks every documented operation is listed). API keys
 * are not concerned: a key has full access to its merchant and environment.
 */
export interface AccessRow {
  area: string;
  roles: readonly Exclude<PersonRole, 'owner'>[];
  /** operationId → audit action (merchant API changes), or null. */
  operations: Readonly<Record<string, string | null>>;
}

const EVERYONE = ['developer', 'finance', 'viewer'] as const;

export const ACCESS: readonly AccessRow[] = [
  {
    area: 'Own session and team list',
    roles: EVERYONE,
    operations: { getSession: null, signOut: null, signOutEverywhere: null, changePassword: null, listPeople: null },
  },
  {
    area: 'Reference data (banks, outlets)',
    roles: EVERYONE,
    operations: { listDisbursementBanks: null, listVirtualAccountBanks: null, listRetailOutlets: null },
  },
  { area: 'Wallet balances', roles: EVERYONE, operations: { getMe: null, postMe: null } },
  { area: 'Statements and the wallet calculation', roles: ['finance', 'viewer'], operations: { getStatement: null, getWalletCalculation: null } },
  {
    area: 'Virtual accounts and payment codes: read',
    roles: EVERYONE,
    operations: {
      findVirtualAccounts: null,
      getVirtualAccount: null,
      listVirtualAccountPayments: null,
      findRetailPayments: null,
      getRetailPayment: null,
      listRetailPaymentPayments: null,
    },
  },
  {
    area: 'Virtual accounts and payment codes: create, change',
    roles: ['developer'],
    operations: {
      createVirtualAccount: 'virtual_account.created',
      updateVirtualAccount: 'virtual_account.updated',
      createRetailPayment: 'retail_payment.created',
    },
  },
  {
    area: 'Disbursements: read',
    roles: EVERYONE,
    operations: { findDisbursements: null, getDisbursement: null, getBatchDisbursement: null },
  },
  {
    area: 'Disbursements: send, batch, account inquiry',
    roles: ['finance'],
    operations: {
      createDisbursement: 'disbursement.created',
      createBatchDisbursement: 'batch_disbursement.created',
      inquireAccount: 'account.inquired',
    },
  },
  { area: 'Top-ups: read, bank accounts to pay into', roles: ['finance', 'viewer'], operations: { listTopUps: null, getTopUp: null, listTopUpBankAccounts: null } },
  { area: 'Top-ups: declare', roles: ['finance'], operations: { createTopUp: 'top_up.declared' } },
  {
    area: 'Withdrawals: read',
    roles: ['finance', 'viewer'],
    operations: { getWithdrawalAccount: null, listWithdrawals: null, getWithdrawal: null },
  },
  {
    area: 'Withdrawals: request, sandbox account',
    roles: ['finance'],
    operations: { createWithdrawal: 'withdrawal.requested', setWithdrawalAccount: 'withdrawal_account.updated' },
  },
  {
    area: 'Callbacks: URLs and delivery log, read',
    roles: EVERYONE,
    operations: { getCallbackUrls: null, listCallbackEvents: null, getCallbackEvent: null },
  },
  {
    area: 'Callbacks: set URLs, test, resend; token and signing secret',
    roles: ['developer'],
    operations: {
      setCallbackUrls: 'callback_urls.updated',
      testCallbackUrl: 'callback_url.tested',
      resendCallbackEvent: 'callback_event.resent',
      getCallbackCredentials: null,
      rotateSigningSecret: 'signing_secret.rotated',
    },
  },
  { area: 'API keys: hints, rotate', roles: ['developer'], operations: { listApiKeys: null, rotateApiKey: null } },
  {
    area: 'Sandbox: pay, complete, fail (development)',
    roles: ['developer'],
    operations: {
      simulateVirtualAccountPayment: 'virtual_account.paid_in_sandbox',
      simulateRetailPayment: 'retail_payment.paid_in_sandbox',
      simulateDisbursementDone: 'disbursement.completed_in_sandbox',
      simulateDisbursementFailed: 'disbursement.failed_in_sandbox',
    },
  },
  { area: 'Team: add, change role, remove', roles: [], operations: { addPerson: null, changePersonRole: null, removePerson: null } },
  { area: 'Audit trail', roles: [], operations: { listAuditEntries: null } },
];

interface OperationAccess {
  roles: ReadonlySet<PersonRole>;
  audit: string | null;
}

const BY_OPERATION: ReadonlyMap<string, OperationAccess> = (() => {
  const map = new Map<string, OperationAccess>();
  for (const row of ACCESS) {
    for (const [operationId, audit] of Object.entries(row.operations)) {
      if (map.has(operationId)) throw new Error(`${operationId} is listed twice in the dashboard access table`);
      map.set(operationId, { roles: new Set<PersonRole>(['owner', ...row.roles]), audit });
    }
  }
  return map;
})();

/** Whether a person of that role may call the operation (never one the table does not list). */
export function mayCall(role: PersonRole, operationId: string | undefined): boolean {
  return operationId !== undefined && (BY_OPERATION.get(operationId)?.roles.has(role) ?? false);
}

/** The audit action of a merchant-API operation that changes something, or null. */
export function auditActionOf(operationId: string | undefined): string | null {
  return operationId === undefined ? null : (BY_OPERATION.get(operationId)?.audit ?? null);
}

export function listedOperations(): string[] {
  return [...BY_OPERATION.keys()];
}
