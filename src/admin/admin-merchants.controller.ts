import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { MerchantsService } from '../merchants/merchants.service';
import { AdminApi } from './admin-api.decorator';
import {
  CreatedMerchantDto,
  CreateMerchantDto,
  EnvironmentParamDto,
  MerchantDto,
  RevokedApiKeyDto,
  RotatedApiKeyDto,
} from './admin.dto';

@ApiTags('Admin: merchants')
@AdminApi()
@Controller('admin/merchants')
export class AdminMerchantsController {
  constructor(private readonly merchants: MerchantsService) {}

  @Post()
  @ApiOperation({ operationId: 'adminCreateMerchant', summary: 'Create a merchant', description: 'Same as `npm run cli -- merchants:create`.' })
  @ApiCreatedResponse({ type: CreatedMerchantDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'DUPLICATE_MERCHANT_ERROR')
  create(@Body() body: CreateMerchantDto): Promise<CreatedMerchantDto> {
    return this.merchants.create(body);
  }

  @Get()
  @ApiOperation({ operationId: 'adminListMerchants', summary: 'List merchants' })
  @ApiOkResponse({ type: [MerchantDto] })
  list(): Promise<MerchantDto[]> {
    return this.merchants.list();
  }

  @Get(':id')
  @ApiOperation({ operationId: 'adminGetMerchant', summary: 'Show a merchant' })
  @ApiOkResponse({ type: MerchantDto })
  @ApiErrorResponses('MERCHANT_NOT_FOUND_ERROR')
  get(@Param('id') id: string): Promise<MerchantDto> {
    return this.merchants.get(id);
  }

  @Post(':id/api-keys/:environment/rotate')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminRotateApiKey', summary: 'Issue a new key for an environment, revoking the old one' })
  @ApiOkResponse({ type: RotatedApiKeyDto })
  @ApiErrorResponses('MERCHANT_NOT_FOUND_ERROR', 'API_VALIDATION_ERROR')
  rotateKey(@Param('id') id: string, @Param() { environment }: EnvironmentParamDto): Promise<RotatedApiKeyDto> {
    return this.merchants.rotateApiKey(id, environment);
  }

  @Post(':id/api-keys/:environment/revoke')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminRevokeApiKey', summary: 'Revoke the active key of an environment' })
  @ApiOkResponse({ type: RevokedApiKeyDto })
  @ApiErrorResponses('MERCHANT_NOT_FOUND_ERROR', 'API_KEY_NOT_FOUND_ERROR', 'API_VALIDATION_ERROR')
  revokeKey(@Param('id') id: string, @Param() { environment }: EnvironmentParamDto): Promise<RevokedApiKeyDto> {
    return this.merchants.revokeApiKey(id, environment);
  }

  @Post(':id/callback-token/rotate')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminRotateCallbackToken', summary: 'Issue a new callback token (X-CALLBACK-TOKEN)' })
  @ApiOkResponse({ type: MerchantDto })
  @ApiErrorResponses('MERCHANT_NOT_FOUND_ERROR')
  rotateCallbackToken(@Param('id') id: string): Promise<MerchantDto> {
    return this.merchants.rotateCallbackToken(id);
  }
}
