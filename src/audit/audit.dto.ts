import { ApiProperty } from '@nestjs/swagger';
import { ENVIRONMENTS } from '../common/environment';
import type { Environment } from '../common/environment';
import { PageDtoOf } from '../common/pagination';

class AuditPersonDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Sari Wijaya' })
  name: string;

  @ApiProperty({ example: 'sari@shop.example' })
  email: string;
}

class AuditOperatorDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null for the bootstrap token.' })
  id: string | null;

  @ApiProperty({ example: 'Oki Operator' })
  name: string;

  @ApiProperty({ example: 'token:desk', description: 'How they authenticated.' })
  via: string;
}

export class AuditEntryDto {
  @ApiProperty({ example: '1042' })
  id: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The merchant concerned; null for operator matters (operators, tokens).' })
  merchant_id: string | null;

  @ApiProperty({ format: 'date-time', description: 'When it was recorded.' })
  at: string;

  @ApiProperty({ enum: ENVIRONMENTS, nullable: true, description: 'The environment the change was made in; null for people and sign-ins.' })
  environment: Environment | null;

  @ApiProperty({ type: AuditPersonDto, nullable: true, description: 'Who did it, as named then; null for an operator.' })
  person: AuditPersonDto | null;

  @ApiProperty({ type: AuditOperatorDto, nullable: true, description: 'The Palladium operator who did it, as named then; null for a person and for the server CLI.' })
  operator: AuditOperatorDto | null;

  @ApiProperty({ example: 'person.role_changed', description: '`<thing>.<what happened>`.' })
  action: string;

  @ApiProperty({ type: String, nullable: true, example: 'person:6a1e…', description: 'What it was done to.' })
  target: string | null;

  @ApiProperty({ type: Object, nullable: true, example: { role: 'developer' }, description: 'The state before (never a secret).' })
  before: unknown;

  @ApiProperty({ type: Object, nullable: true, example: { role: 'viewer' }, description: 'The state after, or what the request asked for (never a secret).' })
  after: unknown;

  @ApiProperty({ type: String, nullable: true, description: 'The X-Request-Id of the request that did it.' })
  request_id: string | null;
}

export const AuditEntryPageDto = PageDtoOf(AuditEntryDto, 'AuditEntryPage');
