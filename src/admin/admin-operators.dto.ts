import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SignInDto } from '../people/people.dto';
import { Trim } from '../common/validation/transforms';
import { OPERATOR_ROLES, TOKEN_SCOPES } from '../operators/operators.types';
import type { OperatorRole, TokenScope } from '../operators/operators.types';

const ROLES_DESCRIPTION =
  '`viewer`: looks. `operator`: acts (prepares approvals). `approver`: also approves what another operator prepared. `admin`: also manages operators.';

export class CreateOperatorDto {
  @ApiProperty({ example: 'Sari Dewi', maxLength: 255 })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name is required' })
  @MaxLength(255)
  name: string;

  @ApiProperty({ example: 'sari@palladium.example' })
  @Trim()
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ enum: OPERATOR_ROLES, description: ROLES_DESCRIPTION, example: 'operator' })
  @IsIn(OPERATOR_ROLES, { message: `role must be one of ${OPERATOR_ROLES.join(', ')}` })
  role: OperatorRole;
}

export class IssueOperatorTokenDto {
  @ApiProperty({ example: 'finance-laptop', description: 'What the token is for; shown in records as `token:<name>`.', maxLength: 100 })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name is required' })
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: TOKEN_SCOPES, description: '`read`: GET only. `act`: whatever the operator\'s role allows.', example: 'read' })
  @IsIn(TOKEN_SCOPES, { message: `scope must be one of ${TOKEN_SCOPES.join(', ')}` })
  scope: TokenScope;
}

export class OperatorDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Sari Dewi' })
  name: string;

  @ApiProperty({ example: 'sari@palladium.example' })
  email: string;

  @ApiProperty({ enum: OPERATOR_ROLES, description: ROLES_DESCRIPTION })
  role: OperatorRole;

  @ApiProperty({ example: 'Budi Admin (token:console)', description: 'Who created the operator.' })
  created_by: string;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  disabled_at: string | null;

  @ApiProperty({ description: 'Whether they set up the authenticator app the console asks a code of (at their first sign-in).' })
  totp_enrolled: boolean;
}

export class OperatorWithPasswordDto extends OperatorDto {
  @ApiProperty({
    example: 'k3J9xQ2mWb7TnA0pLr5v',
    description: 'Their first console password, shown only now: hand it over in person; they change it after signing in.',
  })
  initial_password: string;
}

export class ConsoleSignInDto extends SignInDto {
  @ApiPropertyOptional({ example: '492039', description: 'The current 6-digit code of your authenticator app (each code works once).' })
  @IsOptional()
  @IsString({ message: 'code must be a string' })
  @Matches(/^\s*\d{6}\s*$/, { message: 'code must be the 6 digits your authenticator app shows' })
  code?: string;
}

export class TotpEnrollmentDto {
  @ApiProperty({ example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', description: 'Type it into the authenticator app, or scan the URI.' })
  secret: string;

  @ApiProperty({ example: 'otpauth://totp/Palladium%20console:sari%40palladium.example?secret=…&issuer=Palladium%20console' })
  otpauth_uri: string;
}

class ConsoleOperatorDto extends PickType(OperatorDto, ['id', 'name', 'email', 'role'] as const) {}

export class ConsoleSessionDto {
  @ApiProperty({ type: ConsoleOperatorDto })
  operator: ConsoleOperatorDto;

  @ApiProperty({ description: 'Send it as X-CSRF-Token with every console request that changes something.' })
  csrf_token: string;

  @ApiProperty({ format: 'date-time', description: 'The latest the session ends (it ends sooner when unused).' })
  expires_at: string;
}

export class OperatorTokenDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  operator_id: string;

  @ApiProperty({ example: 'finance-laptop' })
  name: string;

  @ApiProperty({ enum: TOKEN_SCOPES })
  scope: TokenScope;

  @ApiProperty({ example: '…9f3a', description: 'The last four characters, to recognise it.' })
  hint: string;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Noted at most once a minute.' })
  last_used_at: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revoked_at: string | null;
}

export class IssuedOperatorTokenDto extends OperatorTokenDto {
  @ApiProperty({ example: 'pallop_3f6c0b2a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a', description: 'Shown only in this answer; Palladium keeps its SHA-256.' })
  token: string;
}
