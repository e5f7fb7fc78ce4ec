import type { OperatorRole, TokenScope } from './operators.types';

export interface OperatorView {
  id: string;
  name: string;
  email: string;
  role: OperatorRole;
  created_by: string;
  created_at: string;
  disabled_at: string | null;
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
