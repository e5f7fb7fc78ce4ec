import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

/**
 * The typed client of the merchant API (`/api/v2`), generated from the server's OpenAPI
 * document (`npm run dashboard:api`): a path, parameter or field the server does not have
 * fails `tsc`. Authenticated by the session cookie; the environment and the CSRF token ride
 * on headers set here for every request.
 */
export type Environment = 'development' | 'production';
export type Schemas = components['schemas'];

export interface RequestContext {
  environment: Environment;
  csrfToken: string | null;
}

const context: RequestContext = { environment: 'development', csrfToken: null };

export function setRequestContext(next: Partial<RequestContext>): void {
  Object.assign(context, next);
}

export function requestContext(): Readonly<RequestContext> {
  return context;
}

/** Headers every dashboard request carries: environment, and the CSRF token on state changes. */
export function contextHeaders(method: string): Record<string, string> {
  const headers: Record<string, string> = { 'X-Palladium-Environment': context.environment };
  if (method.toUpperCase() !== 'GET' && method.toUpperCase() !== 'HEAD' && context.csrfToken) {
    headers['X-CSRF-Token'] = context.csrfToken;
  }
  return headers;
}

const sessionHeaders: Middleware = {
  onRequest({ request }) {
    for (const [name, value] of Object.entries(contextHeaders(request.method))) request.headers.set(name, value);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(sessionHeaders);

export interface FieldError {
  field: string;
  message: string;
}

/** An error answer of the API: `{error_code, message, errors}` (see ErrorResponseDto). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
  }
}

function toApiError(status: number, body: unknown): ApiError {
  const error = (body ?? {}) as Partial<Schemas['ErrorResponseDto']>;
  const fieldErrors = Array.isArray(error.errors) ? (error.errors as FieldError[]) : [];
  return new ApiError(status, error.error_code ?? 'SERVER_ERROR', error.message ?? `Request failed (${status})`, fieldErrors);
}

/** Turns openapi-fetch's `{data, error, response}` into the data, or throws an ApiError. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) throw toApiError(response.status, error);
  return data as T;
}

/** A fresh Idempotency-Key for one create action (a retry of the same click reuses it). */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
