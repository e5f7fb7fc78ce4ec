import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Environment, MerchantScope } from '../environment';
import { ApiErrorResponses } from '../errors/api-error-responses.decorator';

/**
 * The merchant API's contract with the modules that serve it: routes are marked here, and
 * the merchants module's ApiKeyGuard (registered globally) authenticates them. Kept below
 * the modules so they mark routes without depending on merchants, which depends on them.
 */

/** Who is calling /api/v2, and in which environment: set by ApiKeyGuard from the key. */
export interface AuthenticatedMerchant extends MerchantScope {
  name: string;
  email: string;
  environment: Environment;
  apiKeyId: string;
}

export type MerchantRequest = Request & { merchant?: AuthenticatedMerchant };

export const MERCHANT_API = 'palladium:merchant-api';
export const API_KEY_SECURITY = 'api-key';

/** Marks a controller as the merchant API: bearer API key required, documented as such. */
export function MerchantApi(): ClassDecorator {
  return applyDecorators(
    SetMetadata(MERCHANT_API, true),
    ApiBearerAuth(API_KEY_SECURITY),
    ApiErrorResponses('INVALID_API_KEY', 'RATE_LIMITED_ERROR', 'SERVER_ERROR'),
  );
}

/** The merchant and environment the request's API key belongs to. */
export const CurrentMerchant = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedMerchant =>
    context.switchToHttp().getRequest<MerchantRequest>().merchant!,
);
