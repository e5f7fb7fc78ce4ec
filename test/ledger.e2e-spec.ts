import { TransactionHost } from '@nestjs-cls/transactional';
import { DomainError } from '../src/common/errors/domain-error';
import { LedgerService } from '../src/wallets/ledger/ledger.service';
import type { LedgerAccount } from '../src/wallets/ledger/ledger.types';
import { startTestApp, TestApp } from './support/test-app';

describe('LedgerService on PostgreSQL', () => {
  let t: TestApp;
  let ledger: LedgerService;
  let inTransaction: <T>(work: () => Promise<T>) => Promise<T>;

  beforeAll(async () => {
    t = await startTestApp();
    ledger = t.app.get(LedgerService);
    const txHost = t.app.get(TransactionHost);
    inTransaction = (work) => txHost.withTransaction(work);
  });
  afterAll(() => t.close());

  async function wallets(): Promise<{ bank: LedgerAccount; disburse: LedgerAccount; payout: LedgerAccount }> {
    const merchant = await t.createMerchant();
    return {
      bank: await ledger.systemAccount('production', 'top_up_bank'),
      disburse: await ledger.merchantWallet(merchant.id, 'production', 'disburse'),
      payout: await ledger.systemAccount('production', 'payout'),
    };
  }

  const balancesOf = async (accountId: string) =>
    (await t.sql('SELECT debits_pending, debits_posted, credits_pending, credits_posted FROM ledger_accounts WHERE id = $1', [accountId]))[0];

  it('opens an income and a disburse wallet per environment with each merchant', async () => {
    const merchant = await t.createMerchant();
    const rows = await t.sql<{ environment: string; kind: string }>(
      'SELECT environment, kind FROM ledger_accounts WHERE merchant_id = $1 ORDER BY environment, kind',
      [merchant.id],
    );
    expect(rows.map((r) => `${r.environment}:${r.kind}`)).toEqual([
      'development:disburse',
      'development:income',
      'production:disburse',
      'production:income',
    ]);
  });

  it('replaying one transfer id 50 times at once makes one transfer', async () => {
    const { bank, disburse } = await wallets();
    const transfer = { id: `replay:${disburse.id}`, debitAccountId: bank.id, creditAccountId: disburse.id, amount: 7_000, code: 'top_up' as const, reference: 'r' };
    const results = await Promise.all(Array.from({ length: 50 }, () => inTransaction(() => ledger.createTransfer(transfer))));
    expect(new Set(results.map((r) => r.id))).toEqual(new Set([transfer.id]));
    expect(await t.sql('SELECT id FROM ledger_transfers WHERE id = $1', [transfer.id])).toHaveLength(1);
    expect(await balancesOf(disburse.id)).toMatchObject({ credits_posted: 7_000 });
  });

  it('rejects amounts that are not positive whole rupiah', async () => {
    const { bank, disburse } = await wallets();
    for (const amount of [0, -1, 1.5, Number.NaN, 2 ** 53]) {
      const attempt = ledger.createTransfer({ id: `bad:${amount}:${disburse.id}`, debitAccountId: bank.id, creditAccountId: disburse.id, amount, code: 'top_up', reference: 'r' });
      await expect(attempt).rejects.toThrow(DomainError);
    }
  });

  it('refuses to overdraw a merchant wallet, naming what is available', async () => {
    const { bank, disburse, payout } = await wallets();
    await inTransaction(() => ledger.createTransfer({ id: `fund:${disburse.id}`, debitAccountId: bank.id, creditAccountId: disburse.id, amount: 100, code: 'top_up', reference: 'r' }));
    const overdraw = inTransaction(() =>
      ledger.createTransfer({ id: `over:${disburse.id}`, debitAccountId: disburse.id, creditAccountId: payout.id, amount: 101, code: 'disbursement', reference: 'r', pending: true }),
    );
    await expect(overdraw).rejects.toMatchObject({ code: 'INSUFFICIENT_BALANCE', message: expect.stringContaining('100 available, 101 requested') });
    expect(await t.sql('SELECT id FROM ledger_transfers WHERE id = $1', [`over:${disburse.id}`])).toHaveLength(0);
  });

  it('the CHECK constraint stops an overdraft written directly in SQL', async () => {
    const { disburse } = await wallets();
    await expect(t.sql('UPDATE ledger_accounts SET debits_posted = debits_posted + 1 WHERE id = $1', [disburse.id])).rejects.toThrow(
      /ledger_accounts_no_overdraft/,
    );
    await expect(t.sql('UPDATE ledger_accounts SET credits_posted = -5 WHERE id = $1', [disburse.id])).rejects.toThrow(/check constraint/);
  });

  it('posts or voids a reservation exactly once', async () => {
    const { bank, disburse, payout } = await wallets();
    await inTransaction(() => ledger.createTransfer({ id: `fund2:${disburse.id}`, debitAccountId: bank.id, creditAccountId: disburse.id, amount: 1_000, code: 'top_up', reference: 'r' }));
    const pendingId = `hold:${disburse.id}`;
    await inTransaction(() => ledger.createTransfer({ id: pendingId, debitAccountId: disburse.id, creditAccountId: payout.id, amount: 600, code: 'disbursement', reference: 'r', pending: true }));
    expect(await balancesOf(disburse.id)).toEqual({ debits_pending: 600, debits_posted: 0, credits_pending: 0, credits_posted: 1_000 });

    const posts = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        inTransaction(() => (i % 2 ? ledger.voidPending({ id: `${pendingId}:void`, pendingId }) : ledger.postPending({ id: `${pendingId}:post`, pendingId }))),
      ),
    );
    const fulfilled = posts.filter((p) => p.status === 'fulfilled') as PromiseFulfilledResult<{ kind: string }>[];
    expect(new Set(fulfilled.map((p) => p.value.kind)).size).toBe(1);
    for (const rejected of posts.filter((p) => p.status === 'rejected') as PromiseRejectedResult[]) {
      expect(rejected.reason.code).toBe('PENDING_TRANSFER_ALREADY_RESOLVED_ERROR');
    }
    const resolution = fulfilled[0].value.kind;
    expect(await balancesOf(disburse.id)).toEqual(
      resolution === 'post_pending'
        ? { debits_pending: 0, debits_posted: 600, credits_pending: 0, credits_posted: 1_000 }
        : { debits_pending: 0, debits_posted: 0, credits_pending: 0, credits_posted: 1_000 },
    );
  });

  it('keeps transfers and entries append-only', async () => {
    const { bank, disburse } = await wallets();
    await inTransaction(() => ledger.createTransfer({ id: `kept:${disburse.id}`, debitAccountId: bank.id, creditAccountId: disburse.id, amount: 1, code: 'top_up', reference: 'r' }));
    await expect(t.sql('UPDATE ledger_transfers SET amount = 2 WHERE id = $1', [`kept:${disburse.id}`])).rejects.toThrow(/append-only/);
    await expect(t.sql('DELETE FROM ledger_entries')).rejects.toThrow(/append-only/);
  });

  it('the ledger check finds a balance that does not match its transfers', async () => {
    const { disburse } = await wallets();
    expect((await ledger.check()).ok).toBe(true);
    await t.sql('UPDATE ledger_accounts SET credits_posted = credits_posted + 5 WHERE id = $1', [disburse.id]);
    const report = await ledger.check();
    await t.sql('UPDATE ledger_accounts SET credits_posted = credits_posted - 5 WHERE id = $1', [disburse.id]);
    expect(report.ok).toBe(false);
    expect(report.differences).toEqual([
      { account_id: disburse.id, account_code: disburse.code, field: 'creditsPosted', stored: 5, expected: 0 },
    ]);
  });
});
