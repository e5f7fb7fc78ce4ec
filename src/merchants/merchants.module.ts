import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKey } from './api-key.entity';
import { ApiKeyGuard } from './api-key.guard';
import { Merchant } from './merchant.entity';
import { MerchantsService } from './merchants.service';

@Module({
  imports: [TypeOrmModule.forFeature([Merchant, ApiKey])],
  providers: [MerchantsService, ApiKeyGuard],
  exports: [MerchantsService, ApiKeyGuard],
})
export class MerchantsModule {}
