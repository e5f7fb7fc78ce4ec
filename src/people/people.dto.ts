import { ApiProperty, OmitType } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsString, MaxLength, MinLength } from 'class-validator';
import { PERSON_ROLES } from '../common/http/dashboard-api';
import type { PersonRole } from '../common/http/dashboard-api';
import { Trim } from '../common/validation/transforms';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../common/security/passwords';

const ROLE_DESCRIPTION =
  '`owner`: everything, including the team and the audit trail; `developer`: API keys, callbacks, sandbox, virtual accounts and payment codes; ' +
  '`finance`: wallets, statements, top-ups, withdrawals, disbursements; `viewer`: reads everything but secrets and changes nothing.';

/** A password as typed: never trimmed, never echoed in errors or logs. */
function PasswordProperty(name: string, description: string): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ description, minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, format: 'password', example: 'correct horse battery staple' })(target, key);
    IsString({ message: `${name} must be a string` })(target, key);
    MinLength(PASSWORD_MIN_LENGTH, { message: `${name} must be at least ${PASSWORD_MIN_LENGTH} characters long` })(target, key);
    MaxLength(PASSWORD_MAX_LENGTH, { message: `${name} must be at most ${PASSWORD_MAX_LENGTH} characters long` })(target, key);
  };
}

function NameProperty(example: string, description: string): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ example, description, maxLength: 255 })(target, key);
    Trim()(target, key);
    IsString()(target, key);
    IsNotEmpty({ message: `${String(key)} is required` })(target, key);
    MaxLength(255)(target, key);
  };
}

function EmailProperty(description: string): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ example: 'sari@shop.example', description, maxLength: 320 })(target, key);
    Trim()(target, key);
    IsEmail({}, { message: 'email must be a valid email address' })(target, key);
    MaxLength(320)(target, key);
  };
}

export class SignUpDto {
  @NameProperty('PT Toko Sari', "Your business's name, as merchants are named.")
  merchant_name: string;

  @NameProperty('Sari Wijaya', 'Your name.')
  name: string;

  @EmailProperty('You sign in with it; also the merchant\'s contact email.')
  email: string;

  @PasswordProperty('password', 'At least 10 characters.')
  password: string;
}

export class SignInDto {
  @ApiProperty({ example: 'sari@shop.example' })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'email is required' })
  @MaxLength(320)
  email: string;

  @ApiProperty({ format: 'password', maxLength: PASSWORD_MAX_LENGTH, example: 'correct horse battery staple' })
  @IsString({ message: 'password must be a string' })
  @IsNotEmpty({ message: 'password is required' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password', maxLength: PASSWORD_MAX_LENGTH, example: 'correct horse battery staple' })
  @IsString({ message: 'current_password must be a string' })
  @IsNotEmpty({ message: 'current_password is required' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  current_password: string;

  @PasswordProperty('new_password', 'At least 10 characters. Your other sessions end.')
  new_password: string;
}

export class OperatorNewPersonDto {
  @NameProperty('Sari Wijaya', 'Their name.')
  name: string;

  @EmailProperty('They sign in with it; one dashboard sign-in per email.')
  email: string;

  @ApiProperty({ enum: PERSON_ROLES, description: ROLE_DESCRIPTION, example: 'developer' })
  @IsIn(PERSON_ROLES, { message: `role must be one of ${PERSON_ROLES.join(', ')}` })
  role: PersonRole;
}

/** An owner's new teammate: an operator's, plus the first password the owner hands over. */
export class NewPersonDto extends OperatorNewPersonDto {
  @PasswordProperty('password', 'Their first password, which you hand over (there are no email invitations); at least 10 characters.')
  password: string;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: PERSON_ROLES, description: ROLE_DESCRIPTION, example: 'developer' })
  @IsIn(PERSON_ROLES, { message: `role must be one of ${PERSON_ROLES.join(', ')}` })
  role: PersonRole;
}

export class PersonDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'Budi Santoso' })
  name: string;

  @ApiProperty({ example: 'budi@shop.example' })
  email: string;

  @ApiProperty({ enum: PERSON_ROLES })
  role: PersonRole;

  @ApiProperty({ format: 'date-time' })
  created_at: string;
}

class SessionPersonDto extends OmitType(PersonDto, ['created_at']) {}

class SessionMerchantDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'PT Toko Sari' })
  name: string;

  @ApiProperty({ description: 'Whether production may be chosen (X-Palladium-Environment: production); an operator switches it on.' })
  production_enabled: boolean;
}

export class SessionDto {
  @ApiProperty({ type: SessionPersonDto })
  person: SessionPersonDto;

  @ApiProperty({ type: SessionMerchantDto })
  merchant: SessionMerchantDto;

  @ApiProperty({ description: 'Send as the X-CSRF-Token header with every request that changes something (any method but GET, HEAD, OPTIONS).' })
  csrf_token: string;
}

class SignUpApiKeysDto {
  @ApiProperty({ example: 'pallapi_secret_development_90f9c69a09ee36d31a1b734d75d8fa74' })
  development: string;

  @ApiProperty({ example: 'pallapi_secret_production_1b2c3d4e5f60718293a4b5c6d7e8f901', description: 'Works once an operator switches production on.' })
  production: string;
}

export class SignedUpDto extends SessionDto {
  @ApiProperty({ type: SignUpApiKeysDto, description: 'Both keys, shown only now (rotate one to see a new key).' })
  api_keys: SignUpApiKeysDto;
}

export class EndedSessionsDto {
  @ApiProperty({ example: 1, description: 'How many sessions ended.' })
  ended_sessions: number;
}

export class RemovedPersonDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: true })
  removed: boolean;

  @ApiProperty({ example: 2, description: 'Their sessions that ended with it.' })
  ended_sessions: number;
}

export class AddedPersonDto {
  @ApiProperty({ type: PersonDto })
  person: PersonDto;

  @ApiProperty({ description: 'Their generated first password, shown only now: hand it over.' })
  password: string;
}
