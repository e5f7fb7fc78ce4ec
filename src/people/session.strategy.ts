import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy as CustomStrategy } from 'passport-custom';
import { SESSION_STRATEGY } from '../common/http/dashboard-api';
import { SessionsService } from './sessions.service';
import { sessionTokenOf } from '../common/security/session-token';

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The dashboard session as a passport strategy (passport-custom): the palladium_session
 * cookie, the X-CSRF-Token of the session on changes, and the environment the person chose
 * (X-Palladium-Environment). Run by AuthenticationGuard; the rules are SessionsService's.
 */
@Injectable()
export class SessionStrategy extends PassportStrategy(CustomStrategy, SESSION_STRATEGY) {
  constructor(private readonly sessions: SessionsService) {
    super();
  }

  validate(request: Request) {
    return this.sessions.authenticate({
      token: sessionTokenOf(request),
      method: request.method,
      csrfToken: header(request, 'x-csrf-token'),
      environment: header(request, 'x-palladium-environment'),
    });
  }
}
