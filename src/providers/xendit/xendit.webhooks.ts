import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import { secretsEqual } from '../../common/secrets';
import { AppConfig } from '../../config/app-config';
import type { AccountNoticed, PaymentReceivedOn, PayoutReported, ProviderEvent } from '../../domain/provider-events';
import type { WebhookHeaders, WebhookPort } from '../../domain/provider-ports';
import { XENDIT } from './xendit.client';
import { xenditDisbursementOutcome } from './xendit.transformers';
import { XenditDisbursementDto, XenditRetailPaymentPaidDto, XenditVirtualAccountPaidDto, XenditVirtualAccountUpdatedDto } from './xendit-webhooks.dto';

/** The first of `fields` the webhook does not carry, if any. */
function firstMissing<T extends object>(body: T, fields: (keyof T & string)[]): string | undefined {
  return fields.find((field) => body[field] === undefined || body[field] === null);
}

function timestamp(value: string | undefined): Date | undefined {
  const date = value ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/**
 * Xendit's callbacks: every one carries X-CALLBACK-TOKEN (XENDIT_CALLBACK_TOKEN, which
 * verifies callbacks even before the secret key is set). Our resource and payout ids are
 * Xendit's external_id, so each callback names our record directly.
 */
@Injectable()
export class XenditWebhooks implements WebhookPort {
  readonly name = XENDIT;
  readonly title = 'Xendit';

  constructor(private readonly config: AppConfig) {}

  verifyHeaders(headers: WebhookHeaders): void {
    const token = headers['x-callback-token'];
    const expected = this.config.providers.xenditCallbackToken;
    if (typeof token !== 'string' || !token || !expected || !secretsEqual(token, expected)) {
      throw new DomainError('INVALID_WEBHOOK_SIGNATURE', 'X-CALLBACK-TOKEN is missing or is not the configured Xendit callback token');
    }
  }

  parse(body: object): ProviderEvent {
    if (body instanceof XenditVirtualAccountPaidDto) return this.virtualAccountPaid(body);
    if (body instanceof XenditRetailPaymentPaidDto) return this.retailPaymentPaid(body);
    if (body instanceof XenditVirtualAccountUpdatedDto) return this.virtualAccountUpdated(body);
    if (body instanceof XenditDisbursementDto) return this.disbursement(body);
    throw new Error(`${body.constructor.name} is not a Xendit webhook`);
  }

  /**
   * The callback's account_number excludes the prefix: merchant_code + account_number is the
   * full number we stored. The doc sends bank, prefix and number on every payment.
   */
  private virtualAccountPaid(body: XenditVirtualAccountPaidDto): PaymentReceivedOn<'virtual_account'> {
    const missing = firstMissing(body, ['bank_code', 'merchant_code', 'account_number']);
    const accountNumber = `${body.merchant_code}${body.account_number}`;
    return {
      kind: 'payment_received',
      product: 'virtual_account',
      eventId: `virtual_account.paid:${body.payment_id}`,
      eventType: 'virtual_account.paid',
      payload: body,
      resourceId: body.external_id,
      providerReference: body.callback_virtual_account_id,
      providerPaymentId: body.payment_id,
      amount: body.amount,
      paidAt: timestamp(body.transaction_timestamp),
      report: missing
        ? { missing }
        : {
            facts: [
              { fact: 'bank', value: body.bank_code!, said: `bank_code ${body.bank_code}` },
              { fact: 'account_number', value: accountNumber, said: `account ${accountNumber} (merchant_code ${body.merchant_code} + account_number ${body.account_number})` },
              { fact: 'amount', value: body.amount, said: `amount ${body.amount}` },
            ],
          },
    };
  }

  private retailPaymentPaid(body: XenditRetailPaymentPaidDto): PaymentReceivedOn<'retail_payment'> {
    const missing = firstMissing(body, ['retail_outlet_name', 'payment_code']);
    return {
      kind: 'payment_received',
      product: 'retail_payment',
      eventId: `retail_payment.paid:${body.payment_id}`,
      eventType: 'retail_payment.paid',
      payload: body,
      resourceId: body.external_id,
      providerReference: body.fixed_payment_code_id,
      providerPaymentId: body.payment_id,
      amount: body.amount,
      paidAt: timestamp(body.transaction_timestamp),
      report: missing
        ? { missing }
        : {
            facts: [
              { fact: 'retail_outlet', value: body.retail_outlet_name!, said: `retail_outlet_name ${body.retail_outlet_name}` },
              { fact: 'payment_code', value: body.payment_code!, said: `payment_code ${body.payment_code}` },
              { fact: 'amount', value: body.amount, said: `amount ${body.amount}` },
            ],
          },
    };
  }

  private virtualAccountUpdated(body: XenditVirtualAccountUpdatedDto): AccountNoticed {
    return {
      kind: 'account_noticed',
      eventId: `virtual_account.updated:${body.id}:${body.updated ?? body.status}`,
      eventType: 'virtual_account.updated',
      payload: body,
      resourceId: body.external_id,
      providerReference: body.id,
      status: body.status,
    };
  }

  /** The doc sends the amount and bank on every callback; the account number only sometimes. */
  private disbursement(body: XenditDisbursementDto): PayoutReported {
    const missing = firstMissing(body, ['amount', 'bank_code']);
    return {
      kind: 'payout_reported',
      eventId: `disbursement:${body.id}:${body.status}`,
      eventType: 'disbursement.callback',
      payload: body,
      match: { id: body.external_id },
      outcome: xenditDisbursementOutcome(body.status, body.failure_code, body.id, { stage: 'submitted', reference: body.id, data: null }),
      report: missing ? { missing } : { facts: { amount: body.amount, bankCode: body.bank_code, accountNumber: body.account_number } },
    };
  }
}
