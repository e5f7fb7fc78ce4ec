import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ApiErrorResponses } from '../common/errors/api-error-responses.decorator';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IDEMPOTENCY_KEY_TTL_HOURS } from './idempotency.service';

/**
 * Marks a create endpoint as safe to retry with an Idempotency-Key. Its use case must store
 * the response in the transaction that makes the change: IdempotencyService.recordResponse(),
 * or responseRecorder() taken in the request's context when another context commits it.
 */
export function Idempotent(): MethodDecorator {
  return applyDecorators(
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
