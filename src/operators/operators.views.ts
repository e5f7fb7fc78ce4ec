import type { OperatorRole, TokenScope } from './operators.types';

export interface OperatorView {
  id: string;
  name: string;
  email: string;
  role: OperatorRole;
  created_by: string;
  created_at: string;
  disabled_at: string | null;
  /** Whether the operator has set up the authenticator app the console asks a code of. */
  totp_enrolled: boolean;
}

export interface OperatorTokenView {
  id: string;
  operator_id: string;
  name: string;
  scope: TokenScope;
  /** `…` and the token's last four characters. */
  hint: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** A new token: the only time it is shown. */
export interface IssuedOperatorTokenView extends OperatorTokenView {
  token: string;
}

/** A new operator, or one whose sign-in an admin reset: the first password, shown only now. */
export interface OperatorWithPasswordView extends OperatorView {
  initial_password: string;
}

/** The secret to add to an authenticator app (scan the URI as a QR code, or type the secret). */
export interface TotpEnrollmentView {
  secret: string;
  otpauth_uri: string;
}

/** Who is signed in to the console, and the CSRF token their changes carry. */
export interface ConsoleSessionView {
  operator: { id: string; name: string; email: string; role: OperatorRole };
  csrf_token: string;
  expires_at: string;
}
