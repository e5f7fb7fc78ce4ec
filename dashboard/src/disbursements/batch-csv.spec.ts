import { checkBatchCsv, type BankLimits } from './batch-csv';

const banks: BankLimits[] = [
  { code: 'BCA', can_disburse: true, min_amount: 10_000, max_amount: 50_000_000 },
  { code: 'BNI', can_disburse: true, min_amount: 10_000, max_amount: 100_000_000 },
  { code: 'XYZ', can_disburse: false, min_amount: 10_000, max_amount: 100_000_000 },
];
const header = 'bank_code,account_number,account_name,amount,description,external_id';

describe('checkBatchCsv: a batch file checked row by row before anything is sent', () => {
  it('accepts a good file, with rupiah written the Indonesian way', () => {
    const result = checkBatchCsv(`\uFEFF${header}\nbca,1234567890,Siti,"Rp 1.500.000",Gaji,pay-1\r\nBNI,98765,Andi,10000,Gaji,pay-2\n\n`, banks);
    expect(result.valid).toBe(true);
    expect(result.rows.map((row) => row.item.amount)).toEqual([1_500_000, 10_000]);
    expect(result.rows[0].item.bank_code).toBe('BCA');
    expect(result.total).toBe(1_510_000);
  });

  it('names every problem of every row, by its line in the file', () => {
    const result = checkBatchCsv(
      [header, 'BCA,12ab,,9999,Gaji,pay-1', 'XYZ,1234567890,Rina,10000,,pay-1', 'BCA,1234567890,Rina,60000000,Gaji,', 'BCA,1234567890,Rina,"10,5",Gaji,pay-4'].join('\n'),
      banks,
    );
    expect(result.valid).toBe(false);
    expect(result.rows.map((row) => [row.line, row.errors])).toEqual([
      [2, ['account_number must be 5 to 34 digits', 'account_name is required', 'amount must be between Rp 10.000 and Rp 50.000.000 for BCA']],
      [3, ['bank_code XYZ is not a bank you can disburse to', 'description is required', 'external_id pay-1 is already used on line 2']],
      [4, ['amount must be between Rp 10.000 and Rp 50.000.000 for BCA', 'external_id is required']],
      [5, ['amount must be a whole number of rupiah']],
    ]);
  });

  it('refuses a file without the columns, empty, or over 1,000 rows', () => {
    expect(checkBatchCsv('bank,amount\nBCA,10000', banks).fileErrors[0]).toBe('Missing columns: bank_code, account_number, account_name, description, external_id');
    expect(checkBatchCsv(header, banks).fileErrors).toContain('The file has no rows.');
    const many = [header, ...Array.from({ length: 1001 }, (_, i) => `BCA,1234567890,Rina,10000,Gaji,pay-${i}`)].join('\n');
    expect(checkBatchCsv(many, banks).fileErrors).toContain('At most 1000 rows per batch; this file has 1001.');
  });
});
