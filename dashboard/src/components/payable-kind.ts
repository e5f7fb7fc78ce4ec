import type { ReactNode } from 'react';
import type { Schemas } from '../api/client';
import type { Messages } from '../i18n/en';
import type { Fact } from './Facts';

/**
 * What the virtual accounts and Alfamart codes pages share: both are "payables" (an amount a
 * payer pays into, identified by a number or code), listed, filtered, created and shown the
 * same way. A `PayableKind` is what differs: its API calls, its own columns and fields.
 */
export type PayableStatus = Schemas['VirtualAccountRecordDto']['status'];
export const PAYABLE_STATUSES: readonly PayableStatus[] = ['unpaid', 'pending', 'done', 'expired'];

export type Payment = Schemas['PaymentDto'];

/** The fields every payable has, as the read endpoints return them. */
export interface PayableRecord {
  id: string;
  external_id: string;
  status: PayableStatus;
  amount: number;
  is_single_use: boolean;
  /** Jakarta wall clock, `YYYY-MM-DD HH:mm:ss`. */
  expiration_date: string;
  /** ISO 8601. */
  created: string;
}

export interface PayableQuery {
  status?: PayableStatus;
  external_id?: string;
  created_after?: string;
  created_before?: string;
  after_id?: string;
  limit: number;
}

/** A bank or retail outlet to create a payable at, with the amounts it takes. */
export interface PayableChannel {
  value: string;
  label: string;
  disabled?: boolean;
  min_amount: number;
  max_amount: number;
}

/** The create form's values, whatever the kind. */
export interface PayableDraft {
  channel: string;
  name: string;
  amount: number;
  external_id: string;
  is_single_use: boolean;
  /** Jakarta wall clock, `YYYY-MM-DD HH:mm:ss`. */
  expiration_date?: string;
}

/** What the "created" card shows of a new payable. */
export interface CreatedPayable {
  id: string;
  external_id: string;
  amount: number;
  channel: string;
  /** What the payer needs: the account number or the payment code. */
  number: string;
}

/** A kind's strings: the same keys in `virtualAccounts` and `retailPayments`. */
export type PayableText = Messages['retailPayments'];

export interface PayableKind<T extends PayableRecord> {
  /** Route segment and query-key part: `/virtual-accounts`, `/retail-payments`. */
  resource: 'virtual-accounts' | 'retail-payments';
  /** Prefix of test ids: `<prefix>-table`, `<prefix>-<external_id>` rows, `<prefix>-created`. */
  testId: string;
  text: () => PayableText;
  /** The kind's own list columns (between external id and amount): header cells and a row's cells. */
  head: () => ReactNode;
  cells: (row: T) => ReactNode;
  /** The kind's own fields on the detail page. */
  fields: (row: T) => Fact[];
  /** The sandbox page with this payable preselected. */
  sandboxPath: (id: string) => string;
  list: (query: PayableQuery) => Promise<T[]>;
  get: (id: string) => Promise<T>;
  payments: (id: string) => Promise<Payment[]>;
  /** Banks or outlets for the create form, and the one selected at first. */
  channels: { queryKey: string; fetch: () => Promise<PayableChannel[]>; initial: string };
  create: (draft: PayableDraft, idempotencyKey: string) => Promise<CreatedPayable>;
}
