import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RateLimitService } from '../common/rate-limit/rate-limit.service';
import { MerchantsService } from './merchants.service';
import { MERCHANT_API, MerchantRequest } from '../common/http/merchant-api';



/**
 * Registered globally (APP_GUARD) and active on controllers marked @MerchantApi(), so
 * domain modules mark their routes without importing the merchants module. The API key
 * decides the merchant and the environment of the request. Failed keys count against the
 * client's address, accepted ones against the key (RateLimitService).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly merchants: MerchantsService,
    private readonly reflector: Reflector,
    private readonly rateLimits: RateLimitService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isMerchantApi = this.reflector.getAllAndOverride<boolean>(MERCHANT_API, [context.getHandler(), context.getClass()]);
    if (!isMerchantApi) return true;
    const request = context.switchToHttp().getRequest<MerchantRequest>();
    request.merchant = await this.rateLimits.authenticate(context, 'api-key', () => this.merchants.authenticate(request.headers.authorization));
    await this.rateLimits.countApiKey(context, request.merchant.apiKeyId);
    return true;
  }
}
