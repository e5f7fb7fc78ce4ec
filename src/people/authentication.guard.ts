import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DECORATORS } from '@nestjs/swagger';
import { DomainError } from '../common/errors/domain-error';
import { type AuthenticatedPerson, DASHBOARD_API, SESSION_STRATEGY } from '../common/http/dashboard-api';
import { API_KEY_STRATEGY, type AuthenticatedMerchant, MERCHANT_API, type MerchantRequest } from '../common/http/merchant-api';
import { RateLimitService } from '../common/rate-limit/rate-limit.service';
import { mayCall } from './permissions';
import { sessionInvalid } from './sessions.service';
import { hasSessionCookie } from '../common/security/session-token';

/** Where the passport guards leave what the strategy returned (not `user`: a merchant or a session). */
const AUTHENTICATED = 'palladiumAuthentication';

type AuthenticatedRequest = MerchantRequest & { [AUTHENTICATED]?: unknown };

/** A passport guard of one strategy (@nestjs/passport); the strategy's own DomainErrors pass through unchanged. */
interface StrategyGuard {
  run<T>(context: ExecutionContext): Promise<T>;
}

function strategyGuard(strategy: string, refusal: () => DomainError): StrategyGuard {
  class Guard extends AuthGuard(strategy) {
    override getAuthenticateOptions() {
      return { session: false, property: AUTHENTICATED };
    }

    override handleRequest<T>(error: unknown, result: T): T {
      if (error) throw error;
      if (!result) throw refusal();
      return result;
    }

    async run<T>(context: ExecutionContext): Promise<T> {
      await this.canActivate(context);
      return context.switchToHttp().getRequest<AuthenticatedRequest>()[AUTHENTICATED] as T;
    }
  }
  return new Guard();
}

/**
 * Who is calling, for every route that needs a credential of a merchant (registered
 * globally; guards run before the body is read, so nothing is read for a refused request):
 * - @MerchantApi() routes (/api/v2): the API key (passport-http-bearer, merchants module)
 *   when the request has an Authorization header or no session cookie; otherwise the
 *   dashboard session. A request with both is decided by the key.
 * - @DashboardApi() routes (/api/dashboard): the session only.
 * Either way request.merchant is the merchant and environment; a session adds
 * request.person, and must be allowed the route's operation by its role (permissions.ts).
 * Failed authentications count against the client address, accepted requests against the
 * key or the person (RateLimitService).
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  private readonly apiKey = strategyGuard(API_KEY_STRATEGY, () => new DomainError('INVALID_API_KEY', 'Missing API key'));
  private readonly session = strategyGuard(SESSION_STRATEGY, () => sessionInvalid());

  constructor(
    private readonly reflector: Reflector,
    private readonly rateLimits: RateLimitService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const merchantApi = this.reflector.getAllAndOverride<boolean>(MERCHANT_API, targets);
    const dashboardApi = this.reflector.getAllAndOverride<boolean>(DASHBOARD_API, targets);
    if (!merchantApi && !dashboardApi) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();

    if (merchantApi && (request.headers.authorization !== undefined || !hasSessionCookie(request))) {
      const merchant = await this.rateLimits.authenticate(context, 'api-key', () => this.apiKey.run<AuthenticatedMerchant>(context));
      request.merchant = merchant;
      await this.rateLimits.countApiKey(context, merchant.apiKeyId!);
      return true;
    }

    const { merchant, person } = await this.rateLimits.authenticate(context, 'session', () =>
      this.session.run<{ merchant: AuthenticatedMerchant; person: AuthenticatedPerson }>(context),
    );
    request.merchant = merchant;
    request.person = person;
    await this.rateLimits.countSession(context, person.id);
    const operationId = (Reflect.getMetadata(DECORATORS.API_OPERATION, context.getHandler()) as { operationId?: string } | undefined)?.operationId;
    if (!mayCall(person.role, operationId)) {
      throw new DomainError('FORBIDDEN_ERROR', `Your role (${person.role}) may not do this${operationId ? ` (${operationId})` : ''}; ask an owner`);
    }
    return true;
  }
}
