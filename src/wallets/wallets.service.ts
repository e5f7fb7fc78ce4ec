import { Injectable } from '@nestjs/common';
import type { Environment } from '../common/environment';
import type { Progress } from '../common/progress';
import { MetricsService } from '../metrics/metrics.service';
import { systemAccount, walletAccount } from './ledger/account-codes';
import { availableBalance } from './ledger/ledger-rules';
import { LedgerService } from './ledger/ledger.service';
import type { ClearingProvider, LedgerCheckReport, WalletKind } from './ledger/ledger.types';

/** Exact at any size (bigint); the HTTP edge turns them into JSON (toJsonInteger). */
export interface WalletBalance {
  /** What the merchant can withdraw (income) or disburse (disburse) now. */
  available: bigint;
  /** Money received but not settled yet (income wallet). */
  pending_incoming: bigint;
  /** Money reserved by withdrawals or disbursements in flight. */
  reserved: bigint;
  /** Posted credits: settled payments (income), approved top-ups (disburse). */
  credited: bigint;
  /** Posted debits: completed withdrawals (income); completed disbursements and reversed top-ups (disburse). */
  debited: bigint;
}

/** What the rest of the platform reads of the ledger: wallet balances, provider balances, the check. */
@Injectable()
export class WalletsService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly metrics: MetricsService,
  ) {}

  openMerchantWallets(merchantId: string): Promise<void> {
    return this.ledger.openMerchantWallets(merchantId);
  }

  async balance(merchantId: string, environment: Environment, kind: WalletKind): Promise<WalletBalance> {
    const account = await this.ledger.account(walletAccount({ merchantId, environment }, kind));
    return {
      available: availableBalance(account),
      pending_incoming: account.creditsPending,
      reserved: account.debitsPending,
      credited: account.creditsPosted,
      debited: account.debitsPosted,
    };
  }

  /** What our ledger says we hold at a provider (production): payments received minus payouts made plus funding. */
  async providerBalance(provider: ClearingProvider): Promise<bigint> {
    const account = await this.ledger.account(systemAccount('production', `provider_clearing:${provider}`));
    return account.debitsPending + account.debitsPosted - account.creditsPending - account.creditsPosted;
  }

  /** Recomputes every account from its transfers; expected: no difference. `progress`: transfers done out of all. The result goes to the metrics. */
  async checkLedger(progress?: Progress): Promise<LedgerCheckReport> {
    const report = await this.ledger.check(progress);
    this.metrics.recordLedgerCheck(report);
    return report;
  }
}
