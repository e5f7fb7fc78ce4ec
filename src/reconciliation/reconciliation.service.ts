import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { DomainError } from '../common/errors/domain-error';
import { JsonInteger, toJsonInteger } from '../common/json-integer';
import { PayoutDisagreement, PayoutDispatcher } from '../disbursements/dispatch/payout-dispatcher.service';
import { PayoutInDoubt, PayoutsInDoubtService } from '../disbursements/in-doubt/payouts-in-doubt.service';
import { PaymentsService } from '../payments/recording/payments.service';
import { ProviderEventsService } from '../provider-webhooks/provider-events.service';
import type { ProviderName } from '../domain/provider-ports';
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

  async report(since: Date): Promise<ReconciliationReport> {
    const balances: ProviderBalanceLine[] = [];
    for (const provider of this.providers.balances()) {
      // Registered providers are the ones with a seeded clearing account (ClearingProvider).
      const ledger = await this.wallets.providerBalance(provider.name);
      const ledger_balance = toJsonInteger(ledger);
      try {
        const reported = await provider.balance();
        balances.push({ provider: provider.name, reported_balance: reported, ledger_balance, difference: toJsonInteger(BigInt(reported) - ledger), error: null });
      } catch (error) {
        balances.push({ provider: provider.name, reported_balance: null, ledger_balance, difference: null, error: error instanceof Error ? error.message : String(error) });
      }
    }
    const events = await this.events.needingAttention(since, CHECK_LIMIT);
    return {
      generated_at: new Date().toISOString(),
      since: since.toISOString(),
      balances,
      disbursements: await this.dispatcher.providerDisagreements(since, CHECK_LIMIT),
      payouts_in_doubt: await this.inDoubt.list(),
      payments: await this.paymentDisagreements(since),
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

  /** Virtual account payments a provider reported: it must know each one, with the same amount. */
  private async paymentDisagreements(since: Date): Promise<PaymentDisagreement[]> {
    const disagreements: PaymentDisagreement[] = [];
    for (const lookup of this.providers.paymentLookups()) {
      for (const payment of await this.payments.providerPaymentsSince(lookup.name, 'virtual_account', since, CHECK_LIMIT)) {
        const theirs = await lookup.findVirtualAccountPayment(payment.provider_payment_id);
        if (theirs?.amount !== payment.amount) {
          disagreements.push({ payment_id: payment.id, provider: lookup.name, provider_payment_id: payment.provider_payment_id, ours: payment.amount, theirs: theirs?.amount ?? null });
        }
      }
    }
    return disagreements;
  }
}
