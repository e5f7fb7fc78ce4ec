import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/errors/domain-error';
import { RateLimitService } from '../common/rate-limit/rate-limit.service';
import { secretsEqual } from '../common/secrets';
import { CONSOLE_SESSION_COOKIE, hasSessionCookie, sessionTokenOf } from '../common/security/session-token';
import { type ConsoleOperator, ConsoleSessionsService } from '../operators/console-sessions.service';
import { BOOTSTRAP_ACTOR, type OperatorActor, type OperatorRole } from '../operators/operators.types';
import { OperatorsService } from '../operators/operators.service';
import { AdminAuditInterceptor, adminActionOf, refusalEntry } from './admin-audit.interceptor';

type OperatorRequest = Request & { operator?: OperatorActor | ConsoleOperator };

const MINIMUM_ROLE = 'palladium:minimum-operator-role';

/** Raises the role an /admin route needs above the default (viewer to look, operator to act). */
export const RequiresOperatorRole = (role: OperatorRole) => SetMetadata(MINIMUM_ROLE, role);

/** The operator making this /admin request (set by AdminTokenGuard). */
export const CurrentOperator = createParamDecorator((_data: unknown, context: ExecutionContext): OperatorActor => {
  const operator = context.switchToHttp().getRequest<OperatorRequest>().operator;
  if (!operator) throw new Error('CurrentOperator outside an @AdminApi() controller');
  return operator;
});

/** The operator of a console session (set by AdminTokenGuard for requests made with the console's cookie). */
export const CurrentConsoleOperator = createParamDecorator((_data: unknown, context: ExecutionContext): ConsoleOperator => {
  const operator = context.switchToHttp().getRequest<OperatorRequest>().operator;
  if (!operator || !('session' in operator)) throw new DomainError('SESSION_INVALID_ERROR', 'Sign in to the console: this needs a console session, not a token');
  return operator;
});

/**
 * Operator endpoints, with either credential:
 * - `Authorization: Bearer <token>`: a named operator's `pallop_` token (looked up by its
 *   SHA-256; revoked tokens and disabled operators are refused) or the bootstrap
 *   ADMIN_API_TOKEN (compared in constant time; acts as an admin, for automation and for
 *   creating the first operators);
 * - without one, the console's session cookie (palladium_console, signed in with password +
 *   TOTP), whose changes carry its X-CSRF-Token.
 * Failures count against the client's address (RateLimitService). Then the operator's role
 * and the token's scope decide (operator-access.ts).
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(
    private readonly config: AppConfig,
    private readonly rateLimits: RateLimitService,
    private readonly operators: OperatorsService,
    private readonly consoleSessions: ConsoleSessionsService,
    private readonly reflector: Reflector,
    private readonly audit: AdminAuditInterceptor,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<OperatorRequest>();
    const actor =
      request.headers.authorization === undefined && hasSessionCookie(request, CONSOLE_SESSION_COOKIE)
        ? await this.rateLimits.authenticate(context, 'session', () => this.consoleOperatorOf(request))
        : await this.rateLimits.authenticate(context, 'admin-token', () => this.tokenActorOf(request));
    const minimumRole = this.reflector.getAllAndOverride<OperatorRole | undefined>(MINIMUM_ROLE, [context.getHandler(), context.getClass()]);
    const refused = this.operators.refusal(actor, request.method, minimumRole);
    request.operator = actor;
    if (refused) {
      const error = new DomainError('OPERATOR_FORBIDDEN_ERROR', refused);
      // A change refused for the role or scope goes into the trail (before the body is read: only path and parameters).
      const operationId = (Reflect.getMetadata(DECORATORS.API_OPERATION, context.getHandler()) as { operationId?: string } | undefined)?.operationId;
      if (request.method !== 'GET' && operationId) {
        const entry = refusalEntry(adminActionOf(operationId), error);
        await this.audit.record(request, entry.action, null, entry.outcome);
      }
      throw error;
    }
    return true;
  }

  private async tokenActorOf(request: OperatorRequest): Promise<OperatorActor> {
    const token = /^bearer\s+(\S+)$/i.exec((request.headers.authorization ?? '').trim())?.[1];
    const found = token === undefined ? undefined : secretsEqual(token, this.config.adminApiToken) ? BOOTSTRAP_ACTOR : await this.operators.authenticate(token);
    if (!found) throw new DomainError('INVALID_ADMIN_TOKEN', 'Send your operator token (or ADMIN_API_TOKEN) as "Authorization: Bearer <token>"');
    return found;
  }

  private async consoleOperatorOf(request: OperatorRequest): Promise<ConsoleOperator> {
    const token = sessionTokenOf(request, CONSOLE_SESSION_COOKIE);
    const csrf = request.headers['x-csrf-token'];
    const found = token && (await this.consoleSessions.authenticate({ token, method: request.method, csrfToken: Array.isArray(csrf) ? csrf[0] : csrf }));
    if (!found) throw new DomainError('SESSION_INVALID_ERROR', 'Not signed in to the console, or the session ended: sign in again');
    return found;
  }
}
