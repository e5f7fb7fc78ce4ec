import { CallHandler, ExecutionContext, Injectable, mixin, NestInterceptor, Type } from '@nestjs/common';
import { from, mergeMap, Observable, switchMap } from 'rxjs';
import type { CredentialedRequest } from './rate-limit.service';
import { RateLimitService } from './rate-limit.service';

/** The signed-in person or operator whose password is being changed. */
type SignedInRequest = CredentialedRequest & { person?: { email: string }; operator?: { email?: string } };

export interface ThrottleOptions {
  /** Also count per email: the body's `email`, else the signed-in person's (or operator's). */
  perEmail: boolean;
  /** Give the attempt back when it succeeds, so only failures add up (sign-in); sign-ups always count. */
  giveBackOnSuccess: boolean;
}

/**
 * Password attempts (sign-in, password change; merchants' people and operators) and sign-ups, throttled per client address
 * and per email with SIGN_IN_* (RateLimitService.takeSignInAttempt): a route interceptor, so
 * it runs once the body was read (the email is in it) and before the password is hashed.
 */
export function PasswordAttemptThrottle(options: ThrottleOptions): Type<NestInterceptor> {
  @Injectable()
  class Throttle implements NestInterceptor {
    constructor(private readonly limits: RateLimitService) {}

    intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
      const request = context.switchToHttp().getRequest<SignedInRequest>();
      const bodyEmail = (request.body as { email?: unknown } | undefined)?.email;
      const email = !options.perEmail ? undefined : typeof bodyEmail === 'string' ? bodyEmail : (request.person?.email ?? request.operator?.email);
      return from(this.limits.takeSignInAttempt(context, email)).pipe(
        switchMap((giveBack) =>
          next.handle().pipe(
            mergeMap(async (value) => {
              if (options.giveBackOnSuccess) await giveBack();
              return value;
            }),
          ),
        ),
      );
    }
  }
  return mixin(Throttle);
}
