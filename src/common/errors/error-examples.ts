import { ERROR_CATALOGUE, ErrorCode } from './error-codes';

/** The body of an error answer, as the API sends it (ErrorResponseDto). */
export interface ErrorExample {
  error_code: ErrorCode;
  message: string;
  errors?: { field: string; message: string }[];
  request_id?: string;
}

/**
 * A realistic message per error code, as the server words it, for the examples of the OpenAPI
 * documents (ApiErrorResponses). A code without one here shows its catalogue description.
 */
const MESSAGES: Partial<Record<ErrorCode, string>> = {
  API_VALIDATION_ERROR: 'amount must be a whole number of rupiah',
  INVALID_JSON_FORMAT: 'The request body is not valid JSON',
  INVALID_MULTIPART_FORMAT: 'The multipart/form-data body is malformed: no boundary in Content-Type',
  INVALID_CONTENT_ENCODING: 'The request body is not valid gzip data (Content-Encoding: gzip)',
  BANK_NOT_SUPPORTED_ERROR: 'bank_code XYZ is not supported for virtual accounts (BNI, BRI, MANDIRI, PERMATA, BSI, CIMB)',
  BANK_COMING_SOON_ERROR: 'BCA virtual accounts are coming soon and cannot be created yet',
  INSUFFICIENT_BALANCE: 'Insufficient balance in the disburse wallet: 150000 available, 20000000 requested',
  RETAIL_OUTLET_NOT_SUPPORTED_ERROR: 'retail_outlet_name INDOMARET is not supported (ALFAMART)',
  CALLBACK_URL_NOT_CONFIGURED_ERROR: 'No callback URL is configured for virtual_account.paid; set one first',
  INVALID_API_KEY: 'Malformed API key: expected pallapi_secret_<environment>_<32 hex>',
  INVALID_WEBHOOK_SIGNATURE: 'X-CALLBACK-TOKEN is missing or is not the configured Xendit callback token',
  INVALID_ADMIN_TOKEN: 'Send your operator token (or ADMIN_API_TOKEN) as "Authorization: Bearer <token>"',
  INVALID_CREDENTIALS_ERROR: 'Wrong email or password',
  TOTP_CODE_INVALID_ERROR: 'Enter the current 6-digit code of your authenticator app (each code works once)',
  TOTP_ENROLLMENT_REQUIRED_ERROR: 'Set up your authenticator app first (POST /admin/console/totp-enrollment), then sign in with its code',
  SESSION_INVALID_ERROR: 'Not signed in, or the session ended: sign in again',
  REQUEST_FORBIDDEN_ERROR: 'Simulations are for development keys only',
  OPERATOR_FORBIDDEN_ERROR: 'Your role (viewer) may not do this: it needs operator',
  FORBIDDEN_ERROR: 'Your role (viewer) may not do this (createDisbursement); ask an owner',
  CSRF_TOKEN_INVALID_ERROR: 'Send the X-CSRF-Token header of your session with every change',
  MERCHANT_SUSPENDED_ERROR:
    'This merchant is suspended by Palladium: its API keys and dashboard are refused until an operator lifts the suspension; contact Palladium support',
  PRODUCTION_NOT_ENABLED_ERROR: 'Production is not switched on for this merchant yet; use development',
  NOT_FOUND_ERROR: 'No route for GET /api/v2/nothing-here',
  TOP_UP_NOT_FOUND_ERROR: 'No top-up with id 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a',
  TOP_UP_BANK_ACCOUNT_NOT_FOUND_ERROR: 'No active top-up bank account with id 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a',
  WITHDRAWAL_NOT_FOUND_ERROR: 'No withdrawal with id 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a',
  WITHDRAWAL_ACCOUNT_NOT_FOUND_ERROR: 'No withdrawal bank account is registered for production',
  CALLBACK_NOT_FOUND_ERROR: 'No callback event with id 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a',
  MERCHANT_NOT_FOUND_ERROR: 'No merchant with id 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a',
  API_KEY_NOT_FOUND_ERROR: 'Merchant 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a has no active production key',
  APPROVAL_NOT_FOUND_ERROR: 'No approval with id 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a',
  OPERATOR_NOT_FOUND_ERROR: 'No active operator with id 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a',
  OPERATOR_TOKEN_NOT_FOUND_ERROR: 'No operator token with id 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a',
  PERSON_NOT_FOUND_ERROR: 'No person with id 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a in your team',
  DUPLICATE_MERCHANT_ERROR: 'A merchant with email finance@tokomaju.example already exists',
  FOUR_EYES_REQUIRED_ERROR: 'Production withdrawals need a second operator: prepare it with evidence, then an approver approves it',
  APPROVAL_ALREADY_OPEN_ERROR: 'withdrawal 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a already has an approval waiting for a decision',
  SETTLEMENT_RUN_COMPLETED_ERROR: 'The production 2025-01-31 settlement run already completed; payments that arrived since are settled with the next date',
  APPROVAL_ALREADY_DECIDED_ERROR: 'Approval 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a is already approved',
  DUPLICATE_OPERATOR_ERROR: 'An active operator already signs in as dewi@palladium.example',
  TOTP_ALREADY_ENROLLED_ERROR: 'Your authenticator is already set up: sign in with its code (an admin can reset it)',
  DUPLICATE_PERSON_ERROR: 'budi@tokomaju.example already signs in to a Palladium dashboard',
  LAST_OWNER_ERROR: 'The last owner cannot be removed or given another role: make someone else owner first',
  DUPLICATE_TOP_UP_ERROR: 'A top-up with transfer_reference TRF-20250131-0042 already exists',
  DUPLICATE_TOP_UP_BANK_ACCOUNT_ERROR: 'BCA 1234567890 is already an active production top-up account',
  TOP_UP_ALREADY_DECIDED_ERROR: 'Top-up 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a is rejected; only approved top-ups can be reversed',
  WITHDRAWAL_ALREADY_COMPLETED_ERROR: 'Withdrawal 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a is already done',
  PENDING_TRANSFER_ALREADY_RESOLVED_ERROR: 'The reservation was already posted',
  REQUEST_TOO_LARGE_ERROR: 'The request body is larger than 1048576 bytes',
  UNSUPPORTED_MEDIA_TYPE_ERROR: 'Content-Type text/plain is not supported: send application/json, application/x-www-form-urlencoded or multipart/form-data',
  UNSUPPORTED_CONTENT_ENCODING_ERROR: 'Content-Encoding zstd is not supported: send gzip, deflate, br or identity',
  VIRTUAL_ACCOUNT_NOT_FOUND_ERROR: 'No virtual account with id 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a',
  RETAIL_PAYMENT_NOT_FOUND_ERROR: 'No retail payment code with id 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a',
  PAYMENT_NOT_ACCEPTED_ERROR: 'This virtual account cannot take a payment: it is single-use and already paid',
  VIRTUAL_ACCOUNT_NOT_UPDATABLE_ERROR: 'A single-use virtual account cannot be changed once paid',
  DISBURSEMENT_NOT_FOUND_ERROR: 'No disbursement with id 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a',
  BATCH_DISBURSEMENT_NOT_FOUND_ERROR: 'No batch disbursement with id 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a',
  DISBURSEMENT_ALREADY_COMPLETED_ERROR: 'Disbursement 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a is already done',
  DISBURSEMENT_NOT_IN_DOUBT_ERROR:
    'Disbursement 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a has not been sent to a provider yet; it cannot be resolved by hand',
  ACCOUNT_NOT_FOUND_ERROR: 'BCA reports no account 1234567000',
  IDEMPOTENCY_KEY_REUSED_ERROR: 'Idempotency-Key order-2025-0042 was already used with a different request',
  IDEMPOTENCY_REQUEST_IN_PROGRESS_ERROR: 'A request with Idempotency-Key order-2025-0042 is still being processed',
  RATE_LIMITED_ERROR: 'Too many requests for this API key; retry in 12 s',
  SETTLEMENT_RUN_NOT_FOUND_ERROR: 'No settlement run with id 7d3c2b1a-0f9e-4d8c-8b7a-6f5e4d3c2b1a',
  SETTLEMENT_CUTOFF_NOT_REACHED_ERROR: 'The 2025-01-31 cutoff (14:00 Asia/Jakarta) has not passed yet',
  SERVER_ERROR: 'Internal server error',
  PROVIDER_REQUEST_FAILED_ERROR: 'The upstream provider refused the request; nothing was created',
  PROVIDER_UNAVAILABLE_ERROR: 'The upstream provider could not be reached; nothing was created, please retry',
  PROVIDER_NOT_CONFIGURED_ERROR: 'xendit is not configured',
  SERVICE_UNAVAILABLE_ERROR: 'The database is not reachable',
};

/** The example answer of one error code: its status's body, with `errors` or `request_id` where the API sends them. */
export function errorExample(code: ErrorCode): ErrorExample {
  const example: ErrorExample = { error_code: code, message: MESSAGES[code] ?? ERROR_CATALOGUE[code].description };
  if (code === 'API_VALIDATION_ERROR') example.errors = [{ field: 'amount', message: 'amount must be a whole number of rupiah' }];
  if (ERROR_CATALOGUE[code].status >= 500) example.request_id = 'b1946ac9-2f0e-4f1b-9d8a-6c1d2e3f4a5b';
  return example;
}
