import { Module } from '@nestjs/common';
import { ProviderRegistry } from './provider-registry.service';
import { SandboxPaymentProvider } from './sandbox/sandbox-payment-provider';

/** Upstream provider adapters (ProviderPort) and the routing between them. */
@Module({
  providers: [SandboxPaymentProvider, ProviderRegistry],
  exports: [ProviderRegistry],
})
export class ProvidersModule {}
