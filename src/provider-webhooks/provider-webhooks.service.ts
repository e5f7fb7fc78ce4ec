import { Injectable } from '@nestjs/common';
import { BankRegistryService } from '../bank-registry/bank-registry.service';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { PayoutDispatcher, ReportResult } from '../disbursements/dispatch/payout-dispatcher.service';
import type { PayableRowOf, RetailPaymentRow, ResourceType, VirtualAccountRow } from '../payments/payable-resource';
import { PaymentsService } from '../payments/recording/payments.service';
import { judgeCallback } from '../providers/duitku/duitku-codes';
import { xenditDisbursementOutcome } from '../providers/xendit/xendit-payout.provider';
import { ProviderEventsService } from './provider-events.service';
import {
  DuitkuDisbursementCallbackDto,
  WebhookReceiptDto,
  XenditDisbursementDto,
  XenditRetailPaymentPaidDto,
  XenditVirtualAccountPaidDto,
  XenditVirtualAccountUpdatedDto,
} from './provider-webhooks.dto';
import { duitkuCallbackSignatureValid } from './webhook-authenticity';

/** The first of `fields` the webhook does not carry, if any. */
function firstMissing<T extends object>(body: T, fields: (keyof T & string)[]): string | undefined {
  return fields.find((field) => body[field] === undefined || body[field] === null);
}

/**
 * Turns verified provider webhooks into the same calls the sandbox makes: payments are
 * recorded by PaymentsService.record, payouts finished through the dispatcher (which may
 * fail over). Every event passes through the inbox first. Before anything moves, what the
 * provider reports (bank, account, outlet, code, amount) must agree with our record of the
 * resource or payout; if it does not, the event is kept as `conflict` and changes nothing.
 */
@Injectable()
export class ProviderWebhooksService {
  constructor(
    private readonly config: AppConfig,
    private readonly events: ProviderEventsService,
    private readonly payments: PaymentsService,
    private readonly dispatcher: PayoutDispatcher,
    private readonly banks: BankRegistryService,
  ) {}

  virtualAccountPaid(body: XenditVirtualAccountPaidDto): Promise<WebhookReceiptDto> {
    return this.paymentEvent({
      resourceType: 'virtual_account',
      providerReference: body.callback_virtual_account_id,
      body,
      disagreement: (va) => this.virtualAccountDisagreement(va, body),
    });
  }

  retailPaymentPaid(body: XenditRetailPaymentPaidDto): Promise<WebhookReceiptDto> {
    return this.paymentEvent({
      resourceType: 'retail_payment',
      providerReference: body.fixed_payment_code_id,
      body,
      disagreement: (code) => this.retailPaymentDisagreement(code, body),
    });
  }

  /** Creation and update notices carry no money and change nothing here; they are kept. */
  virtualAccountUpdated(body: XenditVirtualAccountUpdatedDto): Promise<WebhookReceiptDto> {
    return this.receipt(
      { provider: 'xendit', eventId: `virtual_account.updated:${body.id}:${body.updated ?? body.status}`, eventType: 'virtual_account.updated', payload: body },
      async () => {
        const resource = await this.payments.findProviderResource('virtual_account', body.external_id, 'xendit');
        // The creation notice can overtake our own insert of the account: not a mismatch.
        return resource && resource.provider_reference === body.id
          ? { result: 'noted', detail: `Virtual account ${resource.id} is ${body.status} at Xendit` }
          : { result: 'noted', detail: `Virtual account ${body.external_id} (Xendit id ${body.id}) was not stored yet` };
      },
    );
  }

  disbursement(body: XenditDisbursementDto): Promise<WebhookReceiptDto> {
    return this.receipt(
      { provider: 'xendit', eventId: `disbursement:${body.id}:${body.status}`, eventType: 'disbursement.callback', payload: body },
      async () => {
        // The dispatcher checks only the facts given, and the doc gives these on every callback.
        const missing = firstMissing(body, ['amount', 'bank_code']);
        if (missing) return { result: 'conflict', detail: `Disbursement ${body.external_id}: Xendit's callback does not report ${missing}` };
        return this.dispatcher.applyReport(
          'xendit',
          { id: body.external_id },
          xenditDisbursementOutcome(body.status, body.failure_code, body.id, { stage: 'submitted', reference: body.id, data: null }),
          { amount: body.amount, bankCode: body.bank_code, accountNumber: body.account_number },
        );
      },
    );
  }

