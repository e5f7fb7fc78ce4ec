import type { Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DomainError } from './errors/domain-error';
import { ToInteger } from './validation/transforms';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: 'Rows per page.' })
  @IsOptional()
  @ToInteger()
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: '`next_cursor` of the previous page; omit for the newest rows.' })
  @IsOptional()
  @IsString()
  cursor?: string;
}

export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

/** Opaque cursors: base64url JSON of the last row's sort key. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): unknown[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity) return key;
  } catch {
    // fall through
  }
  throw new DomainError('API_VALIDATION_ERROR', 'cursor is not a cursor this API returned', [
    { field: 'cursor', message: 'cursor is invalid' },
  ]);
}

/** Rows were fetched with limit + 1: the extra row only says there is more. */
export function toPage<R, T>(rows: R[], limit: number, view: (row: R) => T, keyOf: (row: R) => unknown[]): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    data: pageRows.map(view),
    has_more: hasMore,
    next_cursor: hasMore ? encodeCursor(keyOf(pageRows[pageRows.length - 1])) : null,
  };
}

/** The Swagger schema of a page of `item`s, named e.g. `TopUpPage`. */
export function PageDtoOf<T>(item: Type<T>, name: string): Type<Page<T>> {
  class PageDto {
    @ApiProperty({ type: [item] })
    data: T[];

    @ApiProperty({ description: 'Whether older rows follow.' })
    has_more: boolean;

    @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page.' })
    next_cursor: string | null;
  }
  Object.defineProperty(PageDto, 'name', { value: name });
  return PageDto;
}
