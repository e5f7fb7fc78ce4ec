import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors/domain-error';
import type { RequestActor } from '../common/http/dashboard-api';
import { PasswordHasher } from '../common/security/passwords';
import { assertCsrfToken, csrfTokenOf, generateSessionToken, hashSessionToken } from '../common/security/session-token';
import { AppConfig } from '../config/app-config';
import { OperatorSessionsRepository } from './operator-sessions.repository';
import { type OperatorCredentialsRow, OperatorsRepository } from './operators.repository';
import type { OperatorActor } from './operators.types';
import type { ConsoleSessionView, TotpEnrollmentView } from './operators.views';
import { generateTotpSecret, totpStepOf, totpUri } from './totp';

/** How a console session names itself in records (`Sari Dewi (console)`). */
export const CONSOLE_VIA = 'console';

export interface ConsoleSignIn {
  email: string;
  password: string;
  /** The 6-digit code of the operator's authenticator app. */
  code?: string;
}

/** A started console session: the token goes into the cookie and is never stored. */
export interface StartedConsoleSession {
  token: string;
  expiresAt: Date;
  view: ConsoleSessionView;
}

/** An operator signed in to the console, and their session. */
export interface ConsoleOperator extends OperatorActor {
  email: string;
  session: { id: string; csrfToken: string; expiresAt: Date };
}

/** A console request's session: its cookie token, method and X-CSRF-Token. */
export interface ConsoleRequestFacts {
  token: string;
  method: string;
  csrfToken: string | undefined;
}

function invalidCredentials(): DomainError {
  return new DomainError('INVALID_CREDENTIALS_ERROR', 'Wrong email or password');
}

/**
 * Operators sign in to the console with their password and the code of their authenticator
 * app (TOTP, RFC 6238). The first sign-in sets the second factor up: the password alone
 * yields a secret to scan (enroll), and the first valid code confirms it. A code works once.
 * Sessions are server-side, like the merchants' (operator_sessions), and end when the
 * operator is disabled. Sign-ins and refused second factors are in the audit trail.
 */
