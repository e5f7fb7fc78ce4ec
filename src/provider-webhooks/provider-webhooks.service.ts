import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { PayoutDispatcher, ReportResult } from '../disbursements/dispatch/payout-dispatcher.service';
import type { ResourceType } from '../payments/payable-resource';
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

/**
 * Turns verified provider webhooks into the same calls the sandbox makes: payments are
 * recorded by PaymentsService.record, payouts finished through the dispatcher (which may
 * fail over). Every event passes through the inbox first.
 */
@Injectable()
export class ProviderWebhooksService {
  constructor(
    private readonly config: AppConfig,
    private readonly events: ProviderEventsService,
    private readonly payments: PaymentsService,
    private readonly dispatcher: PayoutDispatcher,
  ) {}

  virtualAccountPaid(body: XenditVirtualAccountPaidDto): Promise<WebhookReceiptDto> {
    return this.paymentEvent('virtual_account', body.external_id, body.callback_virtual_account_id, body.payment_id, body.amount, body.transaction_timestamp, body);
  }

  retailPaymentPaid(body: XenditRetailPaymentPaidDto): Promise<WebhookReceiptDto> {
    return this.paymentEvent('retail_payment', body.external_id, body.fixed_payment_code_id, body.payment_id, body.amount, body.transaction_timestamp, body);
  }

  /** Creation and update notices carry no money and change nothing here; they are kept. */
  virtualAccountUpdated(body: XenditVirtualAccountUpdatedDto): Promise<WebhookReceiptDto> {
    return this.receipt(
      { provider: 'xendit', eventId: `virtual_account.updated:${body.id}:${body.updated ?? body.status}`, eventType: 'virtual_account.updated', payload: body },
      async () => {
        const resource = await this.payments.findProviderResource('virtual_account', body.external_id, 'xendit');
        // The creation notice can overtake our own insert of the account: not a mismatch.
        return resource && resource.providerReference === body.id
          ? { result: 'noted', detail: `Virtual account ${resource.id} is ${body.status} at Xendit` }
          : { result: 'noted', detail: `Virtual account ${body.external_id} (Xendit id ${body.id}) was not stored yet` };
      },
    );
  }

  disbursement(body: XenditDisbursementDto): Promise<WebhookReceiptDto> {
    return this.receipt(
      { provider: 'xendit', eventId: `disbursement:${body.id}:${body.status}`, eventType: 'disbursement.callback', payload: body },
      () =>
        this.dispatcher.applyReport(
          'xendit',
          { id: body.external_id },
          xenditDisbursementOutcome(body.status, body.failure_code, body.id, { stage: 'submitted', reference: body.id, data: null }),
        ),
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
        ),
    );
  }

  private paymentEvent(
    resourceType: ResourceType,
    resourceId: string,
    providerReference: string,
    paymentId: string,
    amount: number,
    paidAt: string | undefined,
    payload: object,
  ): Promise<WebhookReceiptDto> {
    return this.receipt({ provider: 'xendit', eventId: `${resourceType}.paid:${paymentId}`, eventType: `${resourceType}.paid`, payload }, async () => {
      const resource = await this.payments.findProviderResource(resourceType, resourceId, 'xendit');
      if (!resource || resource.providerReference !== providerReference) {
        return { result: 'unmatched', detail: `No production ${resourceType.replace('_', ' ')} ${resourceId} with Xendit id ${providerReference}` };
      }
      const paid = paidAt ? new Date(paidAt) : undefined;
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
