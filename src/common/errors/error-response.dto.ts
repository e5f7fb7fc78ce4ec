import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CATALOGUE, ERROR_CODES } from './error-codes';

export class FieldErrorDto {
  @ApiProperty({ example: 'amount', description: 'The request field at fault.' })
  field: string;

  @ApiProperty({ example: 'amount must be a whole number of rupiah', description: 'What is wrong with it.' })
  message: string;
}

export class ErrorResponseDto {
  @ApiProperty({
    enum: ERROR_CODES,
    example: 'API_VALIDATION_ERROR',
    description:
      'Stable machine-readable code.\n\n' +
      ERROR_CODES.map((code) => `- \`${code}\` (${ERROR_CATALOGUE[code].status}): ${ERROR_CATALOGUE[code].description}`).join('\n'),
  })
  error_code: string;

  @ApiProperty({ example: 'amount must be a whole number of rupiah', description: 'Human-readable explanation.' })
  message: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Per-field problems (validation errors).' })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({ example: 'b1946ac9-2f0e-4f1b-9d8a-6c1d2e3f4a5b', description: 'Present on 5xx errors: quote it to support.' })
  request_id?: string;
}
