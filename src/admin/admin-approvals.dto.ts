import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { FAILURE_CODES } from '../domain/failure-codes';
import type { FailureCode } from '../domain/failure-codes';
import { ToInteger, Trim } from '../common/validation/transforms';
import { ENVIRONMENTS } from '../common/environment';
import type { Environment } from '../common/environment';
import type { ApprovalStatus } from '../approvals/approvals.views';
import { APPROVAL_ACTIONS } from '../approvals/approvals.views';
import { AdminTopUpDto, AdminWithdrawalDto } from './admin-wallets.dto';

const STATUSES: ApprovalStatus[] = ['pending', 'approved', 'rejected'];

export class PrepareApprovalDto {
  @ApiProperty({ example: 'BCA 2211-0012-7781', description: "Evidence: the bank's reference of the transfer, as on the statement." })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'reference is required: the bank reference the approver will check' })
  @MaxLength(200)
  reference: string;

  @ApiPropertyOptional({ example: 'Seen on the BCA statement of 22 Nov, 10:14 WIB', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class PrepareFailureApprovalDto extends PrepareApprovalDto {
  @ApiProperty({ example: 'Account closed (BNI return 2211-0099)', description: 'Why the payout failed; shown to the merchant.', maxLength: 500 })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'reason is required: why the withdrawal failed' })
  @MaxLength(500)
  reason: string;
}

/** A verdict on a payout in doubt: what the provider confirmed, and how (one step or prepared for four eyes). */
export class PayoutVerdictDto {
  @ApiProperty({ enum: ['done', 'failed'], description: 'What the provider confirmed: the money reached the account, or it did not and never will.', example: 'failed' })
  @IsIn(['done', 'failed'], { message: 'status must be done or failed' })
  status: 'done' | 'failed';

  @ApiPropertyOptional({ enum: FAILURE_CODES, description: 'Required when failed: sent to the merchant in the disbursement.failed callback.', example: 'REJECTED_BY_BANK' })
  @IsOptional()
  @IsIn(FAILURE_CODES, { message: `failure_code must be one of ${FAILURE_CODES.join(', ')}` })
  failure_code?: FailureCode;

  @ApiProperty({ example: 'Duitku support (ticket 48213) confirms disburseId 123456 failed at the bank; no money left our float.', minLength: 10, maxLength: 1000 })
  @Trim()
  @IsString()
  @MinLength(10, { message: 'reason must say, in at least 10 characters, how the outcome was confirmed' })
  @MaxLength(1000)
  reason: string;
}

export class PreparePayoutResolutionDto extends IntersectionType(PrepareApprovalDto, PayoutVerdictDto) {}

export class ApprovalDecisionNoteDto {
  @ApiPropertyOptional({ example: 'Checked against the statement', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ApprovalRefusalDto {
  @ApiProperty({ example: 'Reference not on the statement', maxLength: 2000 })
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'note is required: why the approval is refused' })
  @MaxLength(2000)
  note: string;
}

export class ApprovalListQueryDto {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES, { message: 'status must be one of pending, approved, rejected' })
  status?: ApprovalStatus;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @ToInteger()
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(200)
  limit?: number;
}

class EvidenceDto {
  @ApiProperty({ example: 'BCA 2211-0012-7781' })
  reference: string;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;
}

export class ApprovalDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: APPROVAL_ACTIONS })
  action: string;

  @ApiProperty({ description: 'What is approved: the top-up, withdrawal or disbursement id; `<provider>:<reference>` for funding; `<environment>:<date>` for a settlement date.' })
  subject_id: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null for provider funding and settlement dates (no single merchant).' })
  merchant_id: string | null;

  @ApiProperty({ enum: ENVIRONMENTS })
  environment: Environment;

  @ApiProperty({ example: 50000000 })
  amount: number;

  @ApiProperty({ type: EvidenceDto })
  evidence: EvidenceDto;

  @ApiProperty({ type: Object, example: { reason: 'Account closed' }, description: 'What the preparer asked for beyond the evidence (a failure reason).' })
  parameters: Record<string, string>;

  @ApiProperty({ example: 'Oki Operator (token:desk)' })
  prepared_by: string;

  @ApiProperty({ format: 'date-time' })
  prepared_at: string;

  @ApiProperty({ enum: STATUSES })
  status: ApprovalStatus;

  @ApiProperty({ type: String, nullable: true, example: 'Ayu Approver (token:laptop)' })
  decided_by: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decided_at: string | null;

  @ApiProperty({ type: String, nullable: true })
  decision_note: string | null;
}

export class DecidedApprovalDto {
  @ApiProperty({ type: ApprovalDto })
  approval: ApprovalDto;

  @ApiProperty({
    type: Object,
    description:
      "After approval: the top-up or withdrawal after it, the payout's resolution, the funding's ledger transfer, or the settlement run. After a refusal: the subject, unchanged.",
  })
  result: AdminTopUpDto | AdminWithdrawalDto | Record<string, unknown>;
}
