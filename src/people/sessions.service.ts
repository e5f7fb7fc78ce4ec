import { Injectable } from '@nestjs/common';
import { isEnvironment } from '../common/environment';
import type { Environment } from '../common/environment';
import { DomainError } from '../common/errors/domain-error';
import type { AuthenticatedPerson } from '../common/http/dashboard-api';
import type { AuthenticatedMerchant } from '../common/http/merchant-api';
import { AppConfig } from '../config/app-config';
import { MerchantsService, productionNotEnabled } from '../merchants/merchants.service';
import { SessionsRepository } from './sessions.repository';
import { assertCsrfToken, csrfTokenOf, generateSessionToken, hashSessionToken } from '../common/security/session-token';

/** What a session request presents besides its cookie. */
export interface SessionRequestFacts {
  /** The session token from the cookie; undefined when there is none (or it is malformed). */
  token: string | undefined;
  method: string;
  /** X-CSRF-Token. */
  csrfToken: string | undefined;
  /** X-Palladium-Environment: which environment the person is working in (default development). */
  environment: string | undefined;
}

export interface NewSession {
  /** Goes into the cookie; never stored. */
  token: string;
  expiresAt: Date;
  csrfToken: string;
}

export function sessionInvalid(message = 'Not signed in, or the session ended: sign in again'): DomainError {
  return new DomainError('SESSION_INVALID_ERROR', message);
}

/**
 * Server-side dashboard sessions: a random token in an HttpOnly cookie, found by its SHA-256
 * in dashboard_sessions, ending after SESSION_IDLE_TIMEOUT_SECONDS without use, at the
 * latest SESSION_ABSOLUTE_TIMEOUT_SECONDS after sign-in, at sign-out, or when its person is
 * removed. Checked on every request (no cache), so an ended session stops at once everywhere.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly merchants: MerchantsService,
    private readonly config: AppConfig,
  ) {}

  async start(personId: string): Promise<NewSession> {
    const token = generateSessionToken();
    const { sessionIdleSeconds, sessionAbsoluteSeconds } = this.config.dashboard;
    await this.sessions.purgeEnded(personId, sessionIdleSeconds);
    const row = await this.sessions.insert(personId, hashSessionToken(token), sessionAbsoluteSeconds);
    return { token, expiresAt: row.expires_at, csrfToken: csrfTokenOf(token) };
  }

  /**
   * The person and merchant scope of a session request. Refuses, in this order: no live
   * session (401); a change without the session's CSRF token (403); an unknown environment
   * (400), or production while the merchant's is off (403).
   */
  async authenticate(facts: SessionRequestFacts): Promise<{ merchant: AuthenticatedMerchant; person: AuthenticatedPerson }> {
    if (!facts.token) throw sessionInvalid();
    const session = await this.sessions.live(hashSessionToken(facts.token), this.config.dashboard.sessionIdleSeconds);
    if (!session) throw sessionInvalid();
    assertCsrfToken(facts.method, facts.token, facts.csrfToken, 'from sign-in or GET /api/dashboard/session');
    const csrfToken = csrfTokenOf(facts.token);
    const environment = this.environmentOf(facts.environment);
    const merchant = await this.merchants.profile(session.merchant_id);
    if (environment === 'production' && !merchant.production_enabled) {
      throw productionNotEnabled();
    }
    if (session.stale) await this.sessions.touch(session.session_id);
    return {
      merchant: { merchantId: merchant.id, name: merchant.name, email: merchant.email, environment, apiKeyId: null },
      person: {
        id: session.person_id,
        merchantId: session.merchant_id,
        name: session.name,
        email: session.email,
        role: session.role,
        sessionId: session.session_id,
        csrfToken,
      },
    };
  }

  end(sessionId: string): Promise<boolean> {
    return this.sessions.revoke(sessionId);
  }

  endAll(personId: string): Promise<number> {
    return this.sessions.revokeAll(personId);
  }

  /** Ends the person's sessions but this one (after a password change). */
  endAllBut(personId: string, sessionId: string): Promise<number> {
    return this.sessions.revokeAll(personId, sessionId);
  }

  private environmentOf(header: string | undefined): Environment {
    if (header === undefined || header === '') return 'development';
    const value = header.trim().toLowerCase();
    if (!isEnvironment(value)) {
      throw new DomainError('API_VALIDATION_ERROR', 'X-Palladium-Environment must be development or production', [
        { field: 'X-Palladium-Environment', message: 'must be development or production' },
      ]);
    }
    return value;
  }
}
