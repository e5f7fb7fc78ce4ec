import { Module } from '@nestjs/common';
import { DuitkuPayoutProvider } from './duitku/duitku-payout.provider';
import { ProviderHttpClient } from './http/provider-http.client';
import { ProviderRegistry } from './provider-registry.service';
import { SandboxPaymentProvider } from './sandbox/sandbox-payment-provider';
import { XenditClient } from './xendit/xendit.client';
import { XenditPaymentProvider } from './xendit/xendit-payment.provider';
import { XenditPayoutProvider } from './xendit/xendit-payout.provider';

/**
 * Upstream provider adapters (Xendit, Duitku, the development sandbox) and the routing
 * between them. Stateless HTTP clients: the tables their results go into belong to the
 * domain modules that call them.
 */
@Module({
  providers: [ProviderHttpClient, XenditClient, SandboxPaymentProvider, XenditPaymentProvider, XenditPayoutProvider, DuitkuPayoutProvider, ProviderRegistry],
  exports: [ProviderRegistry],
})
export class ProvidersModule {}
