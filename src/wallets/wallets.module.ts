import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BankRegistryModule } from '../bank-registry/bank-registry.module';
import { CallbacksModule } from '../callbacks/callbacks.module';
import { LedgerService } from './ledger/ledger.service';
import { MeController } from './me/me.controller';
import { StatementsController } from './statements/statements.controller';
import { StatementsService } from './statements/statements.service';
import { TopUp } from './top-ups/top-up.entity';
import { TopUpsController } from './top-ups/top-ups.controller';
import { TopUpsService } from './top-ups/top-ups.service';
import { WalletsService } from './wallets.service';
import { WithdrawalAccount } from './withdrawals/withdrawal-account.entity';
import { Withdrawal } from './withdrawals/withdrawal.entity';
import { WithdrawalsController } from './withdrawals/withdrawals.controller';
import { WithdrawalsService } from './withdrawals/withdrawals.service';

/**
 * The ledger and what merchants see of it: income and disburse wallets, /me, top-ups,
 * withdrawals, statements. Other modules move money only through LedgerService.
 */
@Module({
  imports: [TypeOrmModule.forFeature([TopUp, Withdrawal, WithdrawalAccount]), BankRegistryModule, CallbacksModule],
  controllers: [MeController, TopUpsController, WithdrawalsController, StatementsController],
  providers: [LedgerService, WalletsService, TopUpsService, WithdrawalsService, StatementsService],
  exports: [LedgerService, WalletsService, TopUpsService, WithdrawalsService],
})
export class WalletsModule {}
