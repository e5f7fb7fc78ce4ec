import { ApiProperty } from '@nestjs/swagger';

/**
 * A ledger figure (balance, cumulative counter, total) at a JSON edge. They are bigint and
 * may pass 2^53, where a JSON number is no longer read back exactly by JavaScript clients
 * (JSON.parse rounds it). Within ±Number.MAX_SAFE_INTEGER a figure stays a plain JSON
 * number, as always; beyond it, it is written as its exact decimal string.
 */
export type JsonInteger = number | string;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function toJsonInteger(value: bigint): JsonInteger {
  return value >= -MAX_SAFE && value <= MAX_SAFE ? Number(value) : value.toString();
}

/** Documents a JsonInteger property in Swagger. */
export function ApiJsonInteger(options: { description?: string; example?: number } = {}): PropertyDecorator {
  const note = 'Beyond ±9007199254740991 (2^53 − 1): the exact value as a decimal string.';
  return ApiProperty({
    oneOf: [{ type: 'integer' }, { type: 'string', pattern: '^-?[0-9]+$' }],
    example: options.example,
    description: options.description ? `${options.description} ${note}` : note,
  });
}
