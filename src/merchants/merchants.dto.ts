import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ENVIRONMENTS } from '../common/environment';
import type { Environment } from '../common/environment';

export class DashboardEnvironmentParamDto {
  @ApiProperty({ enum: ENVIRONMENTS, description: 'Which of the two keys.' })
  @IsIn(ENVIRONMENTS, { message: `environment must be one of ${ENVIRONMENTS.join(', ')}` })
  environment: Environment;
}

export class DashboardApiKeyDto {
  @ApiProperty({ example: '…fa74', description: 'The last four characters of the key: all that is kept of it besides its hash.' })
  hint: string;

  @ApiProperty({ format: 'date-time' })
  created_at: string;
}

export class DashboardApiKeysDto {
  @ApiProperty({ type: DashboardApiKeyDto, nullable: true, description: 'The active development key (null when revoked).' })
  development: DashboardApiKeyDto | null;

  @ApiProperty({ type: DashboardApiKeyDto, nullable: true, description: 'The active production key (null when revoked).' })
  production: DashboardApiKeyDto | null;
}

export class DashboardRotatedApiKeyDto {
  @ApiProperty({ enum: ENVIRONMENTS })
  environment: Environment;

  @ApiProperty({ example: 'pallapi_secret_development_90f9c69a09ee36d31a1b734d75d8fa74', description: 'The new key (the spec\'s "Access Token"), shown only now. The previous key stops working at once.' })
  api_key: string;
}
