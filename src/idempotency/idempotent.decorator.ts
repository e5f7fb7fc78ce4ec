import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IDEMPOTENCY_KEY_TTL_HOURS } from './idempotency.service';
import { STORES_OWN_RESPONSE } from './idempotent-response';

/**
 * Marks a create endpoint as safe to retry with an Idempotency-Key. Usually the handler runs
 * in a transaction of the interceptor's, which stores the response; with `storesOwnResponse`
 * (a handler that commits in a transaction of its own, e.g. a group commit) the handler
 * receives, through @IdempotentResponse(), the function to call inside that transaction, and
 * must call it whenever the request has a key.
 */
export function Idempotent(options: { storesOwnResponse?: boolean } = {}): MethodDecorator {
  return applyDecorators(
    SetMetadata(STORES_OWN_RESPONSE, options.storesOwnResponse ?? false),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        `Your unique key for this request (X-IDEMPOTENCY-KEY works too). Retrying with the same key and body returns the ` +
        `first response instead of acting twice; a different body is 422; while the first is still running, 409. Keys are ` +
        `kept ${IDEMPOTENCY_KEY_TTL_HOURS} h; only successful responses are stored.`,
    }),
    ApiErrorResponses('IDEMPOTENCY_KEY_REUSED_ERROR', 'IDEMPOTENCY_REQUEST_IN_PROGRESS_ERROR'),
  );
}
