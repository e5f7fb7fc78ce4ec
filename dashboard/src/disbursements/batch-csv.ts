import Papa from 'papaparse';

/**
 * A batch disbursement file, checked row by row in the browser before anything is sent,
 * with the same rules as the API (CreateDisbursementDto, the bank's limits, at most 1,000
 * items, each external_id once). Pure: unit-tested in batch-csv.spec.ts.
 */
export const BATCH_COLUMNS = ['bank_code', 'account_number', 'account_name', 'amount', 'description', 'external_id'] as const;
export const MAX_BATCH_ROWS = 1000;

export interface BankLimits {
  code: string;
  can_disburse: boolean;
  min_amount: number;
  max_amount: number;
}

export interface BatchItem {
  bank_code: string;
  account_number: string;
  account_name: string;
  amount: number;
  description: string;
  external_id: string;
}

export interface CheckedRow {
  /** Line in the file (the header is line 1). */
  line: number;
  item: BatchItem;
  errors: string[];
}

export interface CheckedFile {
  /** Problems with the file as a whole (columns, size). */
  fileErrors: string[];
  rows: CheckedRow[];
  valid: boolean;
  total: number;
}

const rupiah = (amount: number) => `Rp ${new Intl.NumberFormat('id-ID').format(amount)}`;

export function checkBatchCsv(text: string, banks: BankLimits[]): CheckedFile {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (header) => header.trim().toLowerCase(),
  });
  const fileErrors: string[] = [];
  const columns = parsed.meta.fields ?? [];
  const missing = BATCH_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0) fileErrors.push(`Missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);
  if (parsed.data.length === 0) fileErrors.push('The file has no rows.');
  if (parsed.data.length > MAX_BATCH_ROWS) fileErrors.push(`At most ${MAX_BATCH_ROWS} rows per batch; this file has ${parsed.data.length}.`);
  const byCode = new Map(banks.map((bank) => [bank.code, bank]));
  const seen = new Map<string, number>();
  const rows = parsed.data.map((record, index): CheckedRow => {
    const line = index + 2;
    const value = (column: string) => (record[column] ?? '').trim();
    const amountText = value('amount').replace(/^rp\s*/i, '').replace(/[.,\s](?=\d{3}(\D|$))/g, '');
    const item: BatchItem = {
      bank_code: value('bank_code').toUpperCase(),
      account_number: value('account_number'),
      account_name: value('account_name'),
      amount: /^\d+$/.test(amountText) ? Number(amountText) : NaN,
      description: value('description'),
      external_id: value('external_id'),
    };
    const errors: string[] = [];
    const bank = byCode.get(item.bank_code);
    if (!item.bank_code) errors.push('bank_code is required');
    else if (!bank || !bank.can_disburse) errors.push(`bank_code ${item.bank_code} is not a bank you can disburse to`);
    if (!/^[0-9]{5,34}$/.test(item.account_number)) errors.push('account_number must be 5 to 34 digits');
    if (!item.account_name) errors.push('account_name is required');
    else if (item.account_name.length > 255) errors.push('account_name must be at most 255 characters');
    if (!Number.isSafeInteger(item.amount)) errors.push('amount must be a whole number of rupiah');
    else if (bank && (item.amount < bank.min_amount || item.amount > bank.max_amount)) {
      errors.push(`amount must be between ${rupiah(bank.min_amount)} and ${rupiah(bank.max_amount)} for ${bank.code}`);
    }
    if (!item.description) errors.push('description is required');
    else if (item.description.length > 500) errors.push('description must be at most 500 characters');
    if (!item.external_id) errors.push('external_id is required');
    else if (item.external_id.length > 255) errors.push('external_id must be at most 255 characters');
    else if (seen.has(item.external_id)) errors.push(`external_id ${item.external_id} is already used on line ${seen.get(item.external_id)}`);
    else seen.set(item.external_id, line);
    return { line, item, errors };
  });
  for (const error of parsed.errors) {
    const row = error.row !== undefined ? rows[error.row] : undefined;
    if (row) row.errors.push(error.message);
    else fileErrors.push(error.message);
  }
  const valid = fileErrors.length === 0 && rows.every((row) => row.errors.length === 0);
  const total = rows.reduce((sum, row) => sum + (Number.isSafeInteger(row.item.amount) ? row.item.amount : 0), 0);
  return { fileErrors, rows, valid, total };
}
