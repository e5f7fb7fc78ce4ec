import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { Response } from 'express';
import { firstValueFrom, from, Observable } from 'rxjs';
import { DomainError } from '../common/errors/domain-error';
import type { MerchantRequest } from '../merchants/api-key.guard';
import { IdempotencyService, requestFingerprint } from './idempotency.service';
import { STORE_RESPONSE, StoreResponse, STORES_OWN_RESPONSE } from './idempotent-response';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * Applied by @Idempotent() to create endpoints. Without an Idempotency-Key (or the
 * upstream's X-IDEMPOTENCY-KEY) the request runs as usual. With one: a replay returns the
 * stored status and body (header Idempotent-Replayed: true); only successful responses
 * are stored, a failed request frees its key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly txHost: TransactionHost,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<MerchantRequest>();
    const header = request.headers['idempotency-key'] ?? request.headers['x-idempotency-key'];
    if (header === undefined) return next.handle();
    return from(this.handle(context, request, String(header), next));
  }

  private async handle(context: ExecutionContext, request: MerchantRequest, key: string, next: CallHandler): Promise<unknown> {
    if (!KEY_PATTERN.test(key)) {
      throw new DomainError('API_VALIDATION_ERROR', 'Idempotency-Key must be 1 to 255 visible ASCII characters', [
        { field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' },
      ]);
    }
    const scope = request.merchant!;
    const response = context.switchToHttp().getResponse<Response>();
    const claim = await this.idempotency.claim(scope, key, requestFingerprint(request.method, request.path, request.body));
    if (claim.kind === 'replay') {
      response.status(claim.status).setHeader('Idempotent-Replayed', 'true');
      return claim.body;
    }
    const status =
      this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
    try {
      if (this.reflector.get<boolean>(STORES_OWN_RESPONSE, context.getHandler())) {
        // The handler commits in a transaction of its own (a group commit): it stores the response there.
        const store: StoreResponse = (body) => this.idempotency.complete(scope, key, claim.leaseId, status, body);
        (request as MerchantRequest & { [STORE_RESPONSE]?: StoreResponse })[STORE_RESPONSE] = store;
        return await firstValueFrom(next.handle());
      }
      // The handler's @Transactional services join this transaction, so the change and the
      // stored response commit together.
      return await this.txHost.withTransaction(async () => {
        const body = await firstValueFrom(next.handle());
        await this.idempotency.complete(scope, key, claim.leaseId, status, body);
        return body;
      });
    } catch (error) {
      await this.idempotency.release(scope, key, claim.leaseId);
      throw error;
    }
  }
}
