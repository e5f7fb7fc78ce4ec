import { randomUUID } from 'node:crypto';
import type { Environment } from '../../src/common/environment';
import { IdempotencyModule } from '../../src/idempotency/idempotency.module';
import { PaymentsService } from '../../src/payments/recording/payments.service';
import { VirtualAccountsService } from '../../src/payments/virtual-accounts/virtual-accounts.service';
import { SettlementRunDetail, SettlementService } from '../../src/settlement/settlement.service';
import { SettlementModule } from '../../src/settlement/settlement.module';
import { WalletsService } from '../../src/wallets/wallets.service';
import { createMerchant, MERCHANT_MODULES, productionVirtualAccount } from '../support/module-fixtures';
import { ModuleHarness, startModules } from '../support/module-harness';

/**
 * The daily settlement, driven through SettlementService on a real database (no scheduler,
 * no sandbox worker): payments recorded through PaymentsService, as the sandbox and the
 * provider webhooks record them, for several merchants before and after a business date's
 * cutoff (14:00 Asia/Jakarta, the default), then that date's production run, run again,
 * and the next date's.
 */

jest.setTimeout(60_000);

const DAY = 24 * 3600_000;
const jakartaDate = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);
/** The business date under test, and the dates around it; every one's cutoff has passed. */
const PREVIOUS = jakartaDate(Date.now() - 4 * DAY);
const DATE = jakartaDate(Date.now() - 3 * DAY);
const NEXT = jakartaDate(Date.now() - 2 * DAY);
const at = (date: string, time: string) => new Date(`${date}T${time}+07:00`);

type Merchant = 'alfa' | 'bravo' | 'charlie' | 'delta';

/** Every payment received; `delta`'s is a development (sandbox) payment, which no production run settles. */
const PAYMENTS: [merchant: Merchant, paidAt: Date, amount: number][] = [
  ['alfa', at(PREVIOUS, '20:00:00'), 110_000], // after the previous date's cutoff: this date's
  ['alfa', at(DATE, '09:00:00'), 120_000],
  ['alfa', at(DATE, '13:59:59.999'), 130_000], // the last moment before the cutoff
  ['alfa', at(DATE, '14:00:00'), 140_000], // at the cutoff: the next date's
  ['bravo', at(DATE, '08:00:00'), 210_000],
  ['bravo', at(DATE, '15:00:00'), 220_000],
  ['charlie', at(DATE, '18:00:00'), 310_000], // only after the cutoff
  ['delta', at(DATE, '09:00:00'), 410_000],
];

/** Each run's per-merchant totals, by hand from the table above. */
const SETTLED_ON_DATE = { alfa: { count: 3, total: 360_000 }, bravo: { count: 1, total: 210_000 } };
const SETTLED_ON_NEXT = { alfa: { count: 1, total: 140_000 }, bravo: { count: 1, total: 220_000 }, charlie: { count: 1, total: 310_000 } };

