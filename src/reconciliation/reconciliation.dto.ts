import { ApiProperty } from '@nestjs/swagger';
import { ApiJsonInteger } from '../common/json-integer';
import type { JsonInteger } from '../common/json-integer';

/** The Swagger shape of ReconciliationReport (reconciliation.service.ts), for the API document and the console. */

class ProviderBalanceLineDto {
  @ApiProperty({ example: 'xendit' })
  provider: string;

  @ApiProperty({ type: Number, nullable: true, example: 5000000000, description: 'What the provider says we hold there; null when it could not be asked.' })
  reported_balance: number | null;

  @ApiJsonInteger({ example: 5000000000, description: 'What our ledger says we hold there (provider clearing account): payments received minus payouts made plus funding.' })
  ledger_balance: JsonInteger;

  @ApiProperty({
    oneOf: [{ type: 'integer' }, { type: 'string', pattern: '^-?[0-9]+$' }],
    nullable: true,
    example: 0,
    description: 'Reported minus ours (expected: 0); null when the provider could not be asked.',
  })
  difference: JsonInteger | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why the provider could not be asked.' })
  error: string | null;
}

class PayoutDisagreementDto {
  @ApiProperty()
  disbursement_id: string;

  @ApiProperty({ example: 'duitku' })
  provider: string;

  @ApiProperty({ enum: ['pending', 'done', 'failed'], description: 'The payout status Palladium recorded.' })
  ours: 'pending' | 'done' | 'failed';

  @ApiProperty({ enum: ['pending', 'done', 'failed', 'not_found'], description: 'What the provider says now.' })
  theirs: 'pending' | 'done' | 'failed' | 'not_found';

  @ApiProperty({ type: String, nullable: true, description: "The provider's response code (or the error) of the status check." })
  provider_response_code: string | null;
}

/** A production payout that may have reached a provider and has no outcome yet. */
export class PayoutInDoubtDto {
  @ApiProperty()
  disbursement_id: string;

  @ApiProperty({ format: 'uuid' })
  merchant_id: string;

  @ApiProperty({ example: 'duitku' })
  provider: string;

  @ApiProperty({ type: String, nullable: true })
  provider_reference: string | null;

  @ApiProperty({ example: 250000 })
  amount: number;

  @ApiProperty({ example: 'BCA' })
  bank_code: string;

  @ApiProperty({ example: '8760673566' })
  account_number: string;

  @ApiProperty({ format: 'date-time' })
  submitted_at: string;

  @ApiProperty({ description: 'How many times the provider was asked since.' })
  status_checks: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When operators were alerted.' })
  alerted_at: string | null;
}

class PaymentDisagreementDto {
  @ApiProperty()
  payment_id: string;

  @ApiProperty({ example: 'xendit' })
  provider: string;

  @ApiProperty()
  provider_payment_id: string;

  @ApiProperty({ description: 'The amount Palladium recorded.' })
  ours: number;

  @ApiProperty({ type: Number, nullable: true, description: 'What the provider has; null when it does not know the payment.' })
  theirs: number | null;
}

class ProviderEventDto {
  @ApiProperty({ example: 'xendit' })
  provider: string;

  @ApiProperty({ example: 'virtual_account.paid:stray-payment' })
  event_id: string;

  @ApiProperty({ example: 'virtual_account.paid' })
  event_type: string;

  @ApiProperty({ enum: ['unmatched', 'conflict'], description: 'unmatched: fits none of our records; conflict: contradicts one.' })
  outcome: string;

  @ApiProperty({ type: String, nullable: true })
  detail: string | null;

  @ApiProperty({ format: 'date-time' })
  received_at: string;
}

export class ReconciliationReportDto {
  @ApiProperty({ format: 'date-time' })
  generated_at: string;

  @ApiProperty({ format: 'date-time', description: 'Start of the period checked.' })
  since: string;

  @ApiProperty({ type: [ProviderBalanceLineDto], description: 'One line per configured provider we hold a balance at.' })
  balances: ProviderBalanceLineDto[];

  @ApiProperty({ type: [PayoutDisagreementDto], description: 'Payouts of the period whose status the provider reports differently.' })
  disbursements: PayoutDisagreementDto[];

  @ApiProperty({ type: [PayoutInDoubtDto], description: 'Payouts sent longer ago than PAYOUT_IN_DOUBT_ALERT_SECONDS and still without an outcome.' })
  payouts_in_doubt: PayoutInDoubtDto[];

  @ApiProperty({ type: [PaymentDisagreementDto], description: 'Virtual-account payments of the period the provider does not know, or knows with another amount.' })
  payments: PaymentDisagreementDto[];

  @ApiProperty({ type: [ProviderEventDto], description: 'Provider webhooks of the period that fitted none of our records, or contradicted them.' })
  provider_events: ProviderEventDto[];
}
