/**
 * The raw-database references. The HTTP workloads are compared with pgbench scripts on a
 * schema of the bench's own (bench_ref), shaped like the app's tables but independent of
 * them, so a reference keeps measuring "what PostgreSQL can do for this work" while the
 * app's schema changes. Settlement's reference runs on the app's own tables (see
 * settlement.ts), since it is the same data, settled set-based.
 */

export const REFERENCE_SCHEMA = `
DROP SCHEMA IF EXISTS bench_ref CASCADE;
CREATE SCHEMA bench_ref;
CREATE TABLE bench_ref.accounts (
  id int PRIMARY KEY,
  debits_pending bigint NOT NULL DEFAULT 0, debits_posted bigint NOT NULL DEFAULT 0,
  credits_pending bigint NOT NULL DEFAULT 0, credits_posted bigint NOT NULL DEFAULT 1000000000000000,
  entry_count bigint NOT NULL DEFAULT 0,
  CHECK (debits_pending + debits_posted <= credits_posted)
);
INSERT INTO bench_ref.accounts (id) SELECT generate_series(1, 1000);
CREATE TABLE bench_ref.transfers (
  id text PRIMARY KEY, debit_account_id int NOT NULL REFERENCES bench_ref.accounts (id),
  credit_account_id int NOT NULL REFERENCES bench_ref.accounts (id), amount bigint NOT NULL CHECK (amount > 0),
  kind text NOT NULL, code text NOT NULL, reference text NOT NULL, created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON bench_ref.transfers (reference);
CREATE TABLE bench_ref.entries (
  account_id int NOT NULL REFERENCES bench_ref.accounts (id), seq bigint NOT NULL, transfer_id text NOT NULL REFERENCES bench_ref.transfers (id),
  direction text NOT NULL, available_delta bigint NOT NULL, available_balance bigint NOT NULL, pending_balance bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (account_id, seq), UNIQUE (transfer_id, direction)
);
CREATE TABLE bench_ref.resources (
  id text PRIMARY KEY, merchant int NOT NULL, environment text NOT NULL, external_id text NOT NULL, name text NOT NULL,
  expected_amount bigint NOT NULL, is_single_use boolean NOT NULL, status text NOT NULL, expiration_date timestamptz NOT NULL,
  provider text NOT NULL, bank_code text NOT NULL, account_name text NOT NULL, account_number text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now(), UNIQUE (bank_code, account_number)
);
CREATE INDEX ON bench_ref.resources (merchant, environment, external_id);
INSERT INTO bench_ref.resources (id, merchant, environment, external_id, name, expected_amount, is_single_use, status, expiration_date, provider, bank_code, account_name, account_number)
SELECT 'r' || g, (g - 1) % 50 + 1, 'development', 'ext-' || g, 'Bench', 10000, false, 'unpaid', now() + interval '1 year', 'sandbox', 'BNI', 'Bench', (8800000000 + g)::text
FROM generate_series(1, 200) g;
CREATE TABLE bench_ref.payments (
  id text PRIMARY KEY, resource_id text NOT NULL, provider text NOT NULL, provider_payment_id text NOT NULL, amount bigint NOT NULL,
  status text NOT NULL, paid_at timestamptz NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (provider, provider_payment_id)
);
CREATE INDEX ON bench_ref.payments (resource_id, created_at);
CREATE TABLE bench_ref.outbox (
  id text PRIMARY KEY, merchant int NOT NULL, environment text NOT NULL, event_type text NOT NULL, resource_id text, body text NOT NULL,
  status text NOT NULL, attempt_count int NOT NULL DEFAULT 0, next_attempt_at timestamptz, created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON bench_ref.outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX ON bench_ref.outbox (merchant, environment, created_at DESC, id DESC);
`;