@Injectable()
export class ConsoleSessionsService {
  constructor(
    private readonly operators: OperatorsRepository,
    private readonly sessions: OperatorSessionsRepository,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** Step one of the first sign-in: the password checked, a new secret to add to an authenticator app. */
  async enroll(email: string, password: string, requestId: string | null): Promise<TotpEnrollmentView> {
    const operator = await this.checkPassword(email, password);
    if (operator.totp_secret) {
      throw new DomainError('TOTP_ALREADY_ENROLLED_ERROR', 'Your authenticator is already set up: sign in with its code (an admin can reset it)');
    }
    const secret = generateTotpSecret();
    await this.operators.setPendingTotpSecret(operator.id, secret);
    await this.audit.record(actorOf(operator, requestId), {
      merchantId: null,
      environment: null,
      action: 'operator.totp_enrollment_started',
      target: `operator:${operator.id}`,
    });
    return { secret, otpauth_uri: totpUri(operator.email, secret) };
  }

  async signIn(input: ConsoleSignIn, requestId: string | null): Promise<StartedConsoleSession> {
    const operator = await this.checkPassword(input.email, input.password);
    const actor = actorOf(operator, requestId);
    const secret = operator.totp_secret ?? operator.totp_pending_secret;
    if (!secret) {
      throw new DomainError('TOTP_ENROLLMENT_REQUIRED_ERROR', 'Set up your authenticator app first (POST /admin/console/totp-enrollment), then sign in with its code');
    }
    const step = input.code === undefined ? undefined : totpStepOf(input.code.trim(), secret);
    const accepted =
      step !== undefined &&
      (operator.totp_secret ? await this.operators.useTotpStep(operator.id, step) : await this.operators.confirmTotp(operator.id, secret, step));
    if (!accepted) {
      await this.audit.record(actor, { merchantId: null, environment: null, action: 'operator.sign_in_refused', target: `operator:${operator.id}`, after: { reason: 'totp' } });
      throw new DomainError('TOTP_CODE_INVALID_ERROR', 'Enter the current 6-digit code of your authenticator app (each code works once)');
    }
    if (this.passwords.needsRehash(operator.password_hash!)) await this.operators.setPasswordHash(operator.id, await this.passwords.hash(input.password));
    const token = generateSessionToken();
    const { sessionIdleSeconds, sessionAbsoluteSeconds } = this.config.dashboard;
    await this.sessions.purgeEnded(operator.id, sessionIdleSeconds);
    const session = await this.sessions.insert(operator.id, hashSessionToken(token), sessionAbsoluteSeconds);
    await this.audit.record(actor, {
      merchantId: null,
      environment: null,
      action: operator.totp_secret ? 'operator.signed_in' : 'operator.signed_in_totp_enrolled',
      target: `operator:${operator.id}`,
    });
    return {
      token,
      expiresAt: session.expires_at,
      view: { operator: { id: operator.id, name: operator.name, email: operator.email, role: operator.role }, csrf_token: csrfTokenOf(token), expires_at: session.expires_at.toISOString() },
    };
  }

  /** The operator of a console request, or undefined when the session is not live. Changes need the session's CSRF token. */
  async authenticate(facts: ConsoleRequestFacts): Promise<ConsoleOperator | undefined> {
    const session = await this.sessions.live(hashSessionToken(facts.token), this.config.dashboard.sessionIdleSeconds);
    if (!session) return undefined;
    assertCsrfToken(facts.method, facts.token, facts.csrfToken, 'from sign-in or GET /admin/console/session');
    if (session.stale) await this.sessions.touch(session.session_id);
    return {
      operatorId: session.operator_id,
      name: session.name,
      email: session.email,
      role: session.role,
      scope: 'act',
      via: CONSOLE_VIA,
      session: { id: session.session_id, csrfToken: csrfTokenOf(facts.token), expiresAt: session.expires_at },
    };
  }

  view(operator: ConsoleOperator): ConsoleSessionView {
    return {
      operator: { id: operator.operatorId!, name: operator.name, email: operator.email, role: operator.role },
      csrf_token: operator.session.csrfToken,
      expires_at: operator.session.expiresAt.toISOString(),
    };
  }

  signOut(sessionId: string): Promise<boolean> {
    return this.sessions.revoke(sessionId);
  }

  /** A new password (the current one checked); the operator's other sessions end, this one stays. */
  async changePassword(operatorId: string, sessionId: string, current: string, next: string): Promise<{ ended_sessions: number }> {
    const operator = await this.operators.credentials(operatorId);
    if (!operator?.password_hash || !(await this.passwords.verify(operator.password_hash, current))) {
      throw new DomainError('API_VALIDATION_ERROR', 'current_password is not your password', [{ field: 'current_password', message: 'is not your password' }]);
    }
    await this.operators.setPasswordHash(operatorId, await this.passwords.hash(next));
    return { ended_sessions: await this.sessions.revokeAll(operatorId, sessionId) };
  }

  /** Ends every console session of an operator (after an admin reset their sign-in). */
  endAll(operatorId: string): Promise<number> {
    return this.sessions.revokeAll(operatorId);
  }

  /** The active operator of this email and password; one answer, in about one time, for every failure. */
  private async checkPassword(email: string, password: string): Promise<OperatorCredentialsRow> {
    const operator = await this.operators.credentialsByEmail(email);
    if (!operator?.password_hash) {
      await this.passwords.verifyNothing(password);
      throw invalidCredentials();
    }
    if (!(await this.passwords.verify(operator.password_hash, password))) throw invalidCredentials();
    return operator;
  }
}

function actorOf(operator: OperatorCredentialsRow, requestId: string | null): RequestActor {
  return { person: null, operator: { id: operator.id, name: operator.name, via: CONSOLE_VIA }, requestId };
}
