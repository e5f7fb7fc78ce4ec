import { DisbursementsService } from '../../src/disbursements/create-disbursement/disbursements.service';
import { DisbursementsModule } from '../../src/disbursements/disbursements.module';
import { PayoutDispatcher } from '../../src/disbursements/dispatch/payout-dispatcher.service';
import { IdempotencyModule } from '../../src/idempotency/idempotency.module';
import { WalletsService } from '../../src/wallets/wallets.service';
import { DUITKU_CLEARING_INQUIRY_TABLE, DUITKU_ONLINE_TRANSFER_TABLE } from '../fakes/fake-duitku';
import { createMerchant, fundDisburseWallet, MERCHANT_MODULES, recordProviderFloat } from '../support/module-fixtures';
import { ModuleHarness, startModules } from '../support/module-harness';
import { PROVIDER_FLOAT, ProviderFakes, startProviderFakes } from '../support/provider-fakes';

/**
 * The payout dispatcher's state changes, one dispatcher step at a time: DisbursementsModule
 * on a real database, production payouts sent to fake Xendit and Duitku (over HTTP, through
 * gates that can refuse connections or lose answers). No worker runs: each step is one
 * `dispatchDue()` (one claim, which may make several provider calls: Duitku's inquiry and
 * transfer, or a failover), and a payout waiting for its next status check is made due by
 * setting its own `next_action_at` to now.
 *
 * After each step a row states: the payout's status, the provider holding it and its stage
 * there, its failure code, how many money-moving requests each provider has received for it
 * (Duitku transfers, Xendit disbursement creations), and its disburse wallet: `reserved`
 * (amount held), `posted` (paid out) or `returned` (released). Every row ends finished; then
 * the money has left the provider that paid (once) and no other, at the provider and in our
 * ledger's mirror of it alike.
 */

jest.setTimeout(120_000);

type Provider = 'duitku' | 'xendit';
type Wallet = 'reserved' | 'posted' | 'returned';
type Status = 'pending' | 'done' | 'failed';
type Stage = 'queued' | 'inquired' | 'submitting' | 'submitted';
/**
 * The payout after a step: its status, the provider holding it and its stage there, its
 * failure code, the money-moving requests each provider has received for it so far (Duitku
 * transfers, Xendit disbursement creations), and its disburse wallet.
 */
type After = [status: Status, at: Provider, stage: Stage, failure: string | null, duitku: number, xendit: number, wallet: Wallet];

interface World {
  h: ModuleHarness;
  fakes: ProviderFakes;
  dispatcher: PayoutDispatcher;
}

interface Payout {
  id: string;
  merchantId: string;
  account: string;
  amount: number;
}

/** What a provider does (or what happens on the way to it) before a step. */
type Action = (w: World, p: Payout) => unknown;

interface Row {
  case: string;
  account: string;
  /** Default BCA (both providers serve it). */
  bank?: string;
  /** Default: a small amount of the row's own (the fakes' scripts are keyed by amount). */
  amount?: number;
  /** Actions before step n (1 = the first dispatcher step). */
  before?: Record<number, Action | Action[]>;
  after: After[];
}

/** The Duitku sandbox's test accounts (its Testing tables, played by the fake) by the code they are answered with. */
const transferAnswered = (code: string) => DUITKU_ONLINE_TRANSFER_TABLE.find((row) => row.responseCode === code)!.bankAccount;
const clearingInquiryAnswered = (code: string) => DUITKU_CLEARING_INQUIRY_TABLE.find((row) => row.responseCode === code)!.bankAccount;
const PAID = transferAnswered('00');

const FUNDED = 200_000_000;

// ---- What the providers do ----

