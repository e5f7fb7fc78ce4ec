import { TransactionAlreadyActiveError, TransactionHost } from '@nestjs-cls/transactional';
import { ProviderHttpClient } from '../src/providers/http/provider-http.client';
import { ProviderWorld, startProviderWorld } from './support/provider-world';
import { sleep } from './support/wait';

/**
 * A provider can take PROVIDER_TIMEOUT_MS to answer; a database transaction held across
 * that call pins a pooled connection and its locks. Calls are made with none open, also on
 * the Idempotency-Key path, whose response is stored in the use case's own commit.
 */
describe('provider calls and database transactions', () => {
  let w: ProviderWorld;

  beforeAll(async () => {
    w = await startProviderWorld();
  });

  afterAll(() => w.close());

  /** Connections of the app's database (other than the asking one) in a transaction that began before `since`. */
  async function transactionsOpenSince(since: Date): Promise<number> {
    const [{ open }] = await w.t.sql<{ open: number }>(
      `SELECT count(*)::int AS open FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start < $1`,
      [since],
    );
    return open;
  }

  it('holds no transaction while Xendit answers a create-virtual-account with an Idempotency-Key', async () => {
    const openWhileAnswering: number[] = [];
    w.xendit.onRequest(async () => {
      const arrived = new Date();
      // Long enough for any short transaction of the workers to end; one around this call cannot.
      await sleep(300);
      openWhileAnswering.push(await transactionsOpenSince(arrived));
    });
    const create = () =>
      w.t.http
        .post('/api/v2/create-virtual-account')
        .set(w.auth)
        .set('Idempotency-Key', 'va-outside-transactions')
        .send({ external_id: 'order-tx', bank_code: 'BNI', name: 'Siti', amount: 75_000, is_single_use: true })
        .expect(200);
    const first = await create();
    w.xendit.onRequest(null);

    expect(openWhileAnswering).toEqual([0]);
    // The response was stored with the account, in the use case's commit: a retry replays it.
    const replay = await create();
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(w.xendit.virtualAccounts.size).toBe(1);
  });

  it('refuses a provider call made inside a transaction before anything is sent', async () => {
    const sent = w.xendit.virtualAccounts.size;
    const client = w.t.app.get(ProviderHttpClient);
    await expect(
      w.t.app.get(TransactionHost).withTransaction(() => client.call('POST', `${w.xendit.url}/callback_virtual_accounts`, { json: { external_id: 'inside' } })),
    ).rejects.toBeInstanceOf(TransactionAlreadyActiveError);
    expect(w.xendit.virtualAccounts.size).toBe(sent);
  });
});
