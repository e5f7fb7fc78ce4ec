import { ApiProperty } from '@nestjs/swagger';

/** A production payout that may have reached a provider and has no outcome yet. */
export class PayoutInDoubtDto {
  @ApiProperty()
  disbursement_id: string;

  @ApiProperty({ format: 'uuid' })
  merchant_id: string;

  @ApiProperty({ example: 'duitku' })
  provider: string;

  @ApiProperty({ type: String, nullable: true, description: "The provider's reference of the payout, when it gave one." })
  provider_reference: string | null;

  @ApiProperty({ example: 2500000 })
  amount: number;

  @ApiProperty({ example: 'BCA' })
  bank_code: string;

  @ApiProperty({ example: '1234567890' })
  account_number: string;

  @ApiProperty({ format: 'date-time' })
  submitted_at: string;

  @ApiProperty({ description: 'How many times we asked the provider for the outcome.' })
  status_checks: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When operators were alerted; null before the alert time.' })
  alerted_at: string | null;
}

/** One provider call made for a disbursement, and what it answered. */
export class DisbursementAttemptDto {
  @ApiProperty({ example: 'duitku' })
  provider: string;

  @ApiProperty({ example: 'transfer', description: 'inquiry, transfer or status.' })
  operation: string;

  @ApiProperty({ type: Object, description: 'What we sent (secrets left out).' })
  request: Record<string, unknown>;

  @ApiProperty({ type: Number, nullable: true })
  http_status: number | null;

  @ApiProperty({ type: String, nullable: true, example: '00' })
  response_code: string | null;

  @ApiProperty({ enum: ['advanced', 'waiting', 'completed', 'failed', 'failed_over'] })
  outcome: string;

  @ApiProperty({ type: String, nullable: true })
  failure_code: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'A timeout or network error, when there was no answer.' })
  error: string | null;

  @ApiProperty()
  duration_ms: number;

  @ApiProperty({ format: 'date-time' })
  created_at: string;
}
