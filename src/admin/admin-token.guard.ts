import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/errors/domain-error';
import { RateLimitService } from '../common/rate-limit/rate-limit.service';
import { secretsEqual } from '../common/secrets';
import { BOOTSTRAP_ACTOR, type OperatorActor, type OperatorRole } from '../operators/operators.types';
import { OperatorsService } from '../operators/operators.service';

type OperatorRequest = Request & { operator?: OperatorActor };

const MINIMUM_ROLE = 'palladium:minimum-operator-role';

/** Raises the role an /admin route needs above the default (viewer to look, operator to act). */
export const RequiresOperatorRole = (role: OperatorRole) => SetMetadata(MINIMUM_ROLE, role);

/** The operator making this /admin request (set by AdminTokenGuard). */
export const CurrentOperator = createParamDecorator((_data: unknown, context: ExecutionContext): OperatorActor => {
  const operator = context.switchToHttp().getRequest<OperatorRequest>().operator;
  if (!operator) throw new Error('CurrentOperator outside an @AdminApi() controller');
  return operator;
});

/**
 * Operator endpoints: `Authorization: Bearer <token>`, either a named operator's `pallop_`
 * token (looked up by its SHA-256; revoked tokens and disabled operators are refused) or the
 * bootstrap ADMIN_API_TOKEN (compared in constant time; acts as an admin, for automation and
 * for creating the first operators). Wrong tokens count against the client's address
 * (RateLimitService). Then the operator's role and the token's scope decide (operator-access.ts).
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(
    private readonly config: AppConfig,
    private readonly rateLimits: RateLimitService,
    private readonly operators: OperatorsService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<OperatorRequest>();
    const token = /^bearer\s+(\S+)$/i.exec((request.headers.authorization ?? '').trim())?.[1];
    const actor = await this.rateLimits.authenticate(context, 'admin-token', async () => {
      const found = token === undefined ? undefined : await this.actorOf(token);
      if (!found) throw new DomainError('INVALID_ADMIN_TOKEN', 'Send your operator token (or ADMIN_API_TOKEN) as "Authorization: Bearer <token>"');
      return found;
    });
    const minimumRole = this.reflector.getAllAndOverride<OperatorRole | undefined>(MINIMUM_ROLE, [context.getHandler(), context.getClass()]);
    const refused = this.operators.refusal(actor, request.method, minimumRole);
    if (refused) throw new DomainError('OPERATOR_FORBIDDEN_ERROR', refused);
    request.operator = actor;
    return true;
  }

  private async actorOf(token: string): Promise<OperatorActor | undefined> {
    if (secretsEqual(token, this.config.adminApiToken)) return BOOTSTRAP_ACTOR;
    return this.operators.authenticate(token);
  }
}
