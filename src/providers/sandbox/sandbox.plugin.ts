import { Injectable } from '@nestjs/common';
import type { AdapterRegistration, ProviderPlugin } from '../provider-plugin';
import { SANDBOX, SandboxPaymentProvider } from './sandbox-payment-provider';

/** The development environment: always configured; its payouts are played by PayoutsService. */
@Injectable()
export class SandboxPlugin implements ProviderPlugin {
  readonly name = SANDBOX;
  readonly environment = 'development';
  readonly configured = true;

  constructor(readonly moneyIn: SandboxPaymentProvider) {}
}

export const SANDBOX_ADAPTER: AdapterRegistration = { plugin: SandboxPlugin, providers: [SandboxPaymentProvider] };
