import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** Metadata of handlers that store their idempotent response in their own transaction. */
export const STORES_OWN_RESPONSE = 'idempotency:stores-own-response';

/** Stores a request's response with its Idempotency-Key; must run in the transaction that makes the change. */
export type StoreResponse = (body: unknown) => Promise<void>;

/** Where the interceptor hands a `storesOwnResponse` handler its StoreResponse. */
export const STORE_RESPONSE = Symbol('idempotency store response');

/** The StoreResponse of this request when it has an Idempotency-Key (see Idempotent's storesOwnResponse). */
export const IdempotentResponse = createParamDecorator(
  (_: unknown, context: ExecutionContext): StoreResponse | undefined =>
    context.switchToHttp().getRequest<{ [STORE_RESPONSE]?: StoreResponse }>()[STORE_RESPONSE],
);
