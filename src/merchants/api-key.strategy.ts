import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy as BearerStrategy } from 'passport-http-bearer';
import { API_KEY_STRATEGY, type AuthenticatedMerchant } from '../common/http/merchant-api';
import { apiKeyFromAuthorizationHeader, missingApiKeyError } from './api-key-format';
import { MerchantsService } from './merchants.service';

/**
 * The API key as a passport strategy (passport-http-bearer), used by the people module's
 * AuthenticationGuard on every merchant-API request that carries an Authorization header
 * (or no credential at all). The key decides merchant and environment; accepted keys are
 * cached and revocations heard as before (MerchantsService.authenticateKey).
 *
 * passport-http-bearer reads RFC 6750's `Authorization: Bearer <token>`, and also an
 * `access_token` body field or query parameter. The spec also shows the bare
 * `Authorization: <key>`, and a key must never be taken from a URL (it would end up in logs
 * and browser history; the body is not even read yet): so the strategy is handed the
 * header alone, in its Bearer form.
 */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(BearerStrategy, API_KEY_STRATEGY) {
  constructor(private readonly merchants: MerchantsService) {
    super();
  }

  override authenticate(request: Request, options?: object): void {
    const key = apiKeyFromAuthorizationHeader(request.headers.authorization);
    // `error` is one of the actions passport gives the strategy for this request.
    if (!key) return (this as unknown as { error(error: unknown): void }).error(missingApiKeyError());
    super.authenticate({ headers: { authorization: `Bearer ${key}` } } as Request, options);
  }

  validate(key: string): Promise<AuthenticatedMerchant> {
    return this.merchants.authenticateKey(key);
  }
}
