import { Injectable } from '@nestjs/common';
import type { Environment } from '../common/environment';
import { Columns, Sql } from '../database/sql';

/** Serialises demo merchant creation across instances booting together. */
const DEMO_MERCHANT_LOCK = 7_305_210_002;

export interface MerchantRow {
  id: string;
  name: string;
  email: string;
  /** Whether production keys and dashboard sessions may use production (operators switch it on). */
  production_enabled: boolean;
  created_at: Date;
  /** Set while an operator has suspended the merchant: its keys and dashboard sessions are refused. */
  suspended_at: Date | null;
  /** Why, as the operator wrote it; set exactly when suspended_at is. */
  suspended_reason: string | null;
}

const MERCHANT_COLUMNS = Columns.of<MerchantRow>()('id', 'name', 'email', 'production_enabled', 'created_at', 'suspended_at', 'suspended_reason');

/** A suspension as it was before a change. */
export interface SuspensionRow {
  suspended_at: Date | null;
  suspended_reason: string | null;
}

/** What is shown of a key: never its hash, which is only ever matched. */
export interface ApiKeyRow {
  merchant_id: string;
  environment: Environment;
  key_hint: string;
  created_at: Date;
}

const API_KEY_COLUMNS = Columns.of<ApiKeyRow>()('merchant_id', 'environment', 'key_hint', 'created_at');

/** The key a hash belongs to, revoked or not, with its merchant. */
export interface KeyOwnerRow {
  key_id: string;
  revoked_at: Date | null;
  merchant_id: string;
  name: string;
  email: string;
  production_enabled: boolean;
  suspended_at: Date | null;
}

/** The merchants and api_keys tables. */
@Injectable()
export class MerchantsRepository {
  constructor(private readonly sql: Sql) {}

  async emailTaken(email: string): Promise<boolean> {
    const row = await this.sql.one<{ taken: boolean }>('SELECT EXISTS (SELECT 1 FROM merchants WHERE lower(email) = lower($1)) AS taken', [email]);
    return row!.taken;
  }

  /** Fails with a unique violation when the email is taken (whatever its case). */
  async insert(name: string, email: string, productionEnabled: boolean): Promise<MerchantRow> {
    const row = await this.sql.one<MerchantRow>(
      `INSERT INTO merchants (name, email, production_enabled) VALUES ($1, $2, $3) RETURNING ${MERCHANT_COLUMNS}`,
      [name, email, productionEnabled],
    );
    return row!;
  }

  /** The merchant as it was before the change; undefined when there is none. */
  async setProductionEnabled(id: string, enabled: boolean): Promise<{ before: boolean } | undefined> {
    return this.sql.one<{ before: boolean }>(
      `UPDATE merchants m SET production_enabled = $2, updated_at = now()
       FROM (SELECT id, production_enabled AS before FROM merchants WHERE id = $1 FOR UPDATE) old
       WHERE m.id = old.id RETURNING old.before`,
      [id, enabled],
    );
  }

  /**
   * Suspends (a reason) or reinstates (null) the merchant; a suspension already in place is
   * kept as it was (its time and reason). The suspension as it was before; undefined when
   * there is no such merchant.
   */
  async setSuspension(id: string, reason: string | null): Promise<SuspensionRow | undefined> {
    return this.sql.one<SuspensionRow>(
      `UPDATE merchants m
       SET suspended_at = CASE WHEN $2::text IS NULL THEN NULL ELSE coalesce(old.suspended_at, now()) END,
           suspended_reason = CASE WHEN $2::text IS NULL THEN NULL ELSE coalesce(old.suspended_reason, $2) END,
           updated_at = now()
       FROM (SELECT id, suspended_at, suspended_reason FROM merchants WHERE id = $1 FOR UPDATE) old
       WHERE m.id = old.id RETURNING old.suspended_at, old.suspended_reason`,
      [id, reason],
    );
  }

  /** Oldest first; `search` finds a part of the name or email, whatever its case. */
  async names(ids: string[]): Promise<{ id: string; name: string }[]> {
    return ids.length ? this.sql.query<{ id: string; name: string }>('SELECT id, name FROM merchants WHERE id = ANY($1::uuid[])', [ids]) : [];
  }

  list(search?: string): Promise<MerchantRow[]> {
    if (!search) return this.sql.query<MerchantRow>(`SELECT ${MERCHANT_COLUMNS} FROM merchants ORDER BY created_at`);
    const pattern = `%${search.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    return this.sql.query<MerchantRow>(
      `SELECT ${MERCHANT_COLUMNS} FROM merchants WHERE name ILIKE $1 OR email ILIKE $1 ORDER BY created_at`,
      [pattern],
    );
  }

  find(id: string): Promise<MerchantRow | undefined> {
    return this.sql.one<MerchantRow>(`SELECT ${MERCHANT_COLUMNS} FROM merchants WHERE id = $1`, [id]);
  }

  /** Locks the merchant's row until the transaction ends; false when there is none. */
  async lock(id: string): Promise<boolean> {
    return (await this.sql.one(`SELECT id FROM merchants WHERE id = $1 FOR UPDATE`, [id])) !== undefined;
  }

  async hasAny(): Promise<boolean> {
    const row = await this.sql.one<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM merchants) AS any');
    return row!.any;
  }

  /** Held until the transaction ends. */
  async lockDemoMerchantCreation(): Promise<void> {
    await this.sql.query('SELECT pg_advisory_xact_lock($1)', [DEMO_MERCHANT_LOCK]);
  }

  async insertKey(merchantId: string, environment: Environment, keyHash: string, keyHint: string): Promise<void> {
    await this.sql.query('INSERT INTO api_keys (merchant_id, environment, key_hash, key_hint) VALUES ($1, $2, $3, $4)', [
      merchantId,
      environment,
      keyHash,
      keyHint,
    ]);
  }

  activeKeys(merchantIds: string[]): Promise<ApiKeyRow[]> {
    return this.sql.query<ApiKeyRow>(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE merchant_id = ANY($1) AND revoked_at IS NULL`, [merchantIds]);
  }

  /** Revokes the environment's active key; false when it had none. */
  async revokeActiveKey(merchantId: string, environment: Environment): Promise<boolean> {
    const revoked = await this.sql.query(
      'UPDATE api_keys SET revoked_at = now() WHERE merchant_id = $1 AND environment = $2 AND revoked_at IS NULL RETURNING id',
      [merchantId, environment],
    );
    return revoked.length > 0;
  }

  keyOwner(keyHash: string): Promise<KeyOwnerRow | undefined> {
    return this.sql.one<KeyOwnerRow>(
      `SELECT k.id AS key_id, k.revoked_at, m.id AS merchant_id, m.name, m.email, m.production_enabled, m.suspended_at
       FROM api_keys k JOIN merchants m ON m.id = k.merchant_id WHERE k.key_hash = $1`,
      [keyHash],
    );
  }
}
