import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AuthenticatedMerchant } from './authenticated-merchant';
import { MerchantsService } from './merchants.service';

export type MerchantRequest = Request & { merchant?: AuthenticatedMerchant };

/** Authenticates /api/v2 calls by their API key; the key decides the environment. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly merchants: MerchantsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<MerchantRequest>();
    request.merchant = await this.merchants.authenticate(request.headers.authorization);
    return true;
  }
}
