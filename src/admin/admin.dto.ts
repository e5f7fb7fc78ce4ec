import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
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
