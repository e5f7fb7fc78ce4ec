import { Injectable } from '@nestjs/common';
import { BankRegistryService } from '../bank-registry/bank-registry.service';
import { PayoutDispatcher, ReportResult } from '../disbursements/dispatch/payout-dispatcher.service';
import type { MoneyInProduct } from '../domain/payments';
import type { AccountNoticed, PayableFacts, PaymentReceived, PaymentReceivedOn, PayoutReported, ProviderEvent } from '../domain/provider-events';
import type { ProviderName, WebhookPort } from '../domain/provider-ports';
import { PaymentsService } from '../payments/recording/payments.service';
import type { PayableRowOf, RetailPaymentRow, VirtualAccountRow } from '../payments/recording/payments.service';
import { ProviderRegistry } from '../providers/provider-registry.service';
import { ProviderEventsService } from './provider-events.service';
import { WebhookReceiptDto } from './provider-webhooks.dto';

const LABEL: Record<MoneyInProduct, string> = { virtual_account: 'Virtual account', retail_payment: 'Retail payment' };

/** Our record's side of each fact a provider reports: its value in the provider's terms, and how to say it. */
type OurSide<Fact extends string> = Record<Fact, { value: string | number; said: string }>;

/**
 * Applies verified provider webhooks as the sandbox's notifications are applied: payments
 * are recorded by PaymentsService.record, payouts finished through the dispatcher (which may
 * fail over). The adapter, found by the route's provider, verifies and parses each webhook;
 * every event passes through the inbox first. Before anything moves, what the provider
 * reports (bank, account, outlet, code, amount) must agree with our record of the resource
 * or payout; if it does not, the event is kept as `conflict` and changes nothing.
 */
@Injectable()
export class ProviderWebhooksService {
  constructor(
    private readonly providers: ProviderRegistry,
    private readonly events: ProviderEventsService,
    private readonly payments: PaymentsService,
    private readonly dispatcher: PayoutDispatcher,
    private readonly banks: BankRegistryService,
  ) {}

  async receive(provider: ProviderName, body: object): Promise<WebhookReceiptDto> {
    const webhooks = this.providers.webhooks(provider);
    webhooks.verifyBody?.(body);
    const event = webhooks.parse(body);
    const { duplicate, outcome } = await this.events.receive(
      { provider, eventId: event.eventId, eventType: event.eventType, payload: event.payload },
      () => this.apply(webhooks, event),
    );
    return { received: true, duplicate, outcome };
  }

  private apply(webhooks: WebhookPort, event: ProviderEvent): Promise<ReportResult> {
    switch (event.kind) {
      case 'payment_received':
        return this.paymentReceived(webhooks, event);
      case 'account_noticed':
        return this.accountNoticed(webhooks, event);
      case 'payout_reported':
        return this.payoutReported(webhooks, event);
    }
  }

  private paymentReceived(webhooks: WebhookPort, event: PaymentReceived): Promise<ReportResult> {
    return event.product === 'virtual_account'
      ? this.recordPayment(webhooks, event, (va) => this.accountSide(va))
      : this.recordPayment(webhooks, event, (code) => this.codeSide(code));
  }

  private async recordPayment<Product extends MoneyInProduct>(
    { name, title }: WebhookPort,
    event: PaymentReceivedOn<Product>,
    ourSide: (resource: PayableRowOf<Product>) => OurSide<PayableFacts[Product]>,
  ): Promise<ReportResult> {
    const { product, resourceId, providerReference, amount } = event;
    const resource = await this.payments.findProviderResource(product, resourceId, name);
    if (!resource || resource.provider_reference !== providerReference) {
      return { result: 'unmatched', detail: `No production ${product.replace('_', ' ')} ${resourceId} with ${title} id ${providerReference}` };
    }
    const label = `${LABEL[product]} ${resource.id}`;
    if ('missing' in event.report) return { result: 'conflict', detail: `${label}: ${title}'s payment does not report ${event.report.missing}` };
    const ours = ourSide(resource);
    const disagreeing = event.report.facts.find(({ fact, value }) => value !== ours[fact].value);
    if (disagreeing) return { result: 'conflict', detail: `${label}: ${title} reports ${disagreeing.said}, ${ours[disagreeing.fact].said}` };
    const { payment } = await this.payments.record({
      resourceType: product,
      resourceId: resource.id,
      provider: name,
      providerPaymentId: event.providerPaymentId,
      amount,
      paidAt: event.paidAt,
    });
    return { result: 'applied', detail: `Payment ${payment.id} of ${amount} on ${resource.id}` };
  }

  /** Our FVAs are closed (the money-in adapter opens them so): the provider takes only the expected amount. */
  private accountSide(va: VirtualAccountRow): OurSide<PayableFacts['virtual_account']> {
    // The bank registry's code for the bank at the money-in provider (our BSS is Xendit's SAHABAT_SAMPOERNA).
    const bank = this.banks.listVirtualAccountBanks().find((known) => known.code === va.bank_code)?.xenditCode ?? va.bank_code;
    return {
      bank: { value: bank, said: `the account is at ${bank}` },
      account_number: { value: va.account_number, said: `the account is ${va.account_number}` },
      amount: { value: va.expected_amount, said: `the closed account takes exactly ${va.expected_amount}` },
    };
  }

  private codeSide(code: RetailPaymentRow): OurSide<PayableFacts['retail_payment']> {
    const outlet = this.banks.listRetailOutlets().find((known) => known.name === code.retail_outlet_name)?.xenditCode ?? code.retail_outlet_name;
    return {
      retail_outlet: { value: outlet, said: `the code is for ${outlet}` },
      payment_code: { value: code.payment_code, said: `the code is ${code.payment_code}` },
      amount: { value: code.expected_amount, said: `the code takes exactly ${code.expected_amount}` },
    };
  }

  /** Creation and update notices carry no money and change nothing here; they are kept. */
  private async accountNoticed({ name, title }: WebhookPort, event: AccountNoticed): Promise<ReportResult> {
    const resource = await this.payments.findProviderResource('virtual_account', event.resourceId, name);
    // The creation notice can overtake our own insert of the account: not a mismatch.
    return resource && resource.provider_reference === event.providerReference
      ? { result: 'noted', detail: `Virtual account ${resource.id} is ${event.status} at ${title}` }
      : { result: 'noted', detail: `Virtual account ${event.resourceId} (${title} id ${event.providerReference}) was not stored yet` };
  }

  /** The dispatcher checks only the facts given; a fact the provider documents but left out is a conflict. */
  private async payoutReported({ name, title }: WebhookPort, event: PayoutReported): Promise<ReportResult> {
    const { match, report } = event;
    if ('missing' in report) {
      const payout = 'id' in match ? match.id : match.reference;
      return { result: 'conflict', detail: `Disbursement ${payout}: ${title}'s callback does not report ${report.missing}` };
    }
    return this.dispatcher.applyReport(name, match, event.outcome, report.facts);
  }
}
