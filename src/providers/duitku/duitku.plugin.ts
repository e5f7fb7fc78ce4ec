import { Injectable } from '@nestjs/common';
import type { AdapterRegistration, ProviderPlugin } from '../provider-plugin';
import { DUITKU, DuitkuClient } from './duitku.client';
import { DuitkuPayoutProvider } from './duitku-payout.provider';
import { DuitkuWebhooks } from './duitku.webhooks';

/** Duitku: disbursements, account inquiry and its balance; configured by DUITKU_USER_ID, DUITKU_EMAIL and DUITKU_SECRET_KEY. */
@Injectable()
export class DuitkuPlugin implements ProviderPlugin {
  readonly name = DUITKU;
  readonly environment = 'production';

  constructor(
    private readonly client: DuitkuClient,
    readonly moneyOut: DuitkuPayoutProvider,
    readonly webhooks: DuitkuWebhooks,
  ) {}

  get configured(): boolean {
    return this.client.configured;
  }

  get accountInquiry(): DuitkuPayoutProvider {
    return this.moneyOut;
  }

  get balance(): DuitkuPayoutProvider {
    return this.moneyOut;
  }
}

export const DUITKU_ADAPTER: AdapterRegistration = { plugin: DuitkuPlugin, providers: [DuitkuClient, DuitkuPayoutProvider, DuitkuWebhooks] };
