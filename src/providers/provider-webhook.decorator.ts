import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { ProviderName } from '../domain/provider-ports';

export const PROVIDER_WEBHOOK = 'palladium:provider-webhook';

/** Marks a route as the named provider's webhook; each adapter lends its own (e.g. @XenditWebhook()). */
export const ProviderWebhook = (provider: ProviderName): MethodDecorator => SetMetadata(PROVIDER_WEBHOOK, provider);

/** The provider whose webhook route is being called. */
export const WebhookProvider = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ProviderName => Reflect.getMetadata(PROVIDER_WEBHOOK, context.getHandler()) as ProviderName,
);
