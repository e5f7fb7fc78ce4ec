import { Module } from '@nestjs/common';
import { BankRegistryModule } from '../bank-registry/bank-registry.module';
import { CallbacksModule } from '../callbacks/callbacks.module';
import { MetricsModule } from '../metrics/metrics.module';
import { LedgerModule } from './ledger/ledger.module';
import { MeController } from './me/me.controller';
import { WalletCalculationController } from './me/wallet-calculation.controller';
import { MoneyMovementsService } from './money-movements.service';
import { StatementResourcesService } from './statements/statement-resources.service';
import { StatementsController } from './statements/statements.controller';
import { StatementsRepository } from './statements/statements.repository';
import { StatementsService } from './statements/statements.service';
import { TopUpBankAccountsRepository } from './top-ups/top-up-bank-accounts.repository';
import { TopUpBankAccountsService } from './top-ups/top-up-bank-accounts.service';
import { TopUpsController } from './top-ups/top-ups.controller';
import { TopUpsRepository } from './top-ups/top-ups.repository';
import { TopUpsService } from './top-ups/top-ups.service';
import { WalletsService } from './wallets.service';

/**
 * The ledger and what merchants see of it: income and disburse wallets, /me, top-ups and
 * statements. Other modules move money only through MoneyMovementsService's named
 * operations and read balances through WalletsService; the ledger engine stays internal.
 */
@Module({
  imports: [LedgerModule, CallbacksModule, BankRegistryModule, MetricsModule],
  controllers: [MeController, WalletCalculationController, TopUpsController, StatementsController],
  providers: [
    MoneyMovementsService,
    WalletsService,
    TopUpsService,
    TopUpsRepository,
    TopUpBankAccountsService,
    TopUpBankAccountsRepository,
    StatementsService,
    StatementsRepository,
    StatementResourcesService,
  ],
  exports: [MoneyMovementsService, WalletsService, TopUpsService, TopUpBankAccountsService, StatementResourcesService],
})
export class WalletsModule {}
