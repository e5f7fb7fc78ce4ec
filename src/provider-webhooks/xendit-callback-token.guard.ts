import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { secretsEqual } from './webhook-authenticity';

/** Xendit webhooks carry X-CALLBACK-TOKEN; checked (in constant time) before the body is even read. */
@Injectable()
export class XenditCallbackTokenGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const token = context.switchToHttp().getRequest<Request>().header('x-callback-token');
    if (!secretsEqual(token, this.config.providers.xenditCallbackToken)) {
      throw new DomainError('INVALID_WEBHOOK_SIGNATURE', 'X-CALLBACK-TOKEN is missing or is not the configured Xendit callback token');
    }
    return true;
  }
}