/** Duitku's next status checks answer these codes; after them, the transfer's own state (done). */
const duitkuStatusAnswers = (...codes: string[]): Action => (w, p) => w.fakes.duitku.scriptStatus(p.amount, codes);
/** The bank returned the money: Duitku's status check answers `code` (a decline). */
const duitkuStatusDeclines = (code: string): Action => (w, p) => w.fakes.duitku.scriptStatus(p.amount, [code], { reversed: true });
/** Duitku's usable balance (effectiveBalance) is held back entirely. */
const duitkuFloatHeld: Action = (w) => w.fakes.duitku.holdBalance(PROVIDER_FLOAT);
/** Xendit accepts the disbursement (PENDING); it then ends FAILED with this failure_code. */
const xenditFailsLater = (failureCode: string): Action => (w, p) => w.fakes.xendit.failDisbursementsTo(p.account, failureCode);
/** Xendit creates the disbursement but answers 500 SERVER_ERROR. */
const xenditCreatesButAnswers500: Action = (w) => w.fakes.xendit.setServerErrorOnCreate(true);
/** Xendit answers 500 SERVER_ERROR and creates nothing. */
const xenditLosesTheCreate: Action = (w) => w.fakes.xendit.loseNextCreates(1);
/** Lookups by external_id get a bare 404 (a proxy), not Xendit's DIRECT_DISBURSEMENT_NOT_FOUND_ERROR. */
const xenditLookupBare404: Action = (w) => w.fakes.xendit.overrideLookupAnswer({ status: 404, body: { message: 'Not Found' } });
const xenditLookupRestored: Action = (w) => w.fakes.xendit.overrideLookupAnswer(null);

// ---- What happens on the way ----

const refused = (provider: Provider): Action => (w) => w.fakes.gates[provider].refuse();
const reachable = (provider: Provider): Action => (w) => w.fakes.gates[provider].open();
/** Duitku answers the inquiry, then refuses connections: the transfer never reaches it. */
const duitkuRefusesAfterInquiry: Action = (w) => w.fakes.gates.duitku.refuseAfter(/\/inquiry(sandbox)?$/);
/** Duitku carries out the transfer; its answer is lost (connection reset). */
const duitkuTransferAnswerLost: Action = (w) => w.fakes.gates.duitku.dropAnswer(/\/transfer(sandbox)?$/);
/** Xendit creates the disbursement; its answer is lost (connection reset). */
const xenditCreateAnswerLost: Action = (w) => w.fakes.gates.xendit.dropAnswer(/^\/disbursements$/);

// ---- The tables ----

const DUITKU_FIRST: Row[] = [
  {
    case: 'Duitku pays at once (00)',
    account: PAID,
    after: [
      //status     at        stage         failure                    duitku  xendit  wallet
      ['done',    'duitku', 'submitting', null,                      1,      0,      'posted'],
    ],
  },
  {
    case: 'Duitku declines, nothing moved (-510): fails over to Xendit, which pays',
    account: transferAnswered('-510'),
    after: [
      ['pending', 'xendit', 'submitted',  null,                      1,      1,      'reserved'],
      ['done',    'xendit', 'submitted',  null,                      1,      1,      'posted'],
    ],
  },
  {
    case: 'both decline (Duitku LD, then Xendit over its limit): failed with the last code, money returned',
    account: transferAnswered('LD'),
    bank: 'BTN',
    amount: 30_000_000,
    after: [
      ['failed',  'xendit', 'submitting', 'TRANSFER_ERROR',          1,      1,      'returned'],
    ],
  },
  {
    case: 'destination rejected at the inquiry (90, RTGS clearing): failed, never fails over',
    account: clearingInquiryAnswered('90'),
    bank: 'BNI',
    amount: 100_000_000,
    after: [
      ['failed',  'duitku', 'queued',     'INVALID_DESTINATION',     0,      0,      'returned'],
    ],
  },
  {
    case: "Duitku's usable balance is short: fails over before any inquiry",
    account: PAID,
    before: { 1: duitkuFloatHeld },
    after: [
      ['pending', 'xendit', 'submitted',  null,                      0,      1,      'reserved'],
      ['done',    'xendit', 'submitted',  null,                      0,      1,      'posted'],
    ],
  },
  {
    case: 'in doubt (TO): the first check hears 68, the second 00',
    account: transferAnswered('TO'),
    before: { 1: duitkuStatusAnswers('68') },
    after: [
      ['pending', 'duitku', 'submitted',  null,                      1,      0,      'reserved'],
      ['pending', 'duitku', 'submitted',  null,                      1,      0,      'reserved'],
      ['done',    'duitku', 'submitted',  null,                      1,      0,      'posted'],
    ],
  },
  {
    case: 'in doubt (68), then the bank declines (01): failed, never sent to Xendit',
    account: transferAnswered('68'),
    before: { 1: duitkuStatusDeclines('01') },
    after: [
      ['pending', 'duitku', 'submitted',  null,                      1,      0,      'reserved'],
      ['failed',  'duitku', 'submitted',  'REJECTED_BY_BANK',        1,      0,      'returned'],
    ],
  },
  {
    case: 'in doubt (-100), Duitku unreachable at the check: stays in doubt with Duitku',
    account: transferAnswered('-100'),
    before: { 2: refused('duitku'), 3: reachable('duitku') },
    after: [
      ['pending', 'duitku', 'submitted',  null,                      1,      0,      'reserved'],
      ['pending', 'duitku', 'submitted',  null,                      1,      0,      'reserved'],
      ['done',    'duitku', 'submitted',  null,                      1,      0,      'posted'],
    ],
  },
  {
    case: 'transport error before reaching Duitku (connection refused): fails over to Xendit',
    account: PAID,
    before: { 1: refused('duitku') },
    after: [
      ['pending', 'xendit', 'submitted',  null,                      0,      1,      'reserved'],
      ['done',    'xendit', 'submitted',  null,                      0,      1,      'posted'],
    ],
  },
  {
    case: 'transfer refused after a good inquiry (never reached Duitku): fails over to Xendit',
    account: PAID,
    before: { 1: duitkuRefusesAfterInquiry },
    after: [
      ['pending', 'xendit', 'submitted',  null,                      0,      1,      'reserved'],
      ['done',    'xendit', 'submitted',  null,                      0,      1,      'posted'],
    ],
  },
  {
    case: "transport error after reaching Duitku (the transfer's answer is lost): checked, never resent nor failed over",
    account: PAID,
    before: { 1: duitkuTransferAnswerLost },
    after: [
      ['pending', 'duitku', 'submitted',  null,                      1,      0,      'reserved'],
      ['done',    'duitku', 'submitted',  null,                      1,      0,      'posted'],
    ],
  },
];

