import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CallbacksModule } from '../callbacks/callbacks.module';
import { LedgerService } from './ledger/ledger.service';
import { MeController } from './me/me.controller';
import { MoneyMovementsService } from './money-movements.service';
import { StatementsController } from './statements/statements.controller';
import { StatementsService } from './statements/statements.service';
import { TopUp } from './top-ups/top-up.entity';
import { TopUpsController } from './top-ups/top-ups.controller';
import { TopUpsService } from './top-ups/top-ups.service';
import { WalletsService } from './wallets.service';

/**
 * The ledger and what merchants see of it: income and disburse wallets, /me, top-ups and
 * statements. Other modules move money only through MoneyMovementsService's named
 * operations and read balances through WalletsService; the ledger engine stays internal.
 */
@Module({
  imports: [TypeOrmModule.forFeature([TopUp]), CallbacksModule],
  controllers: [MeController, TopUpsController, StatementsController],
  providers: [LedgerService, MoneyMovementsService, WalletsService, TopUpsService, StatementsService],
  exports: [MoneyMovementsService, WalletsService, TopUpsService],
})
export class WalletsModule {}
