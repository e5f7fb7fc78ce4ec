import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { from, Observable, switchMap } from 'rxjs';
import { CredentialedRequest, RateLimitService } from './rate-limit.service';

/**
 * Interceptors run after every guard, so here a request without a credential is one whose
 * endpoint has none (health, Duitku's signed callback): counted per client address before
 * anything else is done for it.
 */
@Injectable()
export class ClientRateLimitInterceptor implements NestInterceptor {
  constructor(private readonly limits: RateLimitService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.switchToHttp().getRequest<CredentialedRequest>().credential) return next.handle();
    return from(this.limits.countClient(context)).pipe(switchMap(() => next.handle()));
  }
}