const XENDIT_FIRST: Row[] = [
  {
    case: 'Xendit accepts (PENDING), the lookup finds it COMPLETED',
    account: '1234567801',
    after: [
      //status     at        stage         failure                    duitku  xendit  wallet
      ['pending', 'xendit', 'submitted',  null,                      0,      1,      'reserved'],
      ['done',    'xendit', 'submitted',  null,                      0,      1,      'posted'],
    ],
  },
  {
    case: 'Xendit accepts, then the bank rejects it (FAILED): failed, never fails over',
    account: '1234567802',
    before: { 1: xenditFailsLater('REJECTED_BY_BANK') },
    after: [
      ['pending', 'xendit', 'submitted',  null,                      0,      1,      'reserved'],
      ['failed',  'xendit', 'submitted',  'REJECTED_BY_BANK',        0,      1,      'returned'],
    ],
  },
  {
    case: 'Xendit refuses the destination (RECIPIENT_ACCOUNT_NUMBER_ERROR): failed, never fails over',
    account: '123456789',
    after: [
      ['failed',  'xendit', 'submitting', 'INVALID_DESTINATION',     0,      1,      'returned'],
    ],
  },
  {
    case: 'Xendit declines, nothing created (over its limit): fails over to Duitku, which pays',
    account: PAID,
    bank: 'BTN',
    amount: 30_000_000,
    after: [
      ['done',    'duitku', 'submitting', null,                      1,      1,      'posted'],
    ],
  },
  {
    case: 'Xendit answers 500 but created it: in doubt, found by external_id, not resent',
    account: '1234567803',
    before: { 1: xenditCreatesButAnswers500 },
    after: [
      ['pending', 'xendit', 'submitted',  null,                      0,      1,      'reserved'],
      ['done',    'xendit', 'submitted',  null,                      0,      1,      'posted'],
    ],
  },
  {
    case: 'Xendit answers 500 and created nothing: looked up, "not found", sent again under the same key',
    account: '1234567804',
    before: { 1: xenditLosesTheCreate },
    after: [
      ['pending', 'xendit', 'submitted',  null,                      0,      1,      'reserved'],
      ['pending', 'xendit', 'submitted',  null,                      0,      2,      'reserved'],
      ['done',    'xendit', 'submitted',  null,                      0,      2,      'posted'],
    ],
  },
  {
    case: 'a bare 404 on the lookup (a proxy) is never taken as "not created"',
    account: '1234567805',
    before: { 1: [xenditLosesTheCreate, xenditLookupBare404], 3: xenditLookupRestored },
    after: [
      ['pending', 'xendit', 'submitted',  null,                      0,      1,      'reserved'],
      ['pending', 'xendit', 'submitted',  null,                      0,      1,      'reserved'],
      ['pending', 'xendit', 'submitted',  null,                      0,      2,      'reserved'],
      ['done',    'xendit', 'submitted',  null,                      0,      2,      'posted'],
    ],
  },
  {
    case: "transport error after reaching Xendit (the create's answer is lost): in doubt, found, not resent",
    account: '1234567806',
    before: { 1: xenditCreateAnswerLost },
    after: [
      ['pending', 'xendit', 'submitted',  null,                      0,      1,      'reserved'],
      ['done',    'xendit', 'submitted',  null,                      0,      1,      'posted'],
    ],
  },
  {
    case: 'transport error before reaching Xendit (connection refused): fails over to Duitku, which pays',
    account: PAID,
    before: { 1: refused('xendit') },
    after: [
      ['done',    'duitku', 'submitting', null,                      1,      0,      'posted'],
    ],
  },
  {
    case: 'Xendit unreachable, then Duitku declines (LD): failed with its code, money returned',
    account: transferAnswered('LD'),
    before: { 1: refused('xendit') },
    after: [
      ['failed',  'duitku', 'submitting', 'SWITCHING_NETWORK_ERROR', 1,      0,      'returned'],
    ],
  },
];

