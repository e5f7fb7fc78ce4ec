import type { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { AccountFigures, AccountStoredRow, AccountTotalsRow, LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';

/** The ledger check's paging and sums, over a repository that serves pages of made-up totals. */
describe('ledger check, page by page', () => {
  const figures = (dp: number, dpo: number, cp: number, cpo: number, entries: number): AccountFigures => ({
    debitsPending: String(dp),
    debitsPosted: String(dpo),
    creditsPending: String(cp),
    creditsPosted: String(cpo),
    entries: String(entries),
  });

  function ledgerOf(pages: { lastId: string; transfers: number; totals: AccountTotalsRow[] }[], stored: AccountStoredRow[]) {
    const asked: string[] = [];
    const repository = {
      countTransfers: async () => pages.reduce((sum, page) => sum + page.transfers, 0),
      transferTotalsPage: async (afterId: string) => {
        asked.push(afterId);
        return pages[asked.length - 1];
      },
      storedFigures: async () => stored,
    } as unknown as LedgerRepository;
    const txHost = { withTransaction: (_options: unknown, work: () => Promise<unknown>) => work() } as unknown as TransactionHost<TransactionalAdapterTypeOrm>;
    return { service: new LedgerService(repository, txHost), asked };
  }

  it('adds the pages up per account, reads after the last id of each, and reports transfers done', async () => {
    const big = 2n ** 53n;
    const { service, asked } = ledgerOf(
      [
        { lastId: 'k', transfers: 10_000, totals: [{ account_id: 'a', totals: figures(0, 0, 0, 9_007_199_254_740_000, 9_000) }, { account_id: 'b', totals: figures(0, 100, 0, 0, 10_000) }] },
        { lastId: 't', transfers: 10_000, totals: [{ account_id: 'a', totals: figures(0, 0, 5, 993, 9_000) }] },
        { lastId: 'z', transfers: 3, totals: [{ account_id: 'b', totals: figures(7, 0, 0, 0, 3) }] },
      ],
      [
        { id: 'a', code: 'a-code', stored: { ...figures(0, 0, 5, 0, 18_000), creditsPosted: (big + 1n).toString() } },
        { id: 'b', code: 'b-code', stored: figures(7, 100, 0, 0, 10_002) },
        { id: 'c', code: 'c-code', stored: figures(0, 0, 0, 0, 0) },
      ],
    );
    const reports: [number, number][] = [];
    const report = await service.check((done, total) => reports.push([done, total]));
    expect(asked).toEqual(['', 'k', 't']);
    expect(reports).toEqual([
      [0, 20_003],
      [10_000, 20_003],
      [20_000, 20_003],
      [20_003, 20_003],
    ]);
    // 9_007_199_254_740_000 + 993 = 2^53 + 1, exactly; b has one entry fewer than its transfers.
    expect(report).toMatchObject({
      ok: false,
      accounts_checked: 3,
      transfers_checked: 20_003,
      differences: [{ account_id: 'b', account_code: 'b-code', field: 'entries', stored: 10_002, expected: 10_003 }],
    });
  });

  it('stops at an empty page when the last full page ended the transfers', async () => {
    const { service, asked } = ledgerOf(
      [{ lastId: 'k', transfers: 10_000, totals: [{ account_id: 'a', totals: figures(0, 10, 0, 0, 10_000) }] }],
      [{ id: 'a', code: 'a-code', stored: figures(0, 10, 0, 0, 10_000) }],
    );
    expect(await service.check()).toMatchObject({ ok: true, accounts_checked: 1, transfers_checked: 10_000, differences: [] });
    expect(asked).toEqual(['', 'k']);
  });
});
