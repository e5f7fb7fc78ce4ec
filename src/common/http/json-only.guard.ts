import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../errors/domain-error';

/**
 * Sign-up and sign-in take JSON only. A page on another site can make a browser post a form
 * (urlencoded or multipart) here without asking, which would sign the victim in to the
 * attacker's account (login CSRF); it cannot send application/json without a CORS preflight,
 * which this server never answers. Checked before the body is read.
 */
@Injectable()
export class JsonOnlyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE_ERROR', 'Send this request as application/json');
    }
    return true;
  }
}