// ---- Running a row ----

/**
 * Production configuration against the fakes. XENDIT_RESEND_AFTER_SECONDS=0: Xendit's
 * documented wait before a resend is the e2e tier's concern (payouts-in-doubt); here the
 * lookup that hears "not found" sends again in the same step.
 */
async function startWorld(route: string): Promise<World> {
  const fakes = await startProviderFakes();
  const h = await startModules([IdempotencyModule, ...MERCHANT_MODULES, DisbursementsModule], {
    ...fakes.env,
    DISBURSEMENT_PROVIDERS: route,
    XENDIT_RESEND_AFTER_SECONDS: '0',
  });
  await recordProviderFloat(h, 'xendit', PROVIDER_FLOAT);
  await recordProviderFloat(h, 'duitku', PROVIDER_FLOAT);
  return { h, fakes, dispatcher: h.get(PayoutDispatcher) };
}

/** A funded merchant's production disbursement, created as the API creates one. */
async function createPayout(w: World, row: Row, amount: number): Promise<Payout> {
  const merchantId = await createMerchant(w.h);
  await fundDisburseWallet(w.h, merchantId, 'production', FUNDED);
  const created = await w.h.get(DisbursementsService).create(
    { merchantId, environment: 'production' },
    { bankCode: row.bank ?? 'BCA', accountName: 'Test Account', accountNumber: row.account, description: 'Module test payout', externalId: `module-${amount}`, amount },
  );
  return { id: created.id, merchantId, account: row.account, amount };
}

/** One dispatcher step on this payout: made due now (its own row), and no other payout is due. */
async function step(w: World, payout: Payout): Promise<void> {
  await w.h.sql(`UPDATE disbursements SET next_action_at = now() WHERE id = $1 AND status = 'pending'`, [payout.id]);
  expect(await w.h.sql('SELECT id FROM disbursements WHERE next_action_at <= now() AND id <> $1', [payout.id])).toEqual([]);
  expect(await w.dispatcher.dispatchDue()).toBe(true);
}

