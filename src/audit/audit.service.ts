import { Injectable } from '@nestjs/common';
import type { Environment } from '../common/environment';
import type { RequestActor } from '../common/http/dashboard-api';
import type { Page } from '../common/pagination';
import { AuditRepository, AuditRow } from './audit.repository';
import type { AuditEntryView } from './audit.views';

/** What happened, to what, and the state before and after (never a secret: no passwords, keys, tokens). */
export interface AuditEvent {
  merchantId: string;
  /** The environment the change was made in; null for what has none (people, sign-in). */
  environment: Environment | null;
  /** `<thing>.<what happened>`, e.g. `person.role_changed`. */
  action: string;
  /** What it was done to, e.g. `person:<id>`, `api_key:production`. */
  target?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * The audit trail of every change made to a merchant by its people (and by operators), which
 * its owners can read. Recorded in the caller's transaction when there is one, so an entry
 * commits with its change; the table itself refuses updates and deletes.
 */
@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  async record(actor: RequestActor, event: AuditEvent): Promise<void> {
    await this.audit.insert({
      merchant_id: event.merchantId,
      environment: event.environment,
      person_id: actor.person?.id ?? null,
      person_name: actor.person?.name ?? null,
      person_email: actor.person?.email ?? null,
      action: event.action,
      target: event.target ?? null,
      before: event.before ?? null,
      after: event.after ?? null,
      request_id: actor.requestId?.slice(0, 128) ?? null,
    });
  }

  list(merchantId: string, page: { limit?: number; cursor?: string }): Promise<Page<AuditEntryView>> {
    return this.audit.page(merchantId, page, toView);
  }
}

function toView(row: AuditRow): AuditEntryView {
  return {
    id: String(row.id),
    at: row.created_at.toISOString(),
    environment: row.environment,
    person: row.person_id ? { id: row.person_id, name: row.person_name!, email: row.person_email! } : null,
    action: row.action,
    target: row.target,
    before: row.before,
    after: row.after,
    request_id: row.request_id,
  };
}
