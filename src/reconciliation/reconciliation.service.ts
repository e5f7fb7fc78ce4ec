import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { DomainError } from '../common/errors/domain-error';
import { JsonInteger, toJsonInteger } from '../common/json-integer';
import { countSteps, type Progress } from '../common/progress';
import { PayoutDisagreement, PayoutDispatcher } from '../disbursements/dispatch/payout-dispatcher.service';
import { PayoutInDoubt, PayoutsInDoubtService } from '../disbursements/in-doubt/payouts-in-doubt.service';
import { PaymentsService } from '../payments/recording/payments.service';
import { ProviderEventsService } from '../provider-webhooks/provider-events.service';
import type { PaymentLookupPort, ProviderName } from '../domain/provider-ports';
import { ProviderRegistry } from '../providers/provider-registry.service';
import { MoneyMovementsService } from '../wallets/money-movements.service';
import { WalletsService } from '../wallets/wallets.service';

export interface ProviderBalanceLine {
  provider: ProviderName;
  /** What the provider says we hold there; null when it could not be asked. */
  reported_balance: number | null;
  /** What our ledger says we hold there: payments received minus payouts made plus funding. */
  ledger_balance: JsonInteger;
  difference: JsonInteger | null;
  error: string | null;
}

export interface PaymentDisagreement {
  payment_id: string;
  provider: ProviderName;
  provider_payment_id: string;
  ours: number;
  theirs: number | null;
}

export interface ReconciliationReport {
  generated_at: string;
  since: string;
  balances: ProviderBalanceLine[];
  disbursements: PayoutDisagreement[];
  /** Payouts sent to a provider longer ago than PAYOUT_IN_DOUBT_ALERT_SECONDS and still without an outcome. */
  payouts_in_doubt: PayoutInDoubt[];
  payments: PaymentDisagreement[];
  /** Provider webhooks that fitted none of our records, or contradicted them. */
  provider_events: { provider: string; event_id: string; event_type: string; outcome: string; detail: string | null; received_at: string }[];
}

const CHECK_LIMIT = 500;

/** The payments of the period to look up, per provider that can look one up. */
type PaymentsToAsk = { lookup: PaymentLookupPort; payments: Awaited<ReturnType<PaymentsService['providerPaymentsSince']>> }[];

/**
 * The operator's provider reconciliation: each provider's reported balance against our
 * provider-clearing account, and every payout, payment and webhook of the period on which
 * the provider and we disagree.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly providers: ProviderRegistry,
    private readonly wallets: WalletsService,
    private readonly money: MoneyMovementsService,
    private readonly dispatcher: PayoutDispatcher,
    private readonly inDoubt: PayoutsInDoubtService,
    private readonly payments: PaymentsService,
    private readonly events: ProviderEventsService,
  ) {}

  /**
   * `progress` counts checks: one per provider balance, one per payment looked up at its
   * provider, and one each for the payouts, the payouts in doubt and the webhooks.
   */
  async report(since: Date, progress?: Progress): Promise<ReconciliationReport> {
    const balanceProviders = this.providers.balances();
    const paymentsToAsk = await this.paymentsToAsk(since);
    const step = countSteps(progress, balanceProviders.length + paymentsToAsk.reduce((sum, { payments }) => sum + payments.length, 0) + 3);
    const balances: ProviderBalanceLine[] = [];
    for (const provider of balanceProviders) {
      // Registered providers are the ones with a seeded clearing account (ClearingProvider).
      const ledger = await this.wallets.providerBalance(provider.name);
      const ledger_balance = toJsonInteger(ledger);
      try {
        const reported = await provider.balance();
        balances.push({ provider: provider.name, reported_balance: reported, ledger_balance, difference: toJsonInteger(BigInt(reported) - ledger), error: null });
      } catch (error) {
        balances.push({ provider: provider.name, reported_balance: null, ledger_balance, difference: null, error: error instanceof Error ? error.message : String(error) });
      }
      step();
    }
    const events = await this.events.needingAttention(since, CHECK_LIMIT);
    step();
    const generated_at = new Date().toISOString();
    const disbursements = await this.dispatcher.providerDisagreements(since, CHECK_LIMIT);
    step();
    const payouts_in_doubt = await this.inDoubt.list();
    step();
    return {
      generated_at,
      since: since.toISOString(),
      balances,
      disbursements,
      payouts_in_doubt,
      payments: await this.paymentDisagreements(paymentsToAsk, step),
      provider_events: events.map((event) => ({ ...event, received_at: event.received_at.toISOString() })),
    };
  }

  /**
   * Money an operator moved between our bank account and a provider account (funding the
   * payout float, or sweeping it): it changes the provider balance without any payment or
   * payout, so it is recorded to keep the comparison meaningful.
   */
  @Transactional()
  async recordFunding(provider: ProviderName, input: { amount: number; direction: 'deposit' | 'withdrawal'; reference: string }): Promise<{ transfer_id: string }> {
    if (!this.providers.balances().some((configured) => configured.name === provider)) {
      throw new DomainError('PROVIDER_NOT_CONFIGURED_ERROR', `${provider} is not configured`);
    }
    return { transfer_id: await this.money.recordProviderFunding({ provider: provider, ...input }) };
  }

  /** Providers an operator can record funding for, configured or not. */
  fundableProviders(): ProviderName[] {
    return this.providers.balanceProviders();
  }

  /** Virtual account payments providers reported in the period, per provider that can look one up. */
  private async paymentsToAsk(since: Date): Promise<PaymentsToAsk> {
    const asks: PaymentsToAsk = [];
    for (const lookup of this.providers.paymentLookups()) {
      asks.push({ lookup, payments: await this.payments.providerPaymentsSince(lookup.name, 'virtual_account', since, CHECK_LIMIT) });
    }
    return asks;
  }

  /** Each payment must be known to its provider, with the same amount. */
  private async paymentDisagreements(asks: PaymentsToAsk, step: () => void): Promise<PaymentDisagreement[]> {
    const disagreements: PaymentDisagreement[] = [];
    for (const { lookup, payments } of asks) {
      for (const payment of payments) {
        const theirs = await lookup.findVirtualAccountPayment(payment.provider_payment_id);
        if (theirs?.amount !== payment.amount) {
          disagreements.push({ payment_id: payment.id, provider: lookup.name, provider_payment_id: payment.provider_payment_id, ours: payment.amount, theirs: theirs?.amount ?? null });
        }
        step();
      }
    }
    return disagreements;
  }
}