async function observe(w: World, payout: Payout): Promise<After> {
  const [row] = await w.h.sql<{ status: Status; provider: Provider; provider_stage: Stage; failure_code: string | null }>(
    'SELECT status, provider, provider_stage, failure_code FROM disbursements WHERE id = $1',
    [payout.id],
  );
  const toDuitku = [...w.fakes.duitku.transfers.values()].filter((t) => t.amount === payout.amount).reduce((sum, t) => sum + t.transferCalls, 0);
  const creates = w.fakes.xendit.createRequests.filter((request) => request.externalId === payout.id);
  // Every creation carries our id as its idempotency key: a resend can never pay twice.
  expect(creates.map((request) => request.idempotencyKey)).toEqual(creates.map(() => payout.id));
  return [row.status, row.provider, row.provider_stage, row.failure_code, toDuitku, creates.length, await walletOf(w, payout)];
}

/** The disburse wallet, in words: the amount held, paid out, or back; anything else as numbers. */
async function walletOf(w: World, payout: Payout): Promise<Wallet> {
  const { available, reserved } = await w.h.get(WalletsService).balance(payout.merchantId, 'production', 'disburse');
  const left = BigInt(FUNDED - payout.amount);
  if (available === left && reserved === BigInt(payout.amount)) return 'reserved';
  if (available === left && reserved === 0n) return 'posted';
  if (available === BigInt(FUNDED) && reserved === 0n) return 'returned';
  return `available ${available}, reserved ${reserved}` as Wallet;
}

/** What our ledger says we hold at each provider, and what each provider says it holds. */
async function providerBalances(w: World) {
  const wallets = w.h.get(WalletsService);
  return {
    ours: { xendit: Number(await wallets.providerBalance('xendit')), duitku: Number(await wallets.providerBalance('duitku')) },
    theirs: { xendit: w.fakes.xendit.balance(), duitku: w.fakes.duitku.balance() },
  };
}

/**
 * Back to normal between rows: both providers reachable, nothing scripted that outlives a
 * row, and (only after a failed row) its unfinished payout parked, so no later step claims it.
 */
async function resetProviders(w: World): Promise<void> {
  await w.h.sql(`UPDATE disbursements SET next_action_at = NULL WHERE status = 'pending'`);
  await Promise.all([w.fakes.gates.xendit.open(), w.fakes.gates.duitku.open()]);
  w.fakes.duitku.holdBalance(0);
  w.fakes.xendit.setServerErrorOnCreate(false);
  w.fakes.xendit.overrideLookupAnswer(null);
}

function dispatcherTable(title: string, route: string, rows: Row[]): void {
  describe(title, () => {
    let w: World;
    beforeAll(async () => {
      w = await startWorld(route);
    });
    afterEach(async () => {
      if (w) await resetProviders(w);
    });
    afterAll(async () => {
      await w?.h.close();
      await w?.fakes.close();
    });

    it.each(rows.map((row, index) => ({ ...row, amount: row.amount ?? 1_000_000 + index * 1_000 })))('$case', async (row) => {
      expect(row.after.at(-1)![0]).not.toBe('pending'); // every row ends finished
      const payout = await createPayout(w, row, row.amount);
      const before = await providerBalances(w);
      for (const [index, expected] of row.after.entries()) {
        for (const action of [row.before?.[index + 1] ?? []].flat()) await action(w, payout);
        await step(w, payout);
        expect({ step: index + 1, after: await observe(w, payout) }).toEqual({ step: index + 1, after: expected });
      }
      // The money left the provider that paid, once, and our ledger agrees with both providers.
      const [status, at] = row.after.at(-1)!;
      const paidOut = { xendit: 0, duitku: 0, ...(status === 'done' ? { [at]: row.amount } : {}) };
      const after = await providerBalances(w);
      const moved = (side: 'ours' | 'theirs') => ({ xendit: before[side].xendit - after[side].xendit, duitku: before[side].duitku - after[side].duitku });
      expect({ ours: moved('ours'), theirs: moved('theirs') }).toEqual({ ours: paidOut, theirs: paidOut });
    });
  });
}

dispatcherTable('payout dispatcher, Duitku first and Xendit as failover (DISBURSEMENT_PROVIDERS=duitku,xendit)', 'duitku,xendit', DUITKU_FIRST);
dispatcherTable('payout dispatcher, Xendit first and Duitku as failover (DISBURSEMENT_PROVIDERS=xendit,duitku)', 'xendit,duitku', XENDIT_FIRST);
