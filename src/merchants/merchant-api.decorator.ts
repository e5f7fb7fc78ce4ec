import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { MERCHANT_API, MerchantRequest } from './api-key.guard';
import { AuthenticatedMerchant } from './authenticated-merchant';

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
