import { Module } from '@nestjs/common';
import { BankRegistryModule } from '../bank-registry/bank-registry.module';
import { CallbacksModule } from '../callbacks/callbacks.module';
import { ProvidersModule } from '../providers/providers.module';
import { WalletsModule } from '../wallets/wallets.module';
import { PayableCreationService } from './payable-creation.service';
import { PaymentStatementResources } from './recording/payment-statement-resources';
import { PaymentsRepository } from './recording/payments.repository';
import { PaymentsService } from './recording/payments.service';
import { RetailPaymentsController } from './retail-payments/retail-payments.controller';
import { RetailPaymentsRepository } from './retail-payments/retail-payments.repository';
import { RetailPaymentsService } from './retail-payments/retail-payments.service';
import { SimulateController } from './simulate.controller';
import { VirtualAccountsController } from './virtual-accounts/virtual-accounts.controller';
import { VirtualAccountsRepository } from './virtual-accounts/virtual-accounts.repository';
import { VirtualAccountsService } from './virtual-accounts/virtual-accounts.service';

/**
 * Receiving money: virtual accounts and Alfamart payment codes, the payments received on
 * them (recorded once, pending until settled) and the sandbox that pays development ones.
 */
@Module({
  imports: [BankRegistryModule, ProvidersModule, WalletsModule, CallbacksModule],
  controllers: [VirtualAccountsController, RetailPaymentsController, SimulateController],
  providers: [
    VirtualAccountsRepository,
    RetailPaymentsRepository,
    PaymentsRepository,
    PayableCreationService,
    PaymentsService,
    VirtualAccountsService,
    RetailPaymentsService,
    PaymentStatementResources,
  ],
  exports: [PaymentsService],
})
export class PaymentsModule {}
