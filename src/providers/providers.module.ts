import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { DUITKU_ADAPTER } from './duitku/duitku.plugin';
import { ProviderHttpClient } from './http/provider-http.client';
import { AdapterRegistration, PROVIDER_PLUGINS, ProviderPlugin } from './provider-plugin';
import { ProviderRegistry } from './provider-registry.service';
import { SANDBOX_ADAPTER } from './sandbox/sandbox.plugin';
import { XENDIT_ADAPTER } from './xendit/xendit.plugin';

/** Every provider Palladium knows, in registration order (README, "Adding a provider"). */
const ADAPTERS: AdapterRegistration[] = [SANDBOX_ADAPTER, XENDIT_ADAPTER, DUITKU_ADAPTER];

/**
 * Upstream provider adapters (Xendit, Duitku, the development sandbox) and the registry
 * that routes between them. Stateless HTTP clients: the tables their results go into belong
 * to the domain modules that call them.
 */
@Module({
  imports: [MetricsModule],
  providers: [
    ProviderHttpClient,
    ...ADAPTERS.flatMap((adapter) => [adapter.plugin, ...adapter.providers]),
    { provide: PROVIDER_PLUGINS, useFactory: (...plugins: ProviderPlugin[]) => plugins, inject: ADAPTERS.map((adapter) => adapter.plugin) },
    ProviderRegistry,
  ],
  exports: [ProviderRegistry],
})
export class ProvidersModule {}
