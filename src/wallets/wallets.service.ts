import { Injectable } from '@nestjs/common';
import type { Environment } from '../common/environment';
import { availableBalance } from './ledger/ledger-rules';
import { LedgerService } from './ledger/ledger.service';
import type { WalletKind } from './ledger/ledger.types';

/** Exact at any size (bigint); the HTTP edge turns them into JSON (toJsonInteger). */
export interface WalletBalance {
  /** What the merchant can withdraw (income) or disburse (disburse) now. */
  available: bigint;
  /** Money received but not settled yet (income wallet). */
  pending_incoming: bigint;
  /** Money reserved by withdrawals or disbursements in flight. */
  reserved: bigint;
}

/** The merchant-facing view of the ledger: the income and disburse wallets. */
@Injectable()
export class WalletsService {
  constructor(private readonly ledger: LedgerService) {}

  openMerchantWallets(merchantId: string): Promise<void> {
    return this.ledger.openMerchantWallets(merchantId);
  }

  async balance(merchantId: string, environment: Environment, kind: WalletKind): Promise<WalletBalance> {
    const account = await this.ledger.merchantWallet(merchantId, environment, kind);
    return {
      available: availableBalance(account),
      pending_incoming: account.creditsPending,
      reserved: account.debitsPending,
    };
  }
}
