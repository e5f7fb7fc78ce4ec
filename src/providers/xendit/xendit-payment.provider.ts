import { Injectable } from '@nestjs/common';
import type { NewRetailPaymentCode, NewVirtualAccount, VirtualAccountChanges } from '../../domain/payments';
import type { MoneyInPort, PaymentLookupPort } from '../../domain/provider-ports';
import { XENDIT, XenditClient } from './xendit.client';
import { xenditName } from './xendit.transformers';

/**
 * Production money in through Xendit: virtual accounts are closed Fixed Virtual Accounts
 * (the exact expected amount), Alfamart codes are Fixed Payment Codes. Our resource id is
 * the external_id, so Xendit's callbacks name the resource directly.
 */
@Injectable()
export class XenditPaymentProvider implements MoneyInPort, PaymentLookupPort {
  readonly name = XENDIT;
  readonly products = ['virtual_account', 'retail_payment'] as const;

  constructor(private readonly xendit: XenditClient) {}

  async createVirtualAccount(input: NewVirtualAccount): Promise<{ accountNumber: string; providerReference: string }> {
    const created = await this.xendit.callForMerchant('POST', '/callback_virtual_accounts', {
      external_id: input.id,
      bank_code: input.providerBankCode,
      name: xenditName(input.accountName),
      is_closed: true,
      expected_amount: input.amount,
      expiration_date: input.expirationDate.toISOString(),
      is_single_use: input.isSingleUse,
    });
    return { accountNumber: String(created.account_number), providerReference: String(created.id) };
  }

  async updateVirtualAccount(changes: VirtualAccountChanges): Promise<void> {
    if (!changes.providerReference) throw new Error('A Xendit virtual account without its Xendit id');
    await this.xendit.callForMerchant('PATCH', `/callback_virtual_accounts/${encodeURIComponent(changes.providerReference)}`, {
      ...(changes.amount === undefined ? {} : { expected_amount: changes.amount }),
      ...(changes.expirationDate === undefined ? {} : { expiration_date: changes.expirationDate.toISOString() }),
    });
  }

  async createRetailPaymentCode(input: NewRetailPaymentCode): Promise<{ paymentCode: string; providerReference: string }> {
    const created = await this.xendit.callForMerchant('POST', '/fixed_payment_code', {
      external_id: input.id,
      retail_outlet_name: input.retailOutletName,
      name: xenditName(input.name),
      expected_amount: input.amount,
      expiration_date: input.expirationDate.toISOString(),
      is_single_use: input.isSingleUse,
    });
    return { paymentCode: String(created.payment_code), providerReference: String(created.id) };
  }

  async findVirtualAccountPayment(paymentId: string): Promise<{ amount: number } | null> {
    const answer = await this.xendit.call('GET', `/callback_virtual_account_payments/payment_id=${encodeURIComponent(paymentId)}`);
    if (answer.status === 404) return null;
    if (answer.status !== 200) throw new Error(`Xendit answered HTTP ${answer.status} ${answer.body.error_code ?? ''}`.trim());
    return { amount: Math.round(Number(answer.body.amount)) };
  }
}
