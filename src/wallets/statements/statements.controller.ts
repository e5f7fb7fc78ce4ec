import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrorResponses } from '../../common/errors/api-error-responses.decorator';
import { StatementPageDto, StatementQueryDto } from './statements.dto';
import { StatementsService } from './statements.service';
import { type AuthenticatedMerchant, CurrentMerchant, MerchantApi } from '../../common/http/merchant-api';

@ApiTags('Wallets')
@MerchantApi()
@Controller('api/v2/transactions')
export class StatementsController {
  constructor(private readonly statements: StatementsService) {}

  @Get()
  @ApiOperation({
    operationId: 'getStatement',
    summary: 'Wallet statement',
    description:
      'Every movement of one wallet, newest first (`order=oldest_first` for the other way), with the running balance after each ' +
      'and what it belongs to: our resource id and your external_id. JSON pages by default; `format=csv` or `Accept: text/csv` ' +
      'streams the whole period as CSV for finance staff (times in Asia/Jakarta with the offset, amounts as whole rupiah).',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: StatementPageDto })
  @ApiErrorResponses('API_VALIDATION_ERROR')
  async statement(
    @CurrentMerchant() merchant: AuthenticatedMerchant,
    @Query() query: StatementQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const csv = query.format === 'csv' || (query.format === undefined && /\btext\/csv\b/.test(accept ?? ''));
    if (!csv) {
      response.json(await this.statements.page(merchant, query));
      return;
    }
    const writeCsv = await this.statements.csv(merchant, query);
    const period = [query.from, query.to].filter(Boolean).join('_to_') || 'all';
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="palladium-${merchant.environment}-${query.wallet}${query.code ? `-${query.code}` : ''}-${period.replace(/[^\w.-]/g, '')}.csv"`,
    );
    await writeCsv(response);
  }
}
