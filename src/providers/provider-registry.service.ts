import { Inject, Injectable } from '@nestjs/common';
import type { Environment } from '../common/environment';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import type { MoneyInProduct } from '../domain/payments';
import type { PayoutBank } from '../domain/payouts';
import type { AccountInquiryPort, BalancePort, MoneyInPort, MoneyOutPort, PaymentLookupPort, ProviderName, WebhookPort } from '../domain/provider-ports';
import { Capability, PROVIDER_PLUGINS, ProviderPlugin } from './provider-plugin';

/**
 * Routing over the registered plugins (providers.module.ts): which adapter serves a
 * capability, by name, environment and configuration. Development always gets the sandbox.
 * Production money in goes to the first configured plugin that opens the product;
 * production payouts go to the providers of DISBURSEMENT_PROVIDERS, in that order, that are
 * configured and serve the bank.
 */
@Injectable()
export class ProviderRegistry {
  constructor(
    private readonly config: AppConfig,
    @Inject(PROVIDER_PLUGINS) private readonly plugins: readonly ProviderPlugin[],
  ) {}

  moneyIn(environment: Environment, product: MoneyInProduct): MoneyInPort {
    const found = this.offering('moneyIn').find(
      ({ plugin, port }) => plugin.environment === environment && plugin.configured && port.products.includes(product),
    );
    if (found) return found.port;
    throw new DomainError(
      'PROVIDER_NOT_CONFIGURED_ERROR',
      `No upstream provider is configured for production ${product.replace('_', ' ')}s; use a development key to try the API`,
    );
  }

  /** The payout providers for this bank, first choice first. Development payouts are the sandbox's to play (PayoutsService). */
  payoutRoute(environment: Environment, bank: PayoutBank): ProviderName[] {
    if (environment === 'development') return this.plugins.filter((plugin) => plugin.environment === 'development').map((plugin) => plugin.name);
    const route = this.config.providers.disbursementOrder.filter((name) => {
      const plugin = this.plugin(name);
      return plugin?.configured === true && plugin.moneyOut?.supportsBank(bank) === true;
    });
    if (route.length === 0) {
      throw new DomainError('PROVIDER_NOT_CONFIGURED_ERROR', `No upstream provider is configured for production disbursements to ${bank.bankCode}`);
    }
    return route;
  }

  moneyOut(name: ProviderName): MoneyOutPort {
    const port = this.plugin(name)?.moneyOut;
    if (!port) throw new Error(`No payout adapter is registered as ${name}`);
    return port;
  }

  /** Whether payouts routed to `name` are sent by an adapter (the dispatcher), not played by the sandbox or an operator. */
  sendsPayouts(name: string): boolean {
    return this.plugin(name)?.moneyOut !== undefined;
  }

  /** Every provider that sends payouts, configured or not. */
  payoutProviders(): ProviderName[] {
    return this.offering('moneyOut').map(({ plugin }) => plugin.name);
  }

  /** The first configured provider that can say who holds an account at this bank; null when none can. */
  accountInquiry(bank: PayoutBank): AccountInquiryPort | null {
    return this.offering('accountInquiry').find(({ plugin, port }) => plugin.configured && port.supportsBank(bank))?.port ?? null;
  }

  /** Every provider we hold a balance at, configured or not (the ones an operator can fund). */
  balanceProviders(): ProviderName[] {
    return this.offering('balance').map(({ plugin }) => plugin.name);
  }

  /** The configured providers we hold a balance at, for reconciliation. */
  balances(): BalancePort[] {
    return this.configured('balance');
  }

  /** The configured providers whose payment records reconciliation checks ours against. */
  paymentLookups(): PaymentLookupPort[] {
    return this.configured('paymentLookup');
  }

  /** Configured or not: an unconfigured provider's webhooks fail their verification. */
  webhooks(name: ProviderName): WebhookPort {
    const port = this.plugin(name)?.webhooks;
    if (!port) throw new Error(`No webhook adapter is registered as ${name}`);
    return port;
  }

  private plugin(name: string): ProviderPlugin | undefined {
    return this.plugins.find((plugin) => plugin.name === name);
  }

  /** The plugins implementing the capability, in registration order, with it. */
  private offering<C extends Capability>(capability: C): { plugin: ProviderPlugin; port: NonNullable<ProviderPlugin[C]> }[] {
    return this.plugins.flatMap((plugin) => {
      const port = plugin[capability];
      return port ? [{ plugin, port }] : [];
    });
  }

  private configured<C extends Capability>(capability: C): NonNullable<ProviderPlugin[C]>[] {
    return this.offering(capability)
      .filter(({ plugin }) => plugin.configured)
      .map(({ port }) => port);
  }
}
