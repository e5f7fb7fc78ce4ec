import { Injectable } from '@nestjs/common';
import type { Environment } from '../common/environment';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { DuitkuPayoutProvider } from './duitku/duitku-payout.provider';
import { PayoutOrder, PayoutProviderPort, UpstreamProvider } from './payout-provider.port';
import { PaymentProviderPort } from './provider.port';
import { SandboxPaymentProvider } from './sandbox/sandbox-payment-provider';
import { XenditPaymentProvider } from './xendit/xendit-payment.provider';
import { XenditPayoutProvider } from './xendit/xendit-payout.provider';

/**
 * Routing: which adapter serves a product in an environment. Development always gets the
 * sandbox. Production money in goes to Xendit; production payouts go to the providers of
 * DISBURSEMENT_PROVIDERS, in that order, that are configured and serve the bank.
 */
@Injectable()
export class ProviderRegistry {
  constructor(
    private readonly config: AppConfig,
    private readonly sandbox: SandboxPaymentProvider,
    private readonly xenditPayments: XenditPaymentProvider,
    private readonly xenditPayouts: XenditPayoutProvider,
    private readonly duitku: DuitkuPayoutProvider,
  ) {}

  moneyIn(environment: Environment, product: 'virtual_account' | 'retail_payment'): PaymentProviderPort {
    if (environment === 'development') return this.sandbox;
    if (this.xenditPayments.configured) return this.xenditPayments;
    throw new DomainError(
      'PROVIDER_NOT_CONFIGURED_ERROR',
      `No upstream provider is configured for production ${product.replace('_', ' ')}s; use a development key to try the API`,
    );
  }

  /** The payout providers for this bank, first choice first; the sandbox in development. */
  payoutRoute(environment: Environment, bank: Pick<PayoutOrder, 'bankCode' | 'duitkuBankCode'>): ['sandbox'] | UpstreamProvider[] {
    if (environment === 'development') return ['sandbox'];
    const route = this.config.providers.disbursementOrder
      .map((name) => this.payoutProvider(name))
      .filter((provider) => this.isConfigured(provider.name) && provider.supportsBank(bank))
      .map((provider) => provider.name);
    if (route.length === 0) {
      throw new DomainError('PROVIDER_NOT_CONFIGURED_ERROR', `No upstream provider is configured for production disbursements to ${bank.bankCode}`);
    }
    return route;
  }

  payoutProvider(name: UpstreamProvider): PayoutProviderPort {
    return name === 'duitku' ? this.duitku : this.xenditPayouts;
  }

  /** Duitku's inquiry, for production account inquiries; null when Duitku is not configured. */
  accountInquiry(): DuitkuPayoutProvider | null {
    return this.duitku.configured ? this.duitku : null;
  }

  /** Xendit's money-in API for reconciliation; null when Xendit is not configured. */
  xenditPaymentLookup(): XenditPaymentProvider | null {
    return this.xenditPayments.configured ? this.xenditPayments : null;
  }

  /** Configured upstream providers, for balances and reconciliation. */
  configuredProviders(): PayoutProviderPort[] {
    return (['xendit', 'duitku'] as const).filter((name) => this.isConfigured(name)).map((name) => this.payoutProvider(name));
  }

  private isConfigured(name: UpstreamProvider): boolean {
    return name === 'duitku' ? this.duitku.configured : this.xenditPayouts.configured;
  }
}
