import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
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

  @ApiProperty({ description: 'What is approved, e.g. the top-up id.' })
  subject_id: string;

  @ApiProperty({ format: 'uuid' })
  merchant_id: string;

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

  @ApiProperty({ type: Object, description: 'The top-up (AdminTopUp) or withdrawal (AdminWithdrawal) after the decision.' })
  result: AdminTopUpDto | AdminWithdrawalDto;
}
