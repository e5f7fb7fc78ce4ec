import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { from, Observable, switchMap } from 'rxjs';
import { AppConfig } from '../../config/app-config';
import type { CredentialedRequest } from '../rate-limit/rate-limit.service';
import { readRequestBody } from './request-body.reader';
import { assertAcceptableInput, MAX_INPUT_DEPTH } from './request-input';

/**
 * Reads the body here, not in a middleware: interceptors run after every guard (the global
 * API-key guard, the operator and Xendit token guards), so a request that fails
 * authentication never has a byte of its body read. Endpoints that authenticate no one
 * beforehand get the small cap. Route interceptors (idempotency) and @Body() pipes run
 * after this one and see the parsed body.
 */
@Injectable()
export class RequestBodyInterceptor implements NestInterceptor {
  constructor(private readonly config: AppConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.prepare(context.switchToHttp().getRequest<CredentialedRequest>())).pipe(switchMap(() => next.handle()));
  }

  private async prepare(request: CredentialedRequest): Promise<void> {
    const { bodyLimitBytes, unauthenticatedBodyLimitBytes, maxBodyFields } = this.config.http;
    request.body = await readRequestBody(request, {
      maxBytes: request.credential ? bodyLimitBytes : unauthenticatedBodyLimitBytes,
      maxFields: maxBodyFields,
    });
    assertAcceptableInput([request.body, request.query, request.params], { maxDepth: MAX_INPUT_DEPTH, maxFields: maxBodyFields });
  }
}
