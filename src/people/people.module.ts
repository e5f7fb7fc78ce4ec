import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuditModule } from '../audit/audit.module';
import { MerchantsModule } from '../merchants/merchants.module';
import { AuthenticationGuard } from './authentication.guard';
import { DashboardAuthController } from './dashboard-auth.controller';
import { JsonOnlyGuard } from '../common/http/json-only.guard';
import { PasswordHasher } from '../common/security/passwords';
import { PeopleController } from './people.controller';
import { PeopleRepository } from './people.repository';
import { PeopleService } from './people.service';
import { SessionAuditInterceptor } from './session-audit.interceptor';
import { SessionStrategy } from './session.strategy';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

/**
 * A merchant's people (tables people, dashboard_sessions): sign-up, sign-in and sessions,
 * roles, the team. Also who calls the merchant API: AuthenticationGuard (global) runs the
 * merchants module's API-key strategy or this module's session strategy, and checks a
 * session's role (permissions.ts); SessionAuditInterceptor records a session's changes.
 */
@Module({
  imports: [MerchantsModule, AuditModule],
  controllers: [DashboardAuthController, PeopleController],
  providers: [
    PeopleRepository,
    SessionsRepository,
    PeopleService,
    SessionsService,
    PasswordHasher,
    SessionStrategy,
    JsonOnlyGuard,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_INTERCEPTOR, useClass: SessionAuditInterceptor },
  ],
  exports: [PeopleService],
})
export class PeopleModule {}