  duitkuDisbursement(body: DuitkuDisbursementCallbackDto): Promise<WebhookReceiptDto> {
    const duitku = this.config.providers.duitku;
    if (!duitku || !duitkuCallbackSignatureValid(body, duitku.secretKey) || body.email !== duitku.email) {
      throw new DomainError('INVALID_WEBHOOK_SIGNATURE', 'The Duitku callback signature does not match');
    }
    const reference = String(body.disburseId);
    const verdict = judgeCallback(body.statusCode);
    return this.receipt(
      { provider: 'duitku', eventId: `disbursement:${reference}:${body.statusCode}`, eventType: 'disbursement.callback', payload: { ...body, signature: undefined } },
      () =>
        this.dispatcher.applyReport(
          'duitku',
          { reference },
          verdict.kind === 'success'
            ? { kind: 'completed', reference }
            : verdict.kind === 'failed'
              ? verdict
              : { kind: 'waiting', state: { stage: 'submitted', reference, data: null } },
          { amount: body.amountTransfer, bankCode: body.bankCode, accountNumber: body.bankAccount },
        ),
    );
  }

  /**
   * What a Xendit FVA payment says against our account, or undefined when it agrees. The
   * callback's account_number excludes the prefix: merchant_code + account_number is the
   * full number we stored. Our FVAs are closed (XenditPaymentProvider), so Xendit takes
   * only the expected amount.
   */
  private virtualAccountDisagreement(va: VirtualAccountRow, body: XenditVirtualAccountPaidDto): string | undefined {
    const reports = `Virtual account ${va.id}: Xendit reports`;
    const missing = firstMissing(body, ['bank_code', 'merchant_code', 'account_number']);
    if (missing) return `Virtual account ${va.id}: Xendit's payment does not report ${missing}`;
    const bankCode = this.banks.listVirtualAccountBanks().find((bank) => bank.code === va.bank_code)?.xenditCode ?? va.bank_code;
    if (body.bank_code !== bankCode) return `${reports} bank_code ${body.bank_code}, the account is at ${bankCode}`;
    const accountNumber = `${body.merchant_code}${body.account_number}`;
    if (accountNumber !== va.account_number) {
      return `${reports} account ${accountNumber} (merchant_code ${body.merchant_code} + account_number ${body.account_number}), the account is ${va.account_number}`;
    }
    if (body.amount !== va.expected_amount) return `${reports} amount ${body.amount}, the closed account takes exactly ${va.expected_amount}`;
    return undefined;
  }

  /** What a Xendit fixed payment code payment says against our code, or undefined when it agrees. */
  private retailPaymentDisagreement(code: RetailPaymentRow, body: XenditRetailPaymentPaidDto): string | undefined {
    const reports = `Retail payment ${code.id}: Xendit reports`;
    const missing = firstMissing(body, ['retail_outlet_name', 'payment_code']);
    if (missing) return `Retail payment ${code.id}: Xendit's payment does not report ${missing}`;
    const outlet = this.banks.listRetailOutlets().find((known) => known.name === code.retail_outlet_name)?.xenditCode ?? code.retail_outlet_name;
    if (body.retail_outlet_name !== outlet) return `${reports} retail_outlet_name ${body.retail_outlet_name}, the code is for ${outlet}`;
    if (body.payment_code !== code.payment_code) return `${reports} payment_code ${body.payment_code}, the code is ${code.payment_code}`;
    if (body.amount !== code.expected_amount) return `${reports} amount ${body.amount}, the code takes exactly ${code.expected_amount}`;
    return undefined;
  }

  private paymentEvent<T extends ResourceType>(event: {
    resourceType: T;
    /** Xendit's id of the FVA or payment code. */
    providerReference: string;
    body: XenditVirtualAccountPaidDto | XenditRetailPaymentPaidDto;
    disagreement: (resource: PayableRowOf<T>) => string | undefined;
  }): Promise<WebhookReceiptDto> {
    const { resourceType, providerReference, body } = event;
    const { external_id: resourceId, payment_id: paymentId, amount } = body;
    return this.receipt({ provider: 'xendit', eventId: `${resourceType}.paid:${paymentId}`, eventType: `${resourceType}.paid`, payload: body }, async () => {
      const resource = await this.payments.findProviderResource(resourceType, resourceId, 'xendit');
      if (!resource || resource.provider_reference !== providerReference) {
        return { result: 'unmatched', detail: `No production ${resourceType.replace('_', ' ')} ${resourceId} with Xendit id ${providerReference}` };
      }
      const conflict = event.disagreement(resource);
      if (conflict) return { result: 'conflict', detail: conflict };
      const paid = body.transaction_timestamp ? new Date(body.transaction_timestamp) : undefined;
      const { payment } = await this.payments.record({
        resourceType,
        resourceId: resource.id,
        provider: 'xendit',
        providerPaymentId: paymentId,
        amount,
        paidAt: paid && !Number.isNaN(paid.getTime()) ? paid : undefined,
      });
      return { result: 'applied', detail: `Payment ${payment.id} of ${amount} on ${resource.id}` };
    });
  }

  private async receipt(event: Parameters<ProviderEventsService['receive']>[0], handle: () => Promise<ReportResult>): Promise<WebhookReceiptDto> {
    const { duplicate, outcome } = await this.events.receive(event, handle);
    return { received: true, duplicate, outcome };
  }
}
