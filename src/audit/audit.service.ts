import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type { Environment } from '../common/environment';
import type { RequestActor } from '../common/http/dashboard-api';
import type { Page } from '../common/pagination';
import { AuditFilter, AuditRepository, AuditRow } from './audit.repository';
import type { AuditEntryView } from './audit.views';

/** What happened, to what, and the state before and after (never a secret: no passwords, keys, tokens). */
export interface AuditEvent {
  /** The merchant concerned; null for what concerns none (operators managing operators). */
  merchantId: string | null;
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
      operator_id: actor.operator?.id ?? null,
      operator_name: actor.operator?.name ?? null,
      operator_via: actor.operator?.via ?? null,
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

  /** Every entry (all merchants and operators) matching the filter, newest first: the operators' view. */
  search(filter: AuditFilter, page: { limit?: number; cursor?: string }): Promise<Page<AuditEntryView>> {
    return this.audit.search(filter, page, toView);
  }

  /** The matching entries as CSV, streamed in batches (memory stays flat however long the trail). */
  csv(filter: AuditFilter): (output: Writable) => Promise<void> {
    return (output) => pipeline(Readable.from(this.csvRecords(filter)), stringify({ header: true, columns: AUDIT_CSV_COLUMNS }), output);
  }

  private async *csvRecords(filter: AuditFilter): AsyncGenerator<unknown[]> {
    let beforeId: number | undefined;
    for (;;) {
      const rows = await this.audit.batch(filter, beforeId, CSV_BATCH);
      for (const row of rows) {
        yield [row.id, row.created_at.toISOString(), row.merchant_id, row.environment, whoOf(row), row.action, row.target,
          json(row.before), json(row.after), row.request_id];
      }
      if (rows.length < CSV_BATCH) return;
      beforeId = rows[rows.length - 1].id;
    }
  }
}

const CSV_BATCH = 1_000;
const AUDIT_CSV_COLUMNS = ['id', 'at', 'merchant_id', 'environment', 'who', 'action', 'target', 'before', 'after', 'request_id'];

function json(value: unknown): string {
  return value === null || value === undefined ? '' : JSON.stringify(value);
}

/** `Sari Dewi <sari@…>` for a person, `Oki Operator (token:desk)` for an operator, `server CLI` otherwise. */
function whoOf(row: AuditRow): string {
  if (row.person_name) return `${row.person_name} <${row.person_email}>`;
  if (row.operator_name) return row.operator_id ? `${row.operator_name} (${row.operator_via})` : row.operator_via!;
  return 'server CLI';
}

function toView(row: AuditRow): AuditEntryView {
  return {
    id: String(row.id),
    merchant_id: row.merchant_id,
    at: row.created_at.toISOString(),
    environment: row.environment,
    person: row.person_id ? { id: row.person_id, name: row.person_name!, email: row.person_email! } : null,
    operator: row.operator_name ? { id: row.operator_id, name: row.operator_name, via: row.operator_via! } : null,
    action: row.action,
    target: row.target,
    before: row.before,
    after: row.after,
    request_id: row.request_id,
  };
}
