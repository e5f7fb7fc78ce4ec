import { Injectable } from '@nestjs/common';
import type { Environment } from '../common/environment';
import { DomainError } from '../common/errors/domain-error';
import { PaymentProviderPort } from './provider.port';
import { SandboxPaymentProvider } from './sandbox/sandbox-payment-provider';

/**
 * Picks the provider adapter for a request: the sandbox for development; for production
 * the configured upstream adapters, which do not exist yet, so production money-in is
 * refused with PROVIDER_NOT_CONFIGURED_ERROR rather than faked.
 */
@Injectable()
export class ProviderRegistry {
  constructor(private readonly sandbox: SandboxPaymentProvider) {}

  /** The provider that carries out disbursements and account inquiries in `environment`. */
  moneyOut(environment: Environment): 'sandbox' {
    if (environment === 'development') return 'sandbox';
    throw new DomainError(
      'PROVIDER_NOT_CONFIGURED_ERROR',
      'No upstream provider is configured for production disbursements yet; use a development key to try the API',
    );
  }

  moneyIn(environment: Environment, product: 'virtual_account' | 'retail_payment'): PaymentProviderPort {
    if (environment === 'development') return this.sandbox;
    throw new DomainError(
      'PROVIDER_NOT_CONFIGURED_ERROR',
      `No upstream provider is configured for production ${product.replace('_', ' ')}s yet; use a development key to try the API`,
    );
  }
}
