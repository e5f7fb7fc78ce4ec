import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { RateLimitService } from '../common/rate-limit/rate-limit.service';
import type { ProviderName } from '../domain/provider-ports';
import { PROVIDER_WEBHOOK } from '../providers/provider-webhook.decorator';
import { ProviderRegistry } from '../providers/provider-registry.service';

/**
 * Checks the proof a provider's webhook carries in its headers (Xendit's X-CALLBACK-TOKEN)
 * before the body is read: guards run before RequestBodyInterceptor. Wrong proofs count
 * against the client's address (RateLimitService). A provider whose proof is in the body
 * (Duitku's signature) is checked once it is parsed, and its route proves nothing here.
 */
@Injectable()
export class ProviderWebhookGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly providers: ProviderRegistry,
    private readonly rateLimits: RateLimitService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const webhooks = this.providers.webhooks(this.reflector.get<ProviderName>(PROVIDER_WEBHOOK, context.getHandler()));
    if (!webhooks.verifyHeaders) return true;
    const { headers } = context.switchToHttp().getRequest<Request>();
    await this.rateLimits.authenticate(context, 'provider-token', () => webhooks.verifyHeaders?.(headers));
    return true;
  }
}
