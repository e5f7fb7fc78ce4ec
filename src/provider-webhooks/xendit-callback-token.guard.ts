import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../common/errors/domain-error';
import { RateLimitService } from '../common/rate-limit/rate-limit.service';
import { AppConfig } from '../config/app-config';
import { secretsEqual } from './webhook-authenticity';

/**
 * Xendit webhooks carry X-CALLBACK-TOKEN; checked (in constant time) before the body is even
 * read. Wrong tokens count against the client's address (RateLimitService).
 */
@Injectable()
export class XenditCallbackTokenGuard implements CanActivate {
  constructor(
    private readonly config: AppConfig,
    private readonly rateLimits: RateLimitService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const token = context.switchToHttp().getRequest<Request>().header('x-callback-token');
    await this.rateLimits.authenticate(context, 'provider-token', () => {
      if (!secretsEqual(token, this.config.providers.xenditCallbackToken)) {
        throw new DomainError('INVALID_WEBHOOK_SIGNATURE', 'X-CALLBACK-TOKEN is missing or is not the configured Xendit callback token');
      }
    });
    return true;
  }
}
