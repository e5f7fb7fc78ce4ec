import type { Provider, Type } from '@nestjs/common';
import type { Environment } from '../common/environment';
import type { AccountInquiryPort, BalancePort, MoneyInPort, MoneyOutPort, PaymentLookupPort, ProviderName, WebhookPort } from '../domain/provider-ports';

/**
 * One provider as the registry sees it: its name, the environment it serves, whether its
 * configuration is set, and the capabilities it implements (absent: it has none).
 */
export interface ProviderPlugin {
  readonly name: ProviderName;
  /** The sandbox serves development; upstream providers serve production. */
  readonly environment: Environment;
  readonly configured: boolean;
  readonly moneyIn?: MoneyInPort;
  readonly paymentLookup?: PaymentLookupPort;
  readonly moneyOut?: MoneyOutPort;
  readonly accountInquiry?: AccountInquiryPort;
  readonly balance?: BalancePort;
  readonly webhooks?: WebhookPort;
}

export type Capability = Exclude<keyof ProviderPlugin, 'name' | 'environment' | 'configured'>;

/** An adapter folder's registration: its plugin and the injectables behind it. */
export interface AdapterRegistration {
  plugin: Type<ProviderPlugin>;
  providers: Provider[];
}

/** The injection token of every registered plugin, in registration order. */
export const PROVIDER_PLUGINS = Symbol('PROVIDER_PLUGINS');
