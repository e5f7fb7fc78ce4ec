import type { Environment } from '../common/environment';

/** One entry of a merchant's audit trail, as the dashboard shows it. */
export interface AuditEntryView {
  id: string;
  at: string;
  environment: Environment | null;
  /** Who did it, as they were named then; null for an operator (admin API or CLI). */
  person: { id: string; name: string; email: string } | null;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
}
