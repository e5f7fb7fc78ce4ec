import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { ApiJsonInteger, type JsonInteger } from '../common/json-integer';
import { ENVIRONMENTS } from '../common/environment';
import type { Environment } from '../common/environment';
import { ToBoolean, Trim } from '../common/validation/transforms';

export class CreateMerchantDto {
  @ApiProperty({ example: 'PT Test', description: 'Legal or trading name of the merchant.', maxLength: 255 })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name is required' })
  @MaxLength(255)
  name: string;

  @ApiProperty({ example: 'qa@test.com', description: 'Contact email; unique across merchants.' })
  @Trim()
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(320)
  email: string;
}

export class EnvironmentParamDto {
  @ApiProperty({ enum: ENVIRONMENTS, description: 'Which of the two keys.' })
  @IsIn(ENVIRONMENTS, { message: `environment must be one of ${ENVIRONMENTS.join(', ')}` })
  environment: Environment;
}

class ApiKeysDto {
  @ApiProperty({ example: 'pallapi_secret_development_90f9c69a09ee36d31a1b734d75d8fa74' })
  development: string;

  @ApiProperty({ example: 'pallapi_secret_production_1b2c3d4e5f60718293a4b5c6d7e8f901' })
  production: string;
}

export class CreatedMerchantDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'PT Test' })
  name: string;

  @ApiProperty({ example: 'qa@test.com' })
  email: string;

  @ApiProperty({ description: 'Sent as X-CALLBACK-TOKEN on every callback to this merchant.' })
  callback_token: string;

  @ApiProperty({ type: ApiKeysDto, description: 'Shown only now; Palladium keeps only their hashes.' })
  api_keys: ApiKeysDto;
}

class ApiKeySummaryDto {
  @ApiProperty({ example: '…fa74', description: 'Last four characters of the key.' })
  hint: string;

  @ApiProperty({ format: 'date-time' })
  created_at: string;
}

class ApiKeySummariesDto {
  @ApiProperty({ type: ApiKeySummaryDto, nullable: true })
  development: ApiKeySummaryDto | null;

  @ApiProperty({ type: ApiKeySummaryDto, nullable: true })
  production: ApiKeySummaryDto | null;
}

export class MerchantDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ description: 'Whether the production key (and dashboard sessions) may use production. Dashboard sign-ups start without it; operators switch it.' })
  production_enabled: boolean;

  @ApiProperty()
  callback_token: string;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When an operator suspended the merchant: its API keys and dashboard sessions are refused. Null when not suspended.',
  })
  suspended_at: string | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: "The operator's reason for the suspension; null when not suspended." })
  suspended_reason: string | null;

  @ApiProperty({ type: ApiKeySummariesDto, description: 'The active key per environment (null when revoked).' })
  api_keys: ApiKeySummariesDto;
}

export class RotatedApiKeyDto {
  @ApiProperty({ enum: ENVIRONMENTS })
  environment: Environment;

  @ApiProperty({ description: 'The new key, shown only now. The previous key stops working at once.' })
  api_key: string;
}

export class RevokedApiKeyDto {
  @ApiProperty({ enum: ENVIRONMENTS })
  environment: Environment;

  @ApiProperty({ example: true })
  revoked: boolean;
}

export class ProductionSwitchDto {
  @ApiProperty({ example: true, description: 'true: production works for this merchant; false: its production key is refused.' })
  @ToBoolean()
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled: boolean;
}

export class MerchantListQueryDto {
  @ApiPropertyOptional({ example: 'toko', description: 'Only merchants whose name or email contains this (any case).', maxLength: 255 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(255)
  search?: string;
}

export class SuspendMerchantDto {
  @ApiProperty({
    example: 'Chargeback ratio above 3% since March; compliance review open',
    description: "Why; kept in the audit trail, which the merchant's owners can read too.",
    maxLength: 500,
  })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'reason is required' })
  @MaxLength(500)
  reason: string;
}

export class UnsuspendMerchantDto {
  @ApiPropertyOptional({ example: 'Compliance review closed', description: 'Why the suspension is lifted, for the audit trail.', maxLength: 500 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  note?: string;
}

class WalletFiguresDto {
  @ApiJsonInteger({ example: 10000000, description: 'Withdrawable (income) or disbursable (disburse) now.' })
  available: JsonInteger;

  @ApiJsonInteger({ example: 2000000, description: 'Income: paid, waiting for settlement. Disburse: always 0.' })
  pending_incoming: JsonInteger;

  @ApiJsonInteger({ example: 5000000, description: 'Reserved by withdrawals (income) or disbursements (disburse) in flight.' })
  reserved: JsonInteger;

  @ApiJsonInteger({ example: 25000000, description: 'All time: settled payments (income), approved top-ups (disburse).' })
  credited: JsonInteger;

  @ApiJsonInteger({ example: 10000000, description: 'All time: completed withdrawals (income); completed disbursements and reversed top-ups (disburse).' })
  debited: JsonInteger;
}

class EnvironmentWalletsDto {
  @ApiProperty({ type: WalletFiguresDto })
  income: WalletFiguresDto;

  @ApiProperty({ type: WalletFiguresDto })
  disburse: WalletFiguresDto;
}

export class MerchantWalletsDto {
  @ApiProperty({ type: EnvironmentWalletsDto })
  development: EnvironmentWalletsDto;

  @ApiProperty({ type: EnvironmentWalletsDto })
  production: EnvironmentWalletsDto;
}

class CallbackLastAttemptDto {
  @ApiProperty({ format: 'date-time' })
  attempted_at: string;

  @ApiProperty({ example: 'https://merchant.example/callbacks' })
  url: string;

  @ApiProperty({ type: Number, nullable: true, example: 200, description: "The endpoint's HTTP status; null when it could not be reached." })
  status_code: number | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  error: string | null;

  @ApiProperty({ description: 'Whether this attempt delivered the event.' })
  delivered: boolean;
}

class EnvironmentCallbackHealthDto {
  @ApiProperty({ example: 3, description: 'Waiting to be sent: due, in flight or waiting for a retry.' })
  pending: number;

  @ApiProperty({ example: 1, description: 'Pending after at least one failed attempt.' })
  retrying: number;

  @ApiProperty({ example: 0, description: 'Given up (the retry schedule ran out); resend them once the endpoint works.' })
  failed: number;

  @ApiProperty({
    type: CallbackLastAttemptDto,
    nullable: true,
    description: 'The newest delivery attempt among its 100 newest events; null when none was attempted.',
  })
  last_attempt: CallbackLastAttemptDto | null;
}

export class MerchantCallbackHealthDto {
  @ApiProperty({ type: EnvironmentCallbackHealthDto })
  development: EnvironmentCallbackHealthDto;

  @ApiProperty({ type: EnvironmentCallbackHealthDto })
  production: EnvironmentCallbackHealthDto;
}
