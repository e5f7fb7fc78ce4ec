/**
 * Settlement data on the app's own tables: `n` pending production payments (100 per
 * multi-use virtual account) with their pending ledger transfers, journal entries and
 * account balances, as PaymentsService.record() leaves them. Tied to today's schema: when
 * the ledger changes, this changes with it (the workload reports an error row until then).
 */
export const SEED_STATEMENTS = [
  `INSERT INTO virtual_accounts (id, merchant_id, environment, external_id, name, expected_amount, is_single_use, status,
     expiration_date, provider, bank_code, account_name, account_number)
   SELECT md5($2 || ':va:' || g), m.merchant_id, 'production', 'bench-' || g, 'Bench', 10000, false, 'pending',
     now() + interval '1 year', 'xendit', 'BNI', 'Bench', ($4::bigint + g)::text
   FROM generate_series(0, ceil($1 / 100.0)::int - 1) g
   JOIN unnest($3::uuid[]) WITH ORDINALITY AS m(merchant_id, ord) ON m.ord - 1 = g % cardinality($3::uuid[])`,
  `INSERT INTO payments (id, merchant_id, environment, resource_type, resource_id, provider, provider_payment_id, amount, status, paid_at)
   SELECT md5($2 || ':p:' || g), v.merchant_id, 'production', 'virtual_account', v.id, 'xendit', $2 || ':' || g, 10000, 'pending', $5
   FROM generate_series(0, $1 - 1) g JOIN virtual_accounts v ON v.id = md5($2 || ':va:' || (g / 100))`,
  `INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, kind, pending_id, code, reference)
   SELECT 'payment:' || p.id, c.id, a.id, p.amount, 'pending', NULL, 'payment', p.id
   FROM payments p
   JOIN ledger_accounts a ON a.merchant_id = p.merchant_id AND a.environment = 'production' AND a.kind = 'income'
   JOIN ledger_accounts c ON c.code = 'production:provider_clearing:xendit'
   WHERE p.environment = 'production' AND p.status = 'pending' AND p.paid_at = $5`,
  `WITH t AS (
     SELECT t.id, t.debit_account_id, t.credit_account_id, t.amount FROM ledger_transfers t
     JOIN payments p ON t.id = 'payment:' || p.id
     WHERE p.environment = 'production' AND p.status = 'pending' AND p.paid_at = $5
   ), sides AS (
     SELECT id AS transfer_id, debit_account_id AS account_id, 'debit' AS direction, amount AS dp, 0::bigint AS cp FROM t
     UNION ALL SELECT id, credit_account_id, 'credit', 0, amount FROM t
   ), numbered AS (
     SELECT s.*, row_number() OVER w AS n, sum(s.dp) OVER w AS dp_so_far, sum(s.cp) OVER w AS cp_so_far
     FROM sides s WINDOW w AS (PARTITION BY s.account_id ORDER BY s.transfer_id)
   ), totals AS (
     SELECT account_id, sum(dp) AS dp, sum(cp) AS cp, count(*) AS n FROM sides GROUP BY account_id
   ), updated AS (
     UPDATE ledger_accounts a SET debits_pending = a.debits_pending + t.dp, credits_pending = a.credits_pending + t.cp,
       entry_count = a.entry_count + t.n
     FROM totals t WHERE a.id = t.account_id
     RETURNING a.id, a.entry_count - t.n AS base_seq, a.credits_posted - a.debits_posted - (a.debits_pending - t.dp) AS base_available,
       a.credits_pending - t.cp AS base_pending
   )
   INSERT INTO ledger_entries (account_id, seq, transfer_id, direction, available_delta, available_balance, pending_balance)
   SELECT n.account_id, u.base_seq + n.n, n.transfer_id, n.direction, -n.dp, u.base_available - n.dp_so_far, u.base_pending + n.cp_so_far
   FROM numbered n JOIN updated u ON u.id = n.account_id`,
];

/**
 * The raw set-based reference: one statement per batch doing what a settlement batch does
 * (payments → done, resources → done, post transfers, balances, journal entries, one
 * payment.settled outbox row each). Returns the number settled; run until 0.
 */
export const REFERENCE_SETTLE_BATCH = `
WITH batch AS (
  SELECT id FROM payments WHERE environment = 'production' AND status = 'pending' AND paid_at < $1
  ORDER BY paid_at, id LIMIT $2 FOR UPDATE SKIP LOCKED
), settled AS (
  UPDATE payments p SET status = 'done', settled_at = now() FROM batch WHERE p.id = batch.id RETURNING p.*
), resources AS (
  UPDATE virtual_accounts v SET status = 'done', updated_at = now()
  WHERE v.id IN (SELECT resource_id FROM settled)
    AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.resource_id = v.id AND p.status = 'pending' AND p.id NOT IN (SELECT id FROM settled))
  RETURNING v.id
), inserted AS (
  INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount, kind, pending_id, code, reference)
  SELECT p.id || ':settle', p.debit_account_id, p.credit_account_id, p.amount, 'post_pending', p.id, 'settlement', p.reference
  FROM settled s JOIN ledger_transfers p ON p.id = 'payment:' || s.id
  RETURNING *
), sides AS (
  SELECT id AS transfer_id, debit_account_id AS account_id, 'debit' AS direction, -amount AS dp, amount AS dpo, 0::bigint AS cp, 0::bigint AS cpo FROM inserted
  UNION ALL SELECT id, credit_account_id, 'credit', 0, 0, -amount, amount FROM inserted
), numbered AS (
  SELECT s.*, row_number() OVER w AS n, sum(s.cpo - s.dpo - s.dp) OVER w AS available_so_far, sum(s.cp) OVER w AS pending_so_far
  FROM sides s WINDOW w AS (PARTITION BY s.account_id ORDER BY s.transfer_id)
), totals AS (
  SELECT account_id, sum(dp) AS dp, sum(dpo) AS dpo, sum(cp) AS cp, sum(cpo) AS cpo, count(*) AS n FROM sides GROUP BY account_id
), updated AS (
  UPDATE ledger_accounts a
  SET debits_pending = a.debits_pending + t.dp, debits_posted = a.debits_posted + t.dpo,
      credits_pending = a.credits_pending + t.cp, credits_posted = a.credits_posted + t.cpo, entry_count = a.entry_count + t.n
  FROM totals t WHERE a.id = t.account_id
  RETURNING a.id, a.entry_count - t.n AS base_seq,
            a.credits_posted - a.debits_posted - a.debits_pending - (t.cpo - t.dpo - t.dp) AS base_available, a.credits_pending - t.cp AS base_pending
), journaled AS (
  INSERT INTO ledger_entries (account_id, seq, transfer_id, direction, available_delta, available_balance, pending_balance)
  SELECT n.account_id, u.base_seq + n.n, n.transfer_id, n.direction, n.cpo - n.dpo - n.dp, u.base_available + n.available_so_far, u.base_pending + n.pending_so_far
  FROM numbered n JOIN updated u ON u.id = n.account_id
), events AS (
  INSERT INTO callback_events (id, merchant_id, environment, event_type, resource_id, body, status)
  SELECT 'evt_' || md5(s.id || ':settled'), s.merchant_id, s.environment, 'payment.settled', s.resource_id,
         json_build_object('id', s.id, 'amount', s.amount, 'status', 'done', 'paid_at', s.paid_at, 'settled_at', s.settled_at,
                           'resource_type', s.resource_type, 'resource_id', s.resource_id)::text, 'no_url'
  FROM settled s
)
SELECT count(*)::int AS settled FROM settled`;
