import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Environment, MerchantScope } from '../environment';
import { ApiErrorResponses } from '../errors/api-error-responses.decorator';
import type { AuthenticatedPerson } from './dashboard-api';
import { SESSION_SECURITY } from './dashboard-api';

/**
 * The merchant API's contract with the modules that serve it: routes are marked here, and
 * the people module's AuthenticationGuard (registered globally) authenticates them, with the
 * merchants module's API-key strategy or the dashboard session. Kept below the modules so
 * they mark routes without depending on merchants or people, which depend on them.
 */

/**
 * Who is calling /api/v2, and in which environment: from the API key (its environment), or
 * from a signed-in person's session (the X-Palladium-Environment header they chose).
 */
export interface AuthenticatedMerchant extends MerchantScope {
  name: string;
  email: string;
  environment: Environment;
  /** The key that authenticated the request; null when a signed-in person calls (request.person). */
  apiKeyId: string | null;
}

export type MerchantRequest = Request & { merchant?: AuthenticatedMerchant; person?: AuthenticatedPerson };

export const MERCHANT_API = 'palladium:merchant-api';
export const API_KEY_SECURITY = 'api-key';
/** The name the API-key passport strategy is registered under. */
export const API_KEY_STRATEGY = 'api-key';

/**
 * Marks a controller as the merchant API: a bearer API key, or a dashboard session cookie
 * (with X-CSRF-Token on changes), documented as either.
 */
export function MerchantApi(): ClassDecorator {
  return applyDecorators(
    SetMetadata(MERCHANT_API, true),
    ApiBearerAuth(API_KEY_SECURITY),
    ApiCookieAuth(SESSION_SECURITY),
    ApiErrorResponses(
      'INVALID_API_KEY',
      'SESSION_INVALID_ERROR',
      'FORBIDDEN_ERROR',
      'CSRF_TOKEN_INVALID_ERROR',
      'PRODUCTION_NOT_ENABLED_ERROR',
      'MERCHANT_SUSPENDED_ERROR',
      'RATE_LIMITED_ERROR',
      'SERVER_ERROR',
    ),
  );
}

/** The merchant and environment the request's API key (or session) belongs to. */
export const CurrentMerchant = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedMerchant =>
    context.switchToHttp().getRequest<MerchantRequest>().merchant!,
);
