import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BankRegistryService } from './bank-registry.service';
import { DisbursementBankDto, RetailOutletDto, VirtualAccountBankDto } from './bank-registry.dto';
import { MerchantApi } from '../common/http/merchant-api';

@ApiTags('Banks')
@MerchantApi()
@Controller('api/v2')
export class BankRegistryController {
  constructor(private readonly registry: BankRegistryService) {}

  @Get('banks')
  @ApiOperation({ operationId: 'listDisbursementBanks', summary: 'Banks you can disburse to', description: 'The "Supported Banks for Disbursal" list with limits.' })
  @ApiOkResponse({ type: [DisbursementBankDto] })
  banks(): DisbursementBankDto[] {
    return this.registry.listDisbursementBanks().map((bank) => ({
      code: bank.code,
      name: bank.name,
      can_disburse: true,
      min_amount: bank.minAmount,
      max_amount: bank.maxAmount,
    }));
  }

  @Get('virtual-account-banks')
  @ApiOperation({ operationId: 'listVirtualAccountBanks', summary: 'Banks that issue virtual accounts', description: 'BNI, BRI, BSS; BCA is coming soon.' })
  @ApiOkResponse({ type: [VirtualAccountBankDto] })
  virtualAccountBanks(): VirtualAccountBankDto[] {
    return this.registry.listVirtualAccountBanks().map((bank) => ({
      code: bank.code,
      name: bank.name,
      status: bank.available ? 'available' : 'coming_soon',
      min_amount: bank.minAmount,
      max_amount: bank.maxAmount,
    }));
  }

  @Get('retail-outlets')
  @ApiOperation({ operationId: 'listRetailOutlets', summary: 'Retail outlets that take payment codes' })
  @ApiOkResponse({ type: [RetailOutletDto] })
  retailOutlets(): RetailOutletDto[] {
    return this.registry.listRetailOutlets().map((outlet) => ({
      name: outlet.name,
      status: 'available',
      min_amount: outlet.minAmount,
      max_amount: outlet.maxAmount,
    }));
  }
}
