import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
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

  @ApiProperty({ enum: OPERATOR_ROLES, description: ROLES_DESCRIPTION })
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

  @ApiProperty({ enum: TOKEN_SCOPES, description: '`read`: GET only. `act`: whatever the operator\'s role allows.' })
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
