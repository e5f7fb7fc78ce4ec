import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/errors/domain-error';
import { RateLimitService } from '../common/rate-limit/rate-limit.service';
import { secretsEqual } from '../common/secrets';

/**
 * Operator endpoints: `Authorization: Bearer $ADMIN_API_TOKEN`, compared in constant time.
 * Wrong tokens count against the client's address (RateLimitService).
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(
    private readonly config: AppConfig,
    private readonly rateLimits: RateLimitService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const token = /^bearer\s+(\S+)$/i.exec(header.trim())?.[1];
    await this.rateLimits.authenticate(context, 'admin-token', () => {
      if (!token || !secretsEqual(token, this.config.adminApiToken)) {
        throw new DomainError('INVALID_ADMIN_TOKEN', 'Send the operator token as "Authorization: Bearer <ADMIN_API_TOKEN>"');
      }
    });
    return true;
  }
}
