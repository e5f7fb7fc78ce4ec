import { Injectable } from '@nestjs/common';
import type { AdapterRegistration, ProviderPlugin } from '../provider-plugin';
import { XENDIT, XenditClient } from './xendit.client';
import { XenditPaymentProvider } from './xendit-payment.provider';
import { XenditPayoutProvider } from './xendit-payout.provider';
import { XenditWebhooks } from './xendit.webhooks';

/** Xendit: money in (fixed VAs, Alfamart codes), disbursements and its balance; configured by XENDIT_SECRET_KEY and XENDIT_CALLBACK_TOKEN. */
@Injectable()
export class XenditPlugin implements ProviderPlugin {
  readonly name = XENDIT;
  readonly environment = 'production';

  constructor(
    private readonly client: XenditClient,
    readonly moneyIn: XenditPaymentProvider,
    readonly moneyOut: XenditPayoutProvider,
    readonly webhooks: XenditWebhooks,
  ) {}

  get configured(): boolean {
    return this.client.configured;
  }

  get paymentLookup(): XenditPaymentProvider {
    return this.moneyIn;
  }

  get balance(): XenditPayoutProvider {
    return this.moneyOut;
  }
}

export const XENDIT_ADAPTER: AdapterRegistration = {
  plugin: XenditPlugin,
  providers: [XenditClient, XenditPaymentProvider, XenditPayoutProvider, XenditWebhooks],
};
