import { Module } from '@nestjs/common';
import { BankRegistryController } from './bank-registry.controller';
import { BankRegistryService } from './bank-registry.service';

@Module({
  controllers: [BankRegistryController],
  providers: [BankRegistryService],
  exports: [BankRegistryService],
})
export class BankRegistryModule {}
