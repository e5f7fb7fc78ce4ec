import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { firstValueFrom, from, Observable } from 'rxjs';
import { DomainError } from '../common/errors/domain-error';
import { IdempotencyService, requestFingerprint } from './idempotency.service';
import { MerchantRequest } from '../common/http/merchant-api';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * Applied by @Idempotent() to create endpoints. Without an Idempotency-Key (or the
 * upstream's X-IDEMPOTENCY-KEY) the request runs as usual. With one: a replay returns the
 * stored status and body (header Idempotent-Replayed: true); otherwise the handler runs
 * holding the claim, with no transaction of the interceptor's: its use case stores the
 * response in its own commit (IdempotencyService.recordResponse). Only successful responses
 * are stored; a failed request frees its key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
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
    const claim = await this.idempotency.claim(scope, key, requestFingerprint(request.method, request.path, request.body));
    if (claim.kind === 'replay') {
      context.switchToHttp().getResponse<Response>().status(claim.status).setHeader('Idempotent-Replayed', 'true');
      return claim.body;
    }
    const status =
      this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
    return this.idempotency.handleClaimed(scope, key, claim.leaseId, status, () => firstValueFrom(next.handle()));
  }
}
