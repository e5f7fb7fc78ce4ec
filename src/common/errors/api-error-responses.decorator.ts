import { METHOD_METADATA } from '@nestjs/common/constants';
import { ApiResponse } from '@nestjs/swagger';
import { ERROR_CATALOGUE, ErrorCode } from './error-codes';
import { errorExample } from './error-examples';
import { ErrorResponseDto } from './error-response.dto';

/** The error codes already documented on a route handler (this decorator's own bookkeeping). */
const DOCUMENTED_CODES = 'palladium:documented-error-codes';

/**
 * Documents the error responses an endpoint can give, grouped by HTTP status: each status
 * lists its codes (with the catalogue's description) and one example answer per code, so a
 * 401 shows INVALID_API_KEY, not a validation error.
 *
 * On a controller it adds its codes to every route handler of the class (method decorators
 * have run by then): Swagger would otherwise let a handler's own 403 hide the controller's 403
 * codes. A code documented twice (controller and handler) appears once.
 */
export function ApiErrorResponses(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  return ((target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      document(target, key!, descriptor, codes);
      return descriptor;
    }
    const prototype = (target as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const handler = Object.getOwnPropertyDescriptor(prototype, name);
      if (name !== 'constructor' && typeof handler?.value === 'function' && Reflect.hasMetadata(METHOD_METADATA, handler.value)) {
        document(prototype, name, handler, codes);
      }
    }
    return target;
  }) as MethodDecorator & ClassDecorator;
}

/** A status's description: one paragraph per code, with the catalogue's description. */
export function describeErrorCodes(codes: ErrorCode[]): string {
  return codes.map((code) => `\`${code}\`: ${ERROR_CATALOGUE[code].description}`).join('\n\n');
}

function document(target: object, key: string | symbol, handler: PropertyDescriptor, codes: ErrorCode[]): void {
  const documented = new Set<ErrorCode>(Reflect.getMetadata(DOCUMENTED_CODES, handler.value) ?? []);
  const added = [...new Set(codes)].filter((code) => !documented.has(code));
  Reflect.defineMetadata(DOCUMENTED_CODES, [...documented, ...added], handler.value);
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of added) {
    const status = ERROR_CATALOGUE[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, group] of byStatus) {
    // ApiResponse merges with the status's existing entry: the descriptions (one paragraph per
    // code) are joined, the examples (keyed by code) combined.
    ApiResponse({
      status,
      type: ErrorResponseDto,
      description: describeErrorCodes(group),
      examples: Object.fromEntries(group.map((code) => [code, { summary: code, value: errorExample(code) }])),
    })(target, key, handler);
  }
}
