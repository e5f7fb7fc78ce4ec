import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

/**
 * The typed client of the Palladium merchant API (`/api/v2`). Its types (`schema.d.ts`) are
 * generated from the server's OpenAPI document (`npm run client:generate` in the Palladium
 * repository), so a path, parameter or field the API does not have fails to compile.
 *
 *   const palladium = createPalladiumClient({ baseUrl: 'https://pay.example.com', apiKey: process.env.PALLADIUM_API_KEY! });
 *   const account = await unwrap(palladium.POST('/api/v2/create-virtual-account', { body: { ... } }));
 */

export type { components, operations, paths };

/** The API's models by name, e.g. `Schemas['VirtualAccountDto']`. */
export type Schemas = components['schemas'];

/** Every error answer of the API: `{error_code, message, errors?, request_id?}`. */
export type ErrorResponse = Schemas['ErrorResponseDto'];

/** One field's problem in a validation error (`errors`). */
export type FieldError = Schemas['FieldErrorDto'];

export interface PalladiumClientOptions {
  /** Where Palladium runs, e.g. `https://pay.example.com` (the paths carry `/api/v2`). */
  baseUrl: string;
  /** Your secret key, `pallapi_secret_<environment>_<32 hex>`: a development key works in the sandbox, a production key live. */
  apiKey: string;
  /** Headers for every request (besides Authorization). */
  headers?: Record<string, string>;
  /** A fetch implementation; the global fetch by default (Node 18+, browsers). */
  fetch?: ClientOptions['fetch'];
}

/** openapi-fetch's client over the merchant API's paths: `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, each typed by path. */
export type PalladiumClient = Client<paths>;

/**
 * A client that sends `Authorization: Bearer <apiKey>` with every request. Each call answers
 * `{ data, error, response }`: `data` on success, `error` (an ErrorResponse) otherwise; or use
 * `unwrap()` to get the data or a thrown PalladiumError.
 */
export function createPalladiumClient({ baseUrl, apiKey, headers, fetch }: PalladiumClientOptions): PalladiumClient {
  if (!apiKey) throw new TypeError('createPalladiumClient: apiKey is required');
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    headers: { ...headers, Authorization: `Bearer ${apiKey}` },
    ...(fetch ? { fetch } : {}),
  });
}

/** An error answer of the API, thrown by `unwrap()`. */
export class PalladiumError extends Error {
  override readonly name = 'PalladiumError';
  /** Stable machine-readable code, e.g. `INVALID_API_KEY`, `BANK_NOT_SUPPORTED_ERROR` (see the API reference). */
  readonly error_code: string;
  /** Per-field problems of a validation error (`API_VALIDATION_ERROR`); empty otherwise. */
  readonly errors: FieldError[];
  /** On 5xx answers: quote it to support. */
  readonly request_id?: string;

  constructor(
    /** The HTTP status. */
    readonly status: number,
    body: Partial<ErrorResponse> | undefined,
  ) {
    super(typeof body?.message === 'string' ? body.message : `Palladium answered HTTP ${status}`);
    this.error_code = typeof body?.error_code === 'string' ? body.error_code : status >= 500 ? 'SERVER_ERROR' : 'UNKNOWN_ERROR';
    this.errors = Array.isArray(body?.errors) ? body.errors : [];
    if (typeof body?.request_id === 'string') this.request_id = body.request_id;
  }
}

export function isPalladiumError(error: unknown): error is PalladiumError {
  return error instanceof PalladiumError;
}

/**
 * The data of a call, or a thrown PalladiumError carrying the API's `error_code`, `message`
 * and `errors`:
 *
 *   const disbursement = await unwrap(palladium.GET('/api/v2/disbursements/{id}', { params: { path: { id } } }));
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) {
    throw new PalladiumError(response.status, error !== null && typeof error === 'object' ? (error as Partial<ErrorResponse>) : undefined);
  }
  return data as T;
}
