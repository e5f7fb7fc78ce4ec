import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import type { OperatorActor } from '../operators/operators.types';
import { OperatorsService } from '../operators/operators.service';
import type { IssuedOperatorTokenView, OperatorTokenView, OperatorView, OperatorWithPasswordView } from '../operators/operators.views';
import { AdminApi } from './admin-api.decorator';
import { CreateOperatorDto, IssuedOperatorTokenDto, IssueOperatorTokenDto, OperatorDto, OperatorTokenDto, OperatorWithPasswordDto } from './admin-operators.dto';
import { CurrentOperator, RequiresOperatorRole } from './admin-token.guard';

@ApiTags('Admin: operators')
@AdminApi()
@Controller('admin')
export class AdminOperatorsController {
  constructor(private readonly operators: OperatorsService) {}

  @Get('operators/me')
  @ApiOperation({ operationId: 'adminWhoAmI', summary: 'Who the token belongs to: the operator, their role and the token' })
  @ApiOkResponse({ schema: { example: { operator_id: 'b0c1…', name: 'Sari Dewi', role: 'approver', scope: 'act', via: 'token:finance-laptop' } } })
  whoAmI(@CurrentOperator() actor: OperatorActor) {
    return { operator_id: actor.operatorId, name: actor.name, role: actor.role, scope: actor.scope, via: actor.via };
  }

  @Get('operators')
  @RequiresOperatorRole('admin')
  @ApiOperation({ operationId: 'adminListOperators', summary: 'Every operator, active first' })
  @ApiOkResponse({ type: [OperatorDto] })
  list(): Promise<OperatorView[]> {
    return this.operators.list();
  }

  @Post('operators')
  @RequiresOperatorRole('admin')
  @ApiOperation({ operationId: 'adminCreateOperator', summary: 'A named operator with a role (admins only)' })
  @ApiCreatedResponse({ type: OperatorWithPasswordDto, description: 'With their first console password, shown only now.' })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'DUPLICATE_OPERATOR_ERROR')
  create(@CurrentOperator() actor: OperatorActor, @Body() body: CreateOperatorDto): Promise<OperatorWithPasswordView> {
    return this.operators.create(actor, body);
  }

  @Post('operators/:id/reset-sign-in')
  @HttpCode(200)
  @RequiresOperatorRole('admin')
  @ApiOperation({
    operationId: 'adminResetOperatorSignIn',
    summary: 'A new first password for an operator (lost phone or password); they set up their authenticator again',
    description: 'Their console sessions end; their API tokens stay. Not for yourself: another admin does it.',
  })
  @ApiOkResponse({ type: OperatorWithPasswordDto })
  @ApiErrorResponses('OPERATOR_NOT_FOUND_ERROR')
  resetSignIn(@CurrentOperator() actor: OperatorActor, @Param('id') id: string): Promise<OperatorWithPasswordView> {
    return this.operators.resetSignIn(actor, id);
  }

  @Post('operators/:id/disable')
  @HttpCode(200)
  @RequiresOperatorRole('admin')
  @ApiOperation({ operationId: 'adminDisableOperator', summary: 'Disable an operator and revoke their tokens (kept for the record)' })
  @ApiOkResponse({ type: OperatorDto })
  @ApiErrorResponses('OPERATOR_NOT_FOUND_ERROR')
  disable(@CurrentOperator() actor: OperatorActor, @Param('id') id: string): Promise<OperatorView> {
    return this.operators.disable(actor, id);
  }

  @Get('operators/:id/tokens')
  @ApiOperation({ operationId: 'adminListOperatorTokens', summary: "An operator's tokens (admins: anyone's; others: their own)" })
  @ApiOkResponse({ type: [OperatorTokenDto] })
  @ApiErrorResponses('OPERATOR_NOT_FOUND_ERROR')
  tokens(@CurrentOperator() actor: OperatorActor, @Param('id') id: string): Promise<OperatorTokenView[]> {
    return this.operators.tokens(actor, id);
  }

  @Post('operators/:id/tokens')
  @ApiOperation({ operationId: 'adminIssueOperatorToken', summary: 'A new token for an operator, shown once (admins: anyone; others: themselves)' })
  @ApiCreatedResponse({ type: IssuedOperatorTokenDto })
  @ApiErrorResponses('API_VALIDATION_ERROR', 'OPERATOR_NOT_FOUND_ERROR')
  issueToken(@CurrentOperator() actor: OperatorActor, @Param('id') id: string, @Body() body: IssueOperatorTokenDto): Promise<IssuedOperatorTokenView> {
    return this.operators.issueToken(actor, id, body);
  }

  @Post('operator-tokens/:id/revoke')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminRevokeOperatorToken', summary: 'Revoke a token at once (admins: anyone\'s; others: their own)' })
  @ApiOkResponse({ type: OperatorTokenDto })
  @ApiErrorResponses('OPERATOR_TOKEN_NOT_FOUND_ERROR')
  revokeToken(@CurrentOperator() actor: OperatorActor, @Param('id') id: string): Promise<OperatorTokenView> {
    return this.operators.revokeToken(actor, id);
  }
}
