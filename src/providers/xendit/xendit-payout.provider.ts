import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import type { PayoutBank, PayoutOrder, PayoutState, PayoutStep, PayoutStepOutcome, PayoutStepResult, ProviderCallRecord } from '../../domain/payouts';
import type { BalancePort, MoneyOutPort } from '../../domain/provider-ports';
import { ProviderTransportError } from '../http/provider-http.client';
import { XENDIT, XenditAnswer, XenditClient } from './xendit.client';
import { xenditCreateRefusalOutcome, xenditDisbursementOutcome } from './xendit.transformers';

/** Xendit's answer to a lookup of a disbursement it never created: its documented cue to send again. */
const NOT_FOUND = 'DIRECT_DISBURSEMENT_NOT_FOUND_ERROR';

/**
 * Xendit disbursements. The create call carries X-IDEMPOTENCY-KEY = our disbursement id,
 * so after an ambiguous answer the payout is looked up by external_id and, only when Xendit
 * answers DIRECT_DISBURSEMENT_NOT_FOUND_ERROR for XENDIT_RESEND_AFTER_SECONDS (its
 * documented recovery for SERVER_ERROR: "retry the disbursement request in 1-2 hours"),
 * sent again under the same key, which Xendit refuses as DUPLICATE_TRANSACTION_ERROR if it
 * did arrive after all. Any other answer leaves it in doubt, checked again later.
 */
@Injectable()
export class XenditPayoutProvider implements MoneyOutPort, BalancePort {
  readonly name = XENDIT;

  constructor(
    private readonly xendit: XenditClient,
    private readonly config: AppConfig,
  ) {}

  /** Xendit takes our bank codes as they are, for every bank we list. */
  supportsBank(): boolean {
    return true;
  }

  sentBankCode(bank: PayoutBank): string {
    return bank.bankCode;
  }

  nextStep(order: PayoutOrder, state: PayoutState): PayoutStep {
    if (state.stage === 'queued' || state.stage === 'inquired') return { movesMoney: true, run: () => this.create(order, state) };
    return { movesMoney: false, run: () => this.lookup(order, state) };
  }

  async balance(): Promise<number> {
    const answer = await this.xendit.call('GET', '/balance');
    if (answer.status !== 200) throw new Error(`Xendit balance answered HTTP ${answer.status} ${answer.body.error_code ?? ''}`.trim());
    return Math.round(Number(answer.body.balance));
  }

  private async create(order: PayoutOrder, state: PayoutState): Promise<PayoutStepResult> {
    const request = {
      external_id: order.id,
      bank_code: order.bankCode,
      account_holder_name: order.accountName,
      account_number: order.accountNumber,
      description: order.description,
      amount: order.amount,
    };
    const inDoubt: PayoutStepOutcome = { kind: 'waiting', state: { stage: 'submitted', reference: null, data: null } };
    const result = await this.exchange('create_disbursement', 'POST', '/disbursements', request, { 'x-idempotency-key': order.id });
    const calls = [result.call];
    if ('transport' in result) {
      return { calls, outcome: result.transport.delivery === 'no' ? { kind: 'failed', failureCode: 'TEMPORARY_TRANSFER_ERROR', failover: true } : inDoubt };
    }
    const { answer } = result;
    if (answer.status === 200) return { calls, outcome: xenditDisbursementOutcome(answer.body.status, answer.body.failure_code, String(answer.body.id), state) };
    if (answer.status >= 500) return { calls, outcome: inDoubt };
    return { calls, outcome: xenditCreateRefusalOutcome(String(answer.body.error_code ?? '')) };
  }

  private async lookup(order: PayoutOrder, state: PayoutState): Promise<PayoutStepResult> {
    const waiting: PayoutStepOutcome = { kind: 'waiting', state: { ...state, stage: 'submitted' } };
    const path = state.reference
      ? `/disbursements/${encodeURIComponent(state.reference)}`
      : `/disbursements?external_id=${encodeURIComponent(order.id)}`;
    const result = await this.exchange('get_disbursement', 'GET', path, { reference: state.reference, external_id: order.id });
    const calls = [result.call];
    if ('transport' in result) return { calls, outcome: waiting };
    const { answer } = result;
    if (answer.status === 404 && !state.reference && answer.body.error_code === NOT_FOUND) return { calls, outcome: this.notCreated(state) };
    if (answer.status !== 200) return { calls, outcome: waiting };
    const found = state.reference ? answer.body : (Array.isArray(answer.body.items) ? (answer.body.items as Record<string, unknown>[]) : [])[0];
    if (!found?.id) return { calls, outcome: waiting };
    return { calls, outcome: xenditDisbursementOutcome(found.status, found.failure_code, String(found.id), state) };
  }

  /**
   * Xendit says the disbursement was never created. Its doc: "please retry the disbursement
   * request in 1-2 hours" — so it is sent again (same idempotency key) only once Xendit has
   * said so for the configured wait, counted from its first such answer.
   */
  private notCreated(state: PayoutState): PayoutStepOutcome {
    const since = typeof state.data?.notFoundSince === 'string' ? Date.parse(state.data.notFoundSince) : NaN;
    const firstSeen = Number.isNaN(since) ? Date.now() : since;
    if (Date.now() - firstSeen >= this.config.providers.xenditResendAfterSeconds * 1000) {
      return { kind: 'advanced', state: { stage: 'queued', reference: null, data: null } };
    }
    return { kind: 'waiting', state: { stage: 'submitted', reference: null, data: { notFoundSince: new Date(firstSeen).toISOString() } } };
  }

  private async exchange(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    request: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<{ answer: XenditAnswer; call: ProviderCallRecord } | { transport: ProviderTransportError; call: ProviderCallRecord }> {
    try {
      const answer = await this.xendit.call(method, path, method === 'POST' ? request : undefined, headers);
      const responseCode = answer.status === 200 ? String(answer.body.status ?? '') || null : String(answer.body.error_code ?? `HTTP_${answer.status}`);
      return { answer, call: { operation, request, httpStatus: answer.status, responseCode, error: null, durationMs: answer.durationMs } };
    } catch (error) {
      if (!(error instanceof ProviderTransportError)) throw error;
      return { transport: error, call: { operation, request, httpStatus: null, responseCode: null, error: error.message, durationMs: 0 } };
    }
  }
}
