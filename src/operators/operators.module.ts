import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { PasswordHasher } from '../common/security/passwords';
import { ConsoleSessionsService } from './console-sessions.service';
import { OperatorSessionsRepository } from './operator-sessions.repository';
import { OperatorsRepository } from './operators.repository';
import { OperatorsService } from './operators.service';

/**
 * Named operators (issue 15): their scoped, revocable API tokens, and their console sign-in
 * (password + TOTP) and sessions. The /admin guard asks it who is calling.
 */
@Module({
  imports: [AuditModule],
  providers: [OperatorsService, ConsoleSessionsService, OperatorsRepository, OperatorSessionsRepository, PasswordHasher],
  exports: [OperatorsService, ConsoleSessionsService],
})
export class OperatorsModule {}
