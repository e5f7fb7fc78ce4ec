import { Module } from '@nestjs/common';
import { MerchantsModule } from '../merchants/merchants.module';
import { BankRegistryController } from './bank-registry.controller';
import { BankRegistryService } from './bank-registry.service';

@Module({
  imports: [MerchantsModule],
  controllers: [BankRegistryController],
  providers: [BankRegistryService],
  exports: [BankRegistryService],
})
export class BankRegistryModule {}
