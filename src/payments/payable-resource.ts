import type { Environment } from '../common/environment';
import { formatJakarta } from '../common/jakarta-time';
import { Columns } from '../database/sql';

export type ResourceType = 'virtual_account' | 'retail_payment';
export type ResourceStatus = 'unpaid' | 'pending' | 'done';

/** The columns virtual_accounts and retail_payments share. */
export interface PayableRow {
  id: string;
  merchant_id: string;
  environment: Environment;
  external_id: string;
  name: string;
  expected_amount: number;
  is_single_use: boolean;
  status: ResourceStatus;
  expiration_date: Date;
  provider: string;
  provider_reference: string | null;
  sandbox_pay_at: Date | null;
  created_at: Date;
}

export interface VirtualAccountRow extends PayableRow {
  bank_code: string;
  account_name: string;
  account_number: string;
}

export interface RetailPaymentRow extends PayableRow {
  retail_outlet_name: string;
  payment_code: string;
}

/** The row type of each resource type's table. */
export type PayableRowOf<T extends ResourceType> = T extends 'virtual_account' ? VirtualAccountRow : RetailPaymentRow;

const PAYABLE_COLUMNS = [
  'id', 'merchant_id', 'environment', 'external_id', 'name', 'expected_amount', 'is_single_use', 'status',
  'expiration_date', 'provider', 'provider_reference', 'sandbox_pay_at', 'created_at',
] as const;

export const VIRTUAL_ACCOUNT_COLUMNS = Columns.of<VirtualAccountRow>()(...PAYABLE_COLUMNS, 'bank_code', 'account_name', 'account_number');

export const RETAIL_PAYMENT_COLUMNS = Columns.of<RetailPaymentRow>()(...PAYABLE_COLUMNS, 'retail_outlet_name', 'payment_code');

/** Shown as `expired` once the expiration date passes while still unpaid. */
/** A resource's status as merchants see it. */
export type PayableStatus = ResourceStatus | 'expired';

export function effectiveStatus(row: PayableRow, now = new Date()): ResourceStatus | 'expired' {
  return row.status === 'unpaid' && row.expiration_date <= now ? 'expired' : row.status;
}

/** Why a resource cannot take another payment, or undefined if it can. */
export function paymentRefusal(row: PayableRow, paymentsSoFar: number, now = new Date()): string | undefined {
  if (row.expiration_date <= now) return `it expired at ${formatJakarta(row.expiration_date)} (Asia/Jakarta)`;
  if (row.is_single_use && paymentsSoFar > 0) return 'it is single-use and has already been paid';
  return undefined;
}

export interface VirtualAccountView {
  id: string;
  status: ResourceStatus | 'expired';
  external_id: string;
  bank_code: string;
  account_name: string;
  account_number: string;
  amount: number;
  is_single_use: boolean;
  expiration_date: string;
}

export interface RetailPaymentView {
  id: string;
  status: ResourceStatus | 'expired';
  external_id: string;
  retail_outlet_name: string;
  name: string;
  payment_code: string;
  amount: number;
  is_single_use: boolean;
  expiration_date: string;
}

/** What the read endpoints answer: the spec's shape plus when the resource was created (ISO 8601). */
export type Recorded<View> = View & { created: string };

export function recorded<View>(view: View, row: { created_at: Date }): Recorded<View> {
  return { ...view, created: row.created_at.toISOString() };
}

/** The spec's create-virtual-account response, field for field. */
export function virtualAccountView(row: VirtualAccountRow): VirtualAccountView {
  return {
    id: row.id,
    status: effectiveStatus(row),
    external_id: row.external_id,
    bank_code: row.bank_code,
    account_name: row.account_name,
    account_number: row.account_number,
    amount: row.expected_amount,
    is_single_use: row.is_single_use,
    expiration_date: formatJakarta(row.expiration_date),
  };
}

/** The spec's create-retail-payment response, field for field. */
export function retailPaymentView(row: RetailPaymentRow): RetailPaymentView {
  return {
    id: row.id,
    status: effectiveStatus(row),
    external_id: row.external_id,
    retail_outlet_name: row.retail_outlet_name,
    name: row.name,
    payment_code: row.payment_code,
    amount: row.expected_amount,
    is_single_use: row.is_single_use,
    expiration_date: formatJakarta(row.expiration_date),
  };
}

export function resourceView(type: ResourceType, row: PayableRow): VirtualAccountView | RetailPaymentView {
  return type === 'virtual_account' ? virtualAccountView(row as VirtualAccountRow) : retailPaymentView(row as RetailPaymentRow);
}
