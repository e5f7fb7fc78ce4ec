import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { NewRetailPaymentCode, NewVirtualAccount } from '../../domain/payments';
import type { MoneyInPort } from '../../domain/provider-ports';

/** Bank prefixes of virtual account numbers; `9999` after it marks a sandbox number (as in the spec's example). */
const VA_PREFIX: Record<string, string> = { BNI: '8808', BRI: '26215', BSS: '8248', BCA: '10766' };
const VA_LENGTH = 16;

/** The development environment's provider name on our records. */
export const SANDBOX = 'sandbox';

function randomDigits(count: number): string {
  return Array.from({ length: count }, () => randomInt(10)).join('');
}

/**
 * The development environment's provider: it opens accounts and payment codes locally and
 * never calls anyone. The payer and the bank are played by the sandbox worker on the
 * spec's QA timeline.
 */
@Injectable()
export class SandboxPaymentProvider implements MoneyInPort {
  readonly name = SANDBOX;
  readonly products = ['virtual_account', 'retail_payment'] as const;

  async createVirtualAccount(input: NewVirtualAccount): Promise<{ accountNumber: string; providerReference: null }> {
    const prefix = `${VA_PREFIX[input.bankCode] ?? '9000'}9999`;
    return { accountNumber: prefix + randomDigits(VA_LENGTH - prefix.length), providerReference: null };
  }

  async updateVirtualAccount(): Promise<void> {
    // Nothing upstream to update.
  }

  /** `TEST` + 6 digits like the spec's example; later attempts widen the number space. */
  async createRetailPaymentCode(_input: NewRetailPaymentCode, attempt: number): Promise<{ paymentCode: string; providerReference: null }> {
    return { paymentCode: `TEST${randomDigits(attempt < 3 ? 6 : 10)}`, providerReference: null };
  }
}
