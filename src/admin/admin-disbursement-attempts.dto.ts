import { ApiProperty } from '@nestjs/swagger';

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
