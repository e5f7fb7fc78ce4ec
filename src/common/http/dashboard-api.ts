import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiCookieAuth } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiErrorResponses } from '../errors/api-error-responses.decorator';

/**
 * The dashboard's endpoints under /api/dashboard that need a signed-in person: marked here,
 * authenticated by the people module's AuthenticationGuard (session cookie only, never an API
 * key), so any module can serve one (audit, merchants' API keys) without importing people.
 */

export const DASHBOARD_API = 'palladium:dashboard-api';
/** The OpenAPI security scheme of the session cookie. */
export const SESSION_SECURITY = 'session';
/** The name the session passport strategy is registered under. */
export const SESSION_STRATEGY = 'session';

export const PERSON_ROLES = ['owner', 'developer', 'finance', 'viewer'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export function isPersonRole(value: unknown): value is PersonRole {
  return typeof value === 'string' && (PERSON_ROLES as readonly string[]).includes(value);
}

/** The signed-in person of a session request (request.person), set by the session strategy. */
export interface AuthenticatedPerson {
  id: string;
  merchantId: string;
  name: string;
  email: string;
  role: PersonRole;
  sessionId: string;
  /** What X-CSRF-Token must carry on this session's state changes. */
  csrfToken: string;
}

/** Marks a controller or handler as a dashboard endpoint that needs a session. */
export function DashboardApi(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    SetMetadata(DASHBOARD_API, true),
    ApiCookieAuth(SESSION_SECURITY),
    ApiErrorResponses('SESSION_INVALID_ERROR', 'CSRF_TOKEN_INVALID_ERROR', 'FORBIDDEN_ERROR', 'MERCHANT_SUSPENDED_ERROR', 'RATE_LIMITED_ERROR', 'SERVER_ERROR'),
  );
}

/** The operator an /admin request authenticated (set by the admin guard). */
interface RequestOperator {
  operatorId: string | null;
  name: string;
  via: string;
}

type PersonRequest = Request & { person?: AuthenticatedPerson; operator?: RequestOperator; id?: unknown };

/** The signed-in person (only on routes the session authenticated). */
export const CurrentPerson = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedPerson => context.switchToHttp().getRequest<PersonRequest>().person!,
);

/** Who did something, for the audit trail: a signed-in person, or an operator (person null). */
export interface RequestActor {
  person: { id: string; name: string; email: string } | null;
  /** The named operator (or the bootstrap token) of an /admin request; absent for the CLI. */
  operator?: { id: string | null; name: string; via: string } | null;
  /** The request's X-Request-Id (see logging); null outside HTTP (the CLI). */
  requestId: string | null;
}

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): RequestActor => actorOf(context.switchToHttp().getRequest<PersonRequest>()));

export function actorOf(request: PersonRequest): RequestActor {
  const { person, operator } = request;
  return {
    person: person ? { id: person.id, name: person.name, email: person.email } : null,
    operator: operator ? { id: operator.operatorId, name: operator.name, via: operator.via } : null,
    requestId: request.id === undefined || request.id === null ? null : String(request.id),
  };
}
