import type { CreatedMerchantView } from '../src/merchants/merchant.views';
import { bearer, startTestApp, TestApp } from './support/test-app';

const AMOUNT = 10_000;

/**
 * Issue 12, item 3: concurrent create-disbursements of one wallet are group-committed. Each
 * request still gets its own answer, decided in arrival order against what is left, with
 * its reservation, disbursement and idempotent response written together; one item's
 * unexpected failure undoes that item alone.
 */
describe('create-disbursement group commit', () => {
  jest.setTimeout(120_000);
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  async function fundedFor(count: number): Promise<CreatedMerchantView & { key: string }> {
    const merchant = await t.createMerchant();
    const key = merchant.api_keys.development;
    await t.http.post('/api/v2/top-ups').set(bearer(key)).send({ amount: count * AMOUNT, transfer_reference: 'fund' }).expect(201);
    return { ...merchant, key };
  }

  const body = (externalId: string) => ({
    bank_code: 'BNI', account_name: 'Penerima', account_number: '1234567890', description: 'group', external_id: externalId, amount: AMOUNT,
  });

  function disburse(key: string, externalId: string, idempotencyKey?: string) {
    const request = t.http.post('/api/v2/create-disbursement').set(bearer(key));
    if (idempotencyKey) request.set('Idempotency-Key', idempotencyKey);
    return request.send(body(externalId));
  }

  /** Transactions that reserved this merchant's disbursements: now() is the same for every row of one transaction. */
  async function transactionsOf(merchantId: string): Promise<number> {
    const [{ count }] = await t.sql<{ count: number }>(
      `SELECT count(DISTINCT t.created_at)::int AS count FROM ledger_transfers t JOIN disbursements d ON t.id = d.reservation_id
       WHERE d.merchant_id = $1`,
      [merchantId],
    );
    return count;
  }

  it('100 requests at once, balance for 60: each answered on its own, 60 created in far fewer transactions, none overdrawn', async () => {
    const merchant = await fundedFor(60);
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => disburse(merchant.key, `g-${i}`)));

    const created = answers.filter((a) => a.status === 200);
    expect(created).toHaveLength(60);
    for (const [i, answer] of answers.entries()) {
      if (answer.status === 200) expect(answer.body).toMatchObject({ status: 'pending', external_id: `g-${i}`, amount: AMOUNT });
      else expect([answer.status, answer.body.error_code]).toEqual([400, 'INSUFFICIENT_BALANCE']);
    }
    const rows = await t.sql<{ id: string }>('SELECT id FROM disbursements WHERE merchant_id = $1 ORDER BY id', [merchant.id]);
    expect(rows.map((r) => r.id)).toEqual(created.map((a) => a.body.id as string).sort());
    expect((await t.http.get('/api/v2/me').set(bearer(merchant.key))).body.remaning_disbursable_amount).toBe(0);
    expect(await transactionsOf(merchant.id)).toBeLessThan(30);
  });

  it('idempotent requests inside a batch: each stored with its disbursement, a duplicate key at once creates one', async () => {
    const merchant = await fundedFor(20);
    const keyed = Array.from({ length: 10 }, (_, i) => disburse(merchant.key, `k-${i}`, `key-${i}`));
    const duplicates = [disburse(merchant.key, 'dup', 'dup-key'), disburse(merchant.key, 'dup', 'dup-key')];
    const answers = await Promise.all([...keyed, ...duplicates]);
    expect(answers.slice(0, 10).map((a) => a.status)).toEqual(Array(10).fill(200));

    // The duplicate: one executes; the other is refused while the first is in flight, or replays it.
    const dup = answers.slice(10);
    const executed = dup.find((a) => a.status === 200 && a.headers['idempotent-replayed'] === undefined);
    const other = dup.find((a) => a !== executed)!;
    expect(executed).toBeDefined();
    expect(other.status === 409 ? other.body.error_code : other.body).toEqual(
      other.status === 409 ? 'IDEMPOTENCY_REQUEST_IN_PROGRESS_ERROR' : executed!.body,
    );
    const [{ count }] = await t.sql<{ count: number }>("SELECT count(*)::int AS count FROM disbursements WHERE merchant_id = $1 AND external_id = 'dup'", [merchant.id]);
    expect(count).toBe(1);

    // A replay returns the stored body of each.
    for (const [i, answer] of answers.slice(0, 10).entries()) {
      const replay = await disburse(merchant.key, `k-${i}`, `key-${i}`);
      expect(replay.status).toBe(200);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(answer.body);
    }
    expect((await t.http.get('/api/v2/me').set(bearer(merchant.key))).body.remaning_disbursable_amount).toBe(9 * AMOUNT);
  });

  it("an item whose insert fails unexpectedly fails alone: the others are created, its key is free again", async () => {
    const merchant = await fundedFor(20);
    await t.sql("ALTER TABLE disbursements ADD CONSTRAINT test_refuse_boom CHECK (external_id <> 'boom') NOT VALID");
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i === 10 ? disburse(merchant.key, 'boom', 'boom-key') : disburse(merchant.key, `b-${i}`))),
      );
      expect(answers[10].status).toBe(500);
      expect(answers.filter((a) => a.status === 200)).toHaveLength(19);
      expect(await transactionsOf(merchant.id)).toBeLessThan(19);
    } finally {
      await t.sql('ALTER TABLE disbursements DROP CONSTRAINT test_refuse_boom');
    }
    expect((await t.http.get('/api/v2/me').set(bearer(merchant.key))).body.remaning_disbursable_amount).toBe(AMOUNT);
    const retry = await disburse(merchant.key, 'boom', 'boom-key');
    expect(retry.status).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
  });
});