/** A disbursement's reservation: lock-and-update the merchant's disburse account, insert the transfer. */
export function disbursementScript(accounts: number): string {
  return `
\\set a random(1, ${accounts})
BEGIN;
UPDATE bench_ref.accounts SET debits_pending = debits_pending + 20000, entry_count = entry_count + 1 WHERE id = :a;
INSERT INTO bench_ref.transfers (id, debit_account_id, credit_account_id, amount, kind, code, reference)
  VALUES (gen_random_uuid()::text, :a, 1000, 20000, 'pending', 'disbursement', gen_random_uuid()::text);
END;
`;
}

/**
 * The statements of PaymentsService.record() (resource lock, duplicate check, count, payment
 * row, income wallet read/lock/update with its journal entry, transfer, resource update,
 * outbox event), without the shared provider-clearing account row.
 */
export const PAYMENT_RECORDING_SCRIPT = `
\\set r random(1, 200)
\\set m (:r - 1) % 50 + 1
\\set p random(1, 9000000000000000000)
BEGIN;
SELECT * FROM bench_ref.resources WHERE id = 'r' || :r FOR UPDATE;
SELECT * FROM bench_ref.payments WHERE provider = 'sandbox' AND provider_payment_id = 'sandbox:' || :p;
SELECT count(*) FROM bench_ref.payments WHERE resource_id = 'r' || :r;
INSERT INTO bench_ref.payments (id, resource_id, provider, provider_payment_id, amount, status, paid_at)
  VALUES ('p' || :p, 'r' || :r, 'sandbox', 'sandbox:' || :p, 10000, 'pending', now()) RETURNING *;
SELECT * FROM bench_ref.accounts WHERE id = :m;
SELECT * FROM bench_ref.accounts WHERE id = :m FOR UPDATE;
INSERT INTO bench_ref.transfers (id, debit_account_id, credit_account_id, amount, kind, code, reference)
  VALUES ('payment:' || :p, 999, :m, 10000, 'pending', 'payment', 'p' || :p) ON CONFLICT DO NOTHING RETURNING *;
WITH updated AS (
  UPDATE bench_ref.accounts SET credits_pending = credits_pending + 10000, entry_count = entry_count + 1 WHERE id = :m
  RETURNING entry_count, credits_posted - debits_posted - debits_pending AS available, credits_pending)
INSERT INTO bench_ref.entries (account_id, seq, transfer_id, direction, available_delta, available_balance, pending_balance)
  SELECT :m, entry_count, 'payment:' || :p, 'credit', 0, available, credits_pending FROM updated;
UPDATE bench_ref.resources SET status = 'pending', updated_at = now() WHERE id = 'r' || :r RETURNING *;
INSERT INTO bench_ref.outbox (id, merchant, environment, event_type, resource_id, body, status, next_attempt_at)
  VALUES ('evt_' || :p, :m, 'development', 'virtual_account.paid', 'r' || :r, repeat('x', 600), 'pending', now());
END;
`;

const INSERT_RESOURCE = `INSERT INTO bench_ref.resources (id, merchant, environment, external_id, name, expected_amount, is_single_use, status, expiration_date, provider, bank_code, account_name, account_number)
  VALUES (:id, :m, 'development', 'ext', 'Bench Merchant', 10000, true, 'unpaid', now() + interval '31 years', 'sandbox', 'BNI', 'XDT-Bench Merchant', (1000000000000000 + :n)::text);`;

/** create-virtual-account without the outbox: one INSERT. */
export const VA_INSERT_SCRIPT = `
\\set m random(1, 50)
\\set n random(1, 8000000000000000)
${INSERT_RESOURCE.replace(':id', 'gen_random_uuid()::text')}
`;

/** create-virtual-account as the app does it: the row and its outbox event in one transaction. */
export const VA_INSERT_OUTBOX_SCRIPT = `
\\set m random(1, 50)
\\set n random(1, 8000000000000000)
BEGIN;
${INSERT_RESOURCE.replace(':id', `'va' || :n`)}
INSERT INTO bench_ref.outbox (id, merchant, environment, event_type, resource_id, body, status, next_attempt_at)
  VALUES ('evt_va' || :n, :m, 'development', 'virtual_account.created', 'va' || :n, repeat('x', 600), 'pending', now());
END;
`;
