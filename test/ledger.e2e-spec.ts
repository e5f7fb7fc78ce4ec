import { randomUUID } from 'node:crypto';
import { TransactionHost, TransactionNotActiveError } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { DomainError } from '../src/common/errors/domain-error';
import type { MerchantScope } from '../src/common/environment';
import { LedgerService } from '../src/wallets/ledger/ledger.service';
import { MoneyMovementsService } from '../src/wallets/money-movements.service';
import { WalletsService } from '../src/wallets/wallets.service';
import { startTestApp, TestApp } from './support/test-app';
import { pollUntil } from './support/wait';

describe('the ledger on PostgreSQL', () => {
  let t: TestApp;
  let money: MoneyMovementsService;
  let inTransaction: <T>(work: () => Promise<T>) => Promise<T>;

  beforeAll(async () => {
    t = await startTestApp();
    money = t.app.get(MoneyMovementsService);
    const txHost = t.app.get(TransactionHost);
    inTransaction = (work) => txHost.withTransaction(work);
  });
  afterAll(() => t.close());

  async function merchant(): Promise<{ scope: MerchantScope; disburse: string }> {
    const { id } = await t.createMerchant();
    const [{ id: disburse }] = await t.sql<{ id: string }>("SELECT id FROM ledger_accounts WHERE merchant_id = $1 AND environment = 'production' AND kind = 'disburse'", [id]);
    return { scope: { merchantId: id, environment: 'production' }, disburse };
  }

  const topUp = (scope: MerchantScope, amount: number, id = randomUUID()) => inTransaction(() => money.creditTopUp({ id, ...scope, amount }));

  const balancesOf = async (accountId: string) =>
    (await t.sql('SELECT debits_pending, debits_posted, credits_pending, credits_posted FROM ledger_accounts WHERE id = $1', [accountId]))[0];

  /** A system account's four counters as every read sees them: rolled up or not. */
  const systemBalances = async (code: string) =>
    (
      await t.sql<Record<'debits_pending' | 'debits_posted' | 'credits_pending' | 'credits_posted', string>>(
        'SELECT debits_pending::text, debits_posted::text, credits_pending::text, credits_posted::text FROM ledger_account_balances WHERE code = $1',
        [code],
      )
    )[0];

  it('opens an income and a disburse wallet per environment with each merchant', async () => {
    const created = await t.createMerchant();
    const rows = await t.sql<{ environment: string; kind: string }>(
      'SELECT environment, kind FROM ledger_accounts WHERE merchant_id = $1 ORDER BY environment, kind',
      [created.id],
    );
    expect(rows.map((r) => `${r.environment}:${r.kind}`)).toEqual([
      'development:disburse',
      'development:income',
      'production:disburse',
      'production:income',
    ]);
  });

  it('replaying one transfer id 50 times at once makes one transfer', async () => {
    const { scope, disburse } = await merchant();
    const id = randomUUID();
    await Promise.all(Array.from({ length: 50 }, () => topUp(scope, 7_000, id)));
    expect(await t.sql('SELECT id FROM ledger_transfers WHERE id = $1', [`top_up:${id}`])).toHaveLength(1);
    expect(await balancesOf(disburse)).toMatchObject({ credits_posted: 7_000 });
  });

  it('rejects amounts that are not positive whole rupiah', async () => {
    const { scope } = await merchant();
    for (const amount of [0, -1, 1.5, Number.NaN, 2 ** 53]) {
      await expect(topUp(scope, amount)).rejects.toThrow(DomainError);
    }
  });

  it('every posting operation refuses to run outside a transaction', async () => {
    const { scope, disburse } = await merchant();
    await expect(async () => money.creditTopUp({ id: randomUUID(), ...scope, amount: 100 })).rejects.toThrow(TransactionNotActiveError);
    await expect(async () => money.reserveDisbursement(scope, randomUUID(), 100)).rejects.toThrow(TransactionNotActiveError);
    await expect(async () => money.settlePayments([randomUUID()])).rejects.toThrow(TransactionNotActiveError);
    expect(await t.sql('SELECT 1 FROM ledger_transfers WHERE debit_account_id = $1 OR credit_account_id = $1', [disburse])).toHaveLength(0);
  });

  it('refuses to overdraw a merchant wallet, naming what is available', async () => {
    const { scope } = await merchant();
    await topUp(scope, 100);
    const disbursementId = randomUUID();
    const overdraw = inTransaction(() => money.reserveDisbursement(scope, disbursementId, 101));
    await expect(overdraw).rejects.toMatchObject({ code: 'INSUFFICIENT_BALANCE', message: expect.stringContaining('100 available, 101 requested') });
    expect(await t.sql('SELECT id FROM ledger_transfers WHERE id = $1', [`disbursement:${disbursementId}`])).toHaveLength(0);
  });

  it('the CHECK constraint stops an overdraft written directly in SQL', async () => {
    const { disburse } = await merchant();
    await expect(t.sql('UPDATE ledger_accounts SET debits_posted = debits_posted + 1 WHERE id = $1', [disburse])).rejects.toThrow(
      /ledger_accounts_no_overdraft/,
    );
    await expect(t.sql('UPDATE ledger_accounts SET credits_posted = -5 WHERE id = $1', [disburse])).rejects.toThrow(/check constraint/);
  });

  it('posts or voids a reservation exactly once', async () => {
    const { scope, disburse } = await merchant();
    await topUp(scope, 1_000);
    const pendingId = await inTransaction(() => money.reserveDisbursement(scope, randomUUID(), 600));
    expect(await balancesOf(disburse)).toEqual({ debits_pending: 600, debits_posted: 0, credits_pending: 0, credits_posted: 1_000 });

    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => inTransaction(() => (i % 2 ? money.voidPayout(pendingId) : money.postPayout(pendingId)))),
    );
    const [resolution] = await t.sql<{ kind: string }>('SELECT kind FROM ledger_transfers WHERE pending_id = $1', [pendingId]);
    // The winner's replays succeed (same id: a no-op); the other outcome is refused every time.
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    for (const rejected of outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[]) {
      expect(rejected.reason.code).toBe('PENDING_TRANSFER_ALREADY_RESOLVED_ERROR');
    }
    expect(await balancesOf(disburse)).toEqual(
      resolution.kind === 'post_pending'
        ? { debits_pending: 0, debits_posted: 600, credits_pending: 0, credits_posted: 1_000 }
        : { debits_pending: 0, debits_posted: 0, credits_pending: 0, credits_posted: 1_000 },
    );
  });

  it('keeps transfers and entries append-only, movements for system accounts, accounts for ever', async () => {
    const { scope } = await merchant();
    const id = randomUUID();
    await topUp(scope, 1, id);
    await expect(t.sql('UPDATE ledger_transfers SET amount = 2 WHERE id = $1', [`top_up:${id}`])).rejects.toThrow(/append-only/);
    await expect(t.sql('DELETE FROM ledger_entries')).rejects.toThrow(/append-only/);
    await expect(t.sql("INSERT INTO ledger_movements (account_id, transfer_id, debits_pending, debits_posted, credits_pending, credits_posted) SELECT account_id, transfer_id, 0, 0, 0, 1 FROM ledger_entries LIMIT 1")).rejects.toThrow(/system account/);
    await expect(t.sql('DELETE FROM ledger_accounts WHERE code = $1', ['production:fees'])).rejects.toThrow(/append-only/);
  });

  it('never locks or updates a system account per transfer: movements are appended, then rolled up', async () => {
    const { scope, disburse } = await merchant();
    const before = await systemBalances('production:payout');
    // Another session holds every system account row: money keeps moving all the same.
    const blocker = t.app.get(DataSource).createQueryRunner();
    await blocker.startTransaction();
    try {
      await blocker.query('SELECT id FROM ledger_accounts WHERE merchant_id IS NULL FOR UPDATE');
      await topUp(scope, 1_000);
      const reservation = await inTransaction(() => money.reserveDisbursement(scope, randomUUID(), 400));
      await inTransaction(() => money.postPayout(reservation));
      await inTransaction(() => money.recordProviderPayout({ id: randomUUID(), environment: 'production', provider: 'xendit', amount: 400 }));
      expect(await balancesOf(disburse)).toEqual({ debits_pending: 0, debits_posted: 400, credits_pending: 0, credits_posted: 1_000 });
      expect(await systemBalances('production:payout')).toMatchObject({
        credits_posted: String(BigInt(before.credits_posted) + 400n),
        debits_posted: String(BigInt(before.debits_posted) + 400n),
      });
      expect((await t.app.get(WalletsService).checkLedger()).ok).toBe(true);
    } finally {
      await blocker.rollbackTransaction();
      await blocker.release();
    }
    // The roll-up folds every movement into the columns; the balances read the same.
    // rollUp answers 0 also while the app's own roll-up worker holds the lock: go on until none are left.
    const ledger = t.app.get(LedgerService);
    const movementsLeft = async () => (await t.sql('SELECT 1 FROM ledger_movements')).length;
    await pollUntil(async () => (await ledger.rollUp(10_000)) === 0 && (await movementsLeft()) === 0, { timeoutMs: 10_000 });
    expect(await movementsLeft()).toBe(0);
    const [columns] = await t.sql("SELECT debits_posted::text, credits_posted::text FROM ledger_accounts WHERE code = 'production:payout'");
    expect(columns).toEqual({ debits_posted: String(BigInt(before.debits_posted) + 400n), credits_posted: String(BigInt(before.credits_posted) + 400n) });
    expect((await t.app.get(WalletsService).checkLedger()).ok).toBe(true);
  });

  it('rolls up correctly while transfers and other roll-ups run at the same time', async () => {
    const merchants = await Promise.all(Array.from({ length: 5 }, () => merchant()));
    const ledger = t.app.get(LedgerService);
    let moving = true;
    let rolled = 0;
    // Small batches from several callers at once, as several instances would run them.
    const rollUps = Array.from({ length: 4 }, async () => {
      while (moving) rolled += await ledger.rollUp(3);
    });
    const transfers = merchants.map(async ({ scope }) => {
      await topUp(scope, 100_000);
      for (let i = 0; i < 10; i++) {
        const reservation = await inTransaction(() => money.reserveDisbursement(scope, randomUUID(), 1_000));
        await inTransaction(() => (i % 2 ? money.voidPayout(reservation) : money.postPayout(reservation)));
      }
    });
    await Promise.all(transfers);
    moving = false;
    await Promise.all(rollUps);
    expect(rolled).toBeGreaterThan(0);
    expect((await t.app.get(WalletsService).checkLedger()).ok).toBe(true);
    while ((await ledger.rollUp(10_000)) > 0);
    expect((await t.app.get(WalletsService).checkLedger()).ok).toBe(true);
  });

  it('the ledger check finds a balance that does not match its transfers', async () => {
    const { disburse } = await merchant();
    const [{ code }] = await t.sql<{ code: string }>('SELECT code FROM ledger_accounts WHERE id = $1', [disburse]);
    expect((await t.app.get(WalletsService).checkLedger()).ok).toBe(true);
    await t.sql('UPDATE ledger_accounts SET credits_posted = credits_posted + 5 WHERE id = $1', [disburse]);
    const report = await t.app.get(WalletsService).checkLedger();
    await t.sql('UPDATE ledger_accounts SET credits_posted = credits_posted - 5 WHERE id = $1', [disburse]);
    expect(report.ok).toBe(false);
    expect(report.differences).toEqual([{ account_id: disburse, account_code: code, field: 'creditsPosted', stored: 5, expected: 0 }]);
  });
});
