import type { components } from './api/schema';

export type Role = components['schemas']['SessionPersonDto']['role'];

/**
 * What each role may do, for showing people only what they can use. The server decides
 * (src/people/permissions.ts, 403 FORBIDDEN_ERROR); each action here names the operations it
 * needs, and permissions.spec.ts checks these roles against the server's table, so the two
 * cannot drift.
 */
export const ACTIONS = {
  viewWallets: { roles: ['owner', 'developer', 'finance', 'viewer'], operations: ['getMe'] },
  /** The wallet calculation on Home and the statements: movements, open withdrawals, top-ups. */
  viewMovements: { roles: ['owner', 'finance', 'viewer'], operations: ['getStatement', 'listWithdrawals', 'listTopUps'] },
  viewTopUps: { roles: ['owner', 'finance', 'viewer'], operations: ['listTopUps', 'listTopUpBankAccounts'] },
  topUp: { roles: ['owner', 'finance'], operations: ['createTopUp'] },
  viewWithdrawals: { roles: ['owner', 'finance', 'viewer'], operations: ['getWithdrawalAccount', 'listWithdrawals', 'getMe'] },
  /** Request a withdrawal; in development also set the sandbox withdrawal account. */
  withdraw: { roles: ['owner', 'finance'], operations: ['createWithdrawal', 'setWithdrawalAccount'] },
  viewPayments: { roles: ['owner', 'developer', 'finance', 'viewer'], operations: ['findVirtualAccounts', 'findDisbursements'] },
  createPayments: { roles: ['owner', 'developer'], operations: ['createVirtualAccount', 'createRetailPayment'] },
  disburse: { roles: ['owner', 'finance'], operations: ['createDisbursement', 'createBatchDisbursement', 'inquireAccount'] },
  viewCallbacks: { roles: ['owner', 'developer', 'finance', 'viewer'], operations: ['getCallbackUrls'] },
  manageCallbacks: {
    roles: ['owner', 'developer'],
    operations: ['setCallbackUrls', 'testCallbackUrl', 'getCallbackCredentials', 'rotateSigningSecret'],
  },
  viewCallbackLog: { roles: ['owner', 'developer', 'finance', 'viewer'], operations: ['listCallbackEvents', 'getCallbackEvent'] },
  resendCallbacks: { roles: ['owner', 'developer'], operations: ['resendCallbackEvent'] },
  manageKeys: { roles: ['owner', 'developer'], operations: ['listApiKeys', 'rotateApiKey'] },
  useSandbox: {
    roles: ['owner', 'developer'],
    operations: ['simulateVirtualAccountPayment', 'simulateRetailPayment', 'simulateDisbursementDone', 'simulateDisbursementFailed'],
  },
  viewPeople: { roles: ['owner', 'developer', 'finance', 'viewer'], operations: ['listPeople'] },
  managePeople: { roles: ['owner'], operations: ['addPerson', 'changePersonRole', 'removePerson'] },
  viewAudit: { roles: ['owner'], operations: ['listAuditEntries'] },
} satisfies Record<string, { roles: Role[]; operations: string[] }>;

export type Action = keyof typeof ACTIONS;

export function can(role: Role | undefined, action: Action): boolean {
  return role !== undefined && (ACTIONS[action].roles as readonly Role[]).includes(role);
}
