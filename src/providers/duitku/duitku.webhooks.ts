import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error';
import { secretsEqual } from '../../common/secrets';
import { AppConfig } from '../../config/app-config';
import type { PayoutStepOutcome } from '../../domain/payouts';
import type { PayoutReported } from '../../domain/provider-events';
import type { WebhookPort } from '../../domain/provider-ports';
import { DUITKU } from './duitku.client';
import { duitkuSignature, judgeCallback } from './duitku.transformers';
import { DuitkuDisbursementCallbackDto } from './duitku-webhooks.dto';

function callback(body: object): DuitkuDisbursementCallbackDto {
  if (!(body instanceof DuitkuDisbursementCallbackDto)) throw new Error(`${body.constructor.name} is not a Duitku webhook`);
  return body;
}

/**
 * Duitku's Clearing Callback (H2H transfers). Its proof is a signature over its own fields,
 * so it can be checked only once the body is read; the route authenticates no one before
 * that and gets the small body cap.
 */
@Injectable()
export class DuitkuWebhooks implements WebhookPort {
  readonly name = DUITKU;
  readonly title = 'Duitku';

  constructor(private readonly config: AppConfig) {}

  /** SHA256(email + bankCode + bankAccount + accountName + custRefNumber + amountTransfer + disburseId + secretKey), from our own account's email. */
  verifyBody(body: object): void {
    const { email, bankCode, bankAccount, accountName, custRefNumber, amountTransfer, disburseId, signature } = callback(body);
    const duitku = this.config.providers.duitku;
    const signed = (secretKey: string) => duitkuSignature(email, bankCode, bankAccount, accountName, custRefNumber, amountTransfer, disburseId, secretKey);
    if (!duitku || !secretsEqual(String(signature).toLowerCase(), signed(duitku.secretKey)) || email !== duitku.email) {
      throw new DomainError('INVALID_WEBHOOK_SIGNATURE', 'The Duitku callback signature does not match');
    }
  }

  parse(body: object): PayoutReported {
    const { disburseId, statusCode, amountTransfer, bankCode, bankAccount } = callback(body);
    const reference = String(disburseId);
    return {
      kind: 'payout_reported',
      eventId: `disbursement:${reference}:${statusCode}`,
      eventType: 'disbursement.callback',
      payload: { ...body, signature: undefined },
      match: { reference },
      outcome: callbackOutcome(statusCode, reference),
      report: { facts: { amount: amountTransfer, bankCode, accountNumber: bankAccount } },
    };
  }
}

function callbackOutcome(statusCode: string, reference: string): PayoutStepOutcome {
  const verdict = judgeCallback(statusCode);
  switch (verdict.kind) {
    case 'success':
      return { kind: 'completed', reference };
    case 'failed':
      return verdict;
    case 'awaiting_callback':
    case 'in_doubt':
      return { kind: 'waiting', state: { stage: 'submitted', reference, data: null } };
  }
}
