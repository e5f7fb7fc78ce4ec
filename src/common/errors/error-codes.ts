/**
 * The one catalogue of error codes Palladium returns, named like the upstream providers'
 * (Xendit) codes. Each code has exactly one HTTP status. README "Errors" and the Swagger
 * ErrorResponse schema are generated from / checked against this list.
 */
export const ERROR_CATALOGUE = {
  API_VALIDATION_ERROR: { status: 400, description: 'The request failed validation; `errors` lists each field.' },
  INVALID_JSON_FORMAT: { status: 400, description: 'The request body is not valid JSON.' },
  INVALID_MULTIPART_FORMAT: { status: 400, description: 'The multipart/form-data body is malformed (no boundary, a part without a field name, cut short).' },
  INVALID_CONTENT_ENCODING: { status: 400, description: 'The request body is not valid data for its Content-Encoding (e.g. not gzip).' },
  BANK_NOT_SUPPORTED_ERROR: { status: 400, description: 'The bank code is not one Palladium supports for this product.' },
  BANK_COMING_SOON_ERROR: { status: 400, description: 'The bank is listed but not enabled yet (BCA virtual accounts).' },
  INSUFFICIENT_BALANCE: { status: 400, description: 'The wallet does not hold enough available balance for this.' },
  RETAIL_OUTLET_NOT_SUPPORTED_ERROR: { status: 400, description: 'The retail outlet name is not supported.' },
  CALLBACK_URL_NOT_CONFIGURED_ERROR: { status: 400, description: 'No callback URL is configured for that event type.' },
  INVALID_API_KEY: { status: 401, description: 'The API key is missing, malformed, unknown or revoked.' },
  INVALID_WEBHOOK_SIGNATURE: { status: 401, description: 'A provider webhook without the configured callback token or a valid signature; nothing was recorded.' },
  INVALID_ADMIN_TOKEN: { status: 401, description: 'The operator token is missing or wrong.' },
  REQUEST_FORBIDDEN_ERROR: { status: 403, description: 'The key may not perform this request (e.g. a production-only or development-only action).' },
  NOT_FOUND_ERROR: { status: 404, description: 'No such route.' },
  TOP_UP_NOT_FOUND_ERROR: { status: 404, description: 'No top-up with that id for your key.' },
  WITHDRAWAL_NOT_FOUND_ERROR: { status: 404, description: 'No withdrawal with that id for your key.' },
  WITHDRAWAL_ACCOUNT_NOT_FOUND_ERROR: { status: 404, description: 'No withdrawal bank account is registered for this environment.' },
  CALLBACK_NOT_FOUND_ERROR: { status: 404, description: 'No callback event with that id for your key.' },
  MERCHANT_NOT_FOUND_ERROR: { status: 404, description: 'No merchant with that id.' },
  API_KEY_NOT_FOUND_ERROR: { status: 404, description: 'The merchant has no active key in that environment.' },
  DUPLICATE_MERCHANT_ERROR: { status: 409, description: 'A merchant with that email already exists.' },
  DUPLICATE_TOP_UP_ERROR: { status: 409, description: 'A top-up with that transfer_reference already exists.' },
  TOP_UP_ALREADY_DECIDED_ERROR: { status: 409, description: 'The top-up was already approved, rejected or reversed.' },
  WITHDRAWAL_ALREADY_COMPLETED_ERROR: { status: 409, description: 'The withdrawal is already done or failed.' },
  PENDING_TRANSFER_ALREADY_RESOLVED_ERROR: { status: 409, description: 'The reservation was already posted or voided.' },
  REQUEST_TOO_LARGE_ERROR: { status: 413, description: 'The request body exceeds a limit: its size, its number of fields or its nesting depth.' },
  UNSUPPORTED_MEDIA_TYPE_ERROR: { status: 415, description: 'The request body is not JSON, form data or urlencoded.' },
  UNSUPPORTED_CONTENT_ENCODING_ERROR: { status: 415, description: 'The Content-Encoding is not gzip, deflate, br or identity.' },
  VIRTUAL_ACCOUNT_NOT_FOUND_ERROR: { status: 404, description: 'No virtual account with that id for your key.' },
  RETAIL_PAYMENT_NOT_FOUND_ERROR: { status: 404, description: 'No retail payment code with that id for your key.' },
  PAYMENT_NOT_ACCEPTED_ERROR: { status: 409, description: 'The virtual account or payment code cannot take this payment (expired, single-use and already paid).' },
  VIRTUAL_ACCOUNT_NOT_UPDATABLE_ERROR: { status: 409, description: 'A paid single-use virtual account cannot be changed.' },
  DISBURSEMENT_NOT_FOUND_ERROR: { status: 404, description: 'No disbursement with that id for your key.' },
  BATCH_DISBURSEMENT_NOT_FOUND_ERROR: { status: 404, description: 'No batch disbursement with that id for your key.' },
  DISBURSEMENT_ALREADY_COMPLETED_ERROR: { status: 409, description: 'The disbursement is already done or failed.' },
  DISBURSEMENT_NOT_IN_DOUBT_ERROR: { status: 409, description: 'Only a payout sent to a provider and still without an outcome can be resolved by an operator.' },
  ACCOUNT_NOT_FOUND_ERROR: { status: 404, description: 'The bank reports no account with that number (account inquiry).' },
  IDEMPOTENCY_KEY_REUSED_ERROR: { status: 422, description: 'The Idempotency-Key was already used with a different request body.' },
  IDEMPOTENCY_REQUEST_IN_PROGRESS_ERROR: { status: 409, description: 'A request with this Idempotency-Key is still being processed; retry shortly.' },
  RATE_LIMITED_ERROR: { status: 429, description: 'Too many requests for this API key, or from this address without a valid credential; retry after `Retry-After` seconds.' },
  SETTLEMENT_RUN_NOT_FOUND_ERROR: { status: 404, description: 'No settlement run with that id.' },
  SETTLEMENT_CUTOFF_NOT_REACHED_ERROR: { status: 409, description: 'That business date has not reached its settlement cutoff yet.' },
  SERVER_ERROR: { status: 500, description: 'Something went wrong on our side; quote `request_id` to support.' },
  PROVIDER_REQUEST_FAILED_ERROR: { status: 502, description: 'The upstream provider refused the request; nothing was created.' },
  PROVIDER_UNAVAILABLE_ERROR: { status: 503, description: 'The upstream provider could not be reached or is failing; nothing was created, retry later.' },
  PROVIDER_NOT_CONFIGURED_ERROR: { status: 503, description: 'No upstream provider is configured for this production product.' },
  SERVICE_UNAVAILABLE_ERROR: { status: 503, description: 'A dependency (the database) is unavailable.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];
