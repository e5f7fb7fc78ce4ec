import type { Environment } from '../common/environment';
import type { PersonRole } from '../common/http/dashboard-api';

export interface PersonView {
  id: string;
  name: string;
  email: string;
  role: PersonRole;
  created_at: string;
}

/** What the dashboard knows of a session: who, which merchant, and the CSRF token to send back. */
export interface SessionView {
  person: { id: string; name: string; email: string; role: PersonRole };
  merchant: { id: string; name: string; production_enabled: boolean };
  csrf_token: string;
}

/** Sign-up also shows the merchant's two API keys, once. */
export interface SignedUpView extends SessionView {
  api_keys: Record<Environment, string>;
}

/** A person an operator added, with the first password to hand over (shown once). */
export interface AddedPersonView {
  person: PersonView;
  password: string;
}
