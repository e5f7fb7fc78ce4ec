import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ToInteger } from './validation/transforms';

export const MAX_RESOURCE_LIST_SIZE = 100;

export const RESOURCE_LIST_DESCRIPTION =
  'An array, newest first, of at most `limit` rows (100 by default). For the next page pass the `id` of the last row ' +
  'as `after_id`; fewer rows than `limit` means there are no more. Filters combine (AND).';

/**
 * The filters of `GET /virtual-accounts`, `/retail-payments` and `/disbursements`, after
 * Xendit's list endpoints: the answer stays a plain array (as it was when these endpoints
 * only found by external_id), newest first; the next page starts `after_id` the last row.
 */
export class ResourceListQueryDto {
  @ApiPropertyOptional({ example: '124', description: 'Only those with this external_id (exact).' })
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'external_id must not be empty' })
  @MaxLength(255)
  external_id?: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00+07:00', description: 'Created at or after this ISO 8601 time.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'created_after must be an ISO 8601 date or time' })
  created_after?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00+07:00', description: 'Created before this ISO 8601 time.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'created_before must be an ISO 8601 date or time' })
  created_before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_RESOURCE_LIST_SIZE, default: MAX_RESOURCE_LIST_SIZE, description: 'Rows to return.' })
  @IsOptional()
  @ToInteger()
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(MAX_RESOURCE_LIST_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `id` of the last row of the previous page: only older rows follow. An id not yours returns no rows.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  after_id?: string;
}

/** A list's filters as the repositories take them (times parsed, status already resolved by the caller). */
export interface ResourceListFilter {
  externalId?: string;
  createdAfter?: Date;
  createdBefore?: Date;
  limit: number;
  afterId?: string;
}

export function resourceListFilter(query: ResourceListQueryDto): ResourceListFilter {
  return {
    externalId: query.external_id,
    createdAfter: query.created_after === undefined ? undefined : new Date(query.created_after),
    createdBefore: query.created_before === undefined ? undefined : new Date(query.created_before),
    limit: query.limit ?? MAX_RESOURCE_LIST_SIZE,
    afterId: query.after_id,
  };
}