describe('daily settlement (SettlementModule)', () => {
  let h: ModuleHarness;
  let settlement: SettlementService;
  const merchants = {} as Record<Merchant, string>;
  let firstRun: SettlementRunDetail;

  beforeAll(async () => {
    h = await startModules([IdempotencyModule, ...MERCHANT_MODULES, SettlementModule]);
    settlement = h.get(SettlementService);
    const accounts = {} as Record<Merchant, string>;
    for (const name of ['alfa', 'bravo', 'charlie', 'delta'] as const) {
      merchants[name] = await createMerchant(h, name);
      accounts[name] = name === 'delta' ? await developmentVirtualAccount(merchants[name]) : await productionVirtualAccount(h, merchants[name]);
    }
    const payments = h.get(PaymentsService);
    for (const [merchant, paidAt, amount] of PAYMENTS) {
      await payments.record({
        resourceType: 'virtual_account',
        resourceId: accounts[merchant],
        provider: merchant === 'delta' ? 'sandbox' : 'xendit',
        providerPaymentId: `payment-${randomUUID()}`,
        amount,
        paidAt,
      });
    }
  });

  afterAll(async () => {
    await h?.close();
  });

  /** A development account, opened through the service (the sandbox provider: no HTTP). */
  async function developmentVirtualAccount(merchantId: string): Promise<string> {
    const account = await h.get(VirtualAccountsService).create(
      { merchantId, environment: 'development' },
      { externalId: `dev-${randomUUID()}`, name: 'Delta Test', amount: 500_000, bankCode: 'BNI', isSingleUse: false },
    );
    return account.id;
  }

  /** The run's merchants, by name, as { count, total }. */
  function totalsOf(run: SettlementRunDetail) {
    const names = new Map(Object.entries(merchants).map(([name, id]) => [id, name]));
    return Object.fromEntries(run.merchants.map((m) => [names.get(m.merchant_id), { count: m.payments_count, total: m.total_amount }]));
  }

  async function incomeWallet(merchant: Merchant, environment: Environment = 'production') {
    const { available, pending_incoming } = await h.get(WalletsService).balance(merchants[merchant], environment, 'income');
    return { settled: Number(available), pending: Number(pending_incoming) };
  }

  async function incomeWallets() {
    return {
      alfa: await incomeWallet('alfa'),
      bravo: await incomeWallet('bravo'),
      charlie: await incomeWallet('charlie'),
      delta: await incomeWallet('delta', 'development'),
    };
  }

  async function settlementTransfers(): Promise<{ n: number; distinct: number }> {
    const [row] = await h.sql<{ n: number; distinct: number }>(
      "SELECT count(*)::int AS n, count(DISTINCT pending_id)::int AS distinct FROM ledger_transfers WHERE code = 'settlement'",
    );
    return row;
  }

  it('settles, per merchant, exactly the production payments received before the cutoff; the income wallets get those totals', async () => {
    expect(await incomeWallets()).toEqual({
      alfa: { settled: 0, pending: 500_000 },
      bravo: { settled: 0, pending: 430_000 },
      charlie: { settled: 0, pending: 310_000 },
      delta: { settled: 0, pending: 410_000 },
    });

    firstRun = await settlement.run('production', DATE, 'operator');

    expect(firstRun).toMatchObject({ environment: 'production', business_date: DATE, status: 'completed', trigger: 'operator', payments_count: 4, total_amount: 570_000 });
    expect(new Date(firstRun.cutoff_at)).toEqual(at(DATE, '14:00:00'));
    expect(totalsOf(firstRun)).toEqual(SETTLED_ON_DATE);
    expect(await incomeWallets()).toEqual({
      alfa: { settled: 360_000, pending: 140_000 },
      bravo: { settled: 210_000, pending: 220_000 },
      charlie: { settled: 0, pending: 310_000 },
      delta: { settled: 0, pending: 410_000 },
    });
    const pending = await h.sql<{ amount: number }>("SELECT amount::int FROM payments WHERE status = 'pending' ORDER BY amount");
    expect(pending.map((p) => p.amount)).toEqual([140_000, 220_000, 310_000, 410_000]);
    expect(await settlementTransfers()).toEqual({ n: 4, distinct: 4 });
  });

  it('running the same date again finds the same run and settles nothing twice', async () => {
    const walletsBefore = await incomeWallets();

    const again = await settlement.run('production', DATE, 'schedule');

    expect(again).toEqual(firstRun);
    expect(await incomeWallets()).toEqual(walletsBefore);
    expect(await settlementTransfers()).toEqual({ n: 4, distinct: 4 });
    expect((await settlement.list('production')).map((run) => run.id)).toEqual([firstRun.id]);
  });

  it("the next date's run settles the rest, once, and every income wallet equals what its runs settled", async () => {
    const next = await settlement.run('production', NEXT, 'operator');

    expect(next).toMatchObject({ business_date: NEXT, status: 'completed', payments_count: 3, total_amount: 670_000 });
    expect(totalsOf(next)).toEqual(SETTLED_ON_NEXT);
    expect(await incomeWallets()).toEqual({
      alfa: { settled: 500_000, pending: 0 },
      bravo: { settled: 430_000, pending: 0 },
      charlie: { settled: 310_000, pending: 0 },
      delta: { settled: 0, pending: 410_000 },
    });
    // Each payment settled by exactly one run: the one whose cutoff it came before.
    const byRun = await h.sql<{ run: string; amounts: number[] }>(
      `SELECT r.business_date::text AS run, array_agg(p.amount::int ORDER BY p.amount) AS amounts
       FROM payments p JOIN settlement_runs r ON r.id = p.settlement_run_id GROUP BY r.business_date ORDER BY r.business_date`,
    );
    expect(byRun).toEqual([
      { run: DATE, amounts: [110_000, 120_000, 130_000, 210_000] },
      { run: NEXT, amounts: [140_000, 220_000, 310_000] },
    ]);
    expect(await settlementTransfers()).toEqual({ n: 7, distinct: 7 });
  });
});
