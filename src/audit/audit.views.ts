import type { Environment } from '../common/environment';

/** One entry of the audit trail, as the dashboard (a merchant's) and the operators (all) read it. */
export interface AuditEntryView {
  id: string;
  merchant_id: string | null;
  at: string;
  environment: Environment | null;
  /** Who did it, as they were named then; null for an operator. */
  person: { id: string; name: string; email: string } | null;
  /** The operator who acted (as named then, and by which token); null for a person, and for the server CLI. */
  operator: { id: string | null; name: string; via: string } | null;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
}
