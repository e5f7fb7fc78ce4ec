import { Injectable } from '@nestjs/common';
import type { PayoutBank, PayoutOrder, PayoutState, PayoutStep, PayoutStepOutcome, PayoutStepResult, ProviderCallRecord } from '../../domain/payouts';
import type { AccountInquiryPort, AccountLookup, BalancePort, MoneyOutPort } from '../../domain/provider-ports';
import { ProviderTransportError } from '../http/provider-http.client';
import { DUITKU, DuitkuAnswer, DuitkuClient } from './duitku.client';
import { duitkuPurpose, duitkuSignature, DuitkuVerdict, judgeInquiry, judgeStatus, judgeTransfer } from './duitku.transformers';

/**
 * Duitku disbursements: inquiry (who holds the account; gives the disburseId), transfer
 * (moves the money; online or clearing LLG/RTGS/H2H/BIFAST), status inquiry, balance.
 * Requests are signed as documented, with millisecond timestamps. Duitku has no
 * idempotency key, so a transfer is sent at most once per disburseId: anything ambiguous
 * is settled by status inquiry.
 */
@Injectable()
export class DuitkuPayoutProvider implements MoneyOutPort, AccountInquiryPort, BalancePort {
  readonly name = DUITKU;

  constructor(private readonly client: DuitkuClient) {}

  /** Banks the bank registry gives a Duitku code. */
  supportsBank(bank: PayoutBank): boolean {
    return bank.duitkuBankCode !== null;
  }

  sentBankCode(bank: PayoutBank): string | null {
    return bank.duitkuBankCode;
  }

  /** Online transfer, or a clearing type by amount (RTGS from DUITKU_RTGS_MIN_AMOUNT) and config. */
  private transferType(amount: number): 'ONLINE' | 'LLG' | 'RTGS' | 'H2H' | 'BIFAST' {
    const { rtgsMinAmount, transferType } = this.client.settings;
    return amount >= rtgsMinAmount ? 'RTGS' : transferType;
  }

  nextStep(order: PayoutOrder, state: PayoutState): PayoutStep {
    switch (state.stage) {
      case 'queued':
        return { movesMoney: false, run: () => this.inquiry(order) };
      case 'inquired':
        return { movesMoney: true, run: () => this.transfer(order, state) };
      case 'submitting':
      case 'submitted':
        return { movesMoney: false, run: () => this.status(state) };
    }
  }

  /** Everything Duitku holds for us ("balance"), which our clearing account mirrors. */
  async balance(): Promise<number> {
    const { body } = await this.checkBalance();
    if (body.responseCode !== '00') throw new Error(`Duitku checkbalance answered ${String(body.responseCode)}`);
    return Math.round(Number(body.balance));
  }

  private checkBalance(): Promise<{ status: number; body: DuitkuAnswer; durationMs: number }> {
    const { email, secretKey } = this.client.settings;
    const timestamp = Date.now();
    return this.client.post('checkbalance', { timestamp, signature: duitkuSignature(email, timestamp, secretKey) });
  }

  /** Account inquiry for our inquiry endpoint (Duitku needs an amount: the minimum). */
  async lookupAccount(account: PayoutBank & { accountNumber: string; amount: number }): Promise<AccountLookup> {
    try {
      const { body } = await this.client.post(this.client.path('inquiry'), this.inquiryBody({ ...account, description: 'Account inquiry' }, 'ONLINE'));
      const code = String(body.responseCode ?? '');
      const verdict = judgeInquiry(code);
      if (verdict.kind === 'success') return { kind: 'found', accountName: String(body.accountName ?? '') };
      if (verdict.kind === 'failed' && verdict.failureCode === 'INVALID_DESTINATION') return { kind: 'not_found' };
      return { kind: 'unavailable', reason: `Duitku answered ${code} ${String(body.responseDesc ?? '')}`.trim() };
    } catch (error) {
      return { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  private inquiryBody(order: Pick<PayoutOrder, 'duitkuBankCode' | 'accountNumber' | 'amount' | 'description'>, type: string): Record<string, unknown> {
    const { email, secretKey } = this.client.settings;
    const timestamp = Date.now();
    const purpose = duitkuPurpose(order.description);
    const base = { amountTransfer: order.amount, bankAccount: order.accountNumber, bankCode: order.duitkuBankCode, purpose, timestamp };
    const signature =
      type === 'ONLINE'
        ? duitkuSignature(email, timestamp, order.duitkuBankCode!, order.accountNumber, order.amount, purpose, secretKey)
        : duitkuSignature(email, timestamp, order.duitkuBankCode!, type, order.accountNumber, order.amount, purpose, secretKey);
    return type === 'ONLINE' ? { ...base, signature } : { ...base, type, signature };
  }

  /**
   * Checks the balance Duitku says "can be used for disbursement" (effectiveBalance) and,
   * if it covers the amount, asks who holds the account. A short float ends the attempt
   * before anything is sent, so another provider can take the payout.
   */
  private async inquiry(order: PayoutOrder): Promise<PayoutStepResult> {
    const funded = await this.effectiveBalanceCovers(order.amount);
    if (funded.covered === false) {
      return { calls: [funded.call], outcome: { kind: 'failed', failureCode: 'TEMPORARY_TRANSFER_ERROR', failover: true } };
    }
    const type = this.transferType(order.amount);
    const operation = type === 'ONLINE' ? 'inquiry' : 'inquiryclearing';
    const result = await this.attempt(operation, this.client.path(operation), this.inquiryBody(order, type), 'inquiry', (body) => ({
      kind: 'advanced',
      state: {
        stage: 'inquired',
        reference: String(body.disburseId),
        data: { accountName: String(body.accountName ?? order.accountName), custRefNumber: String(body.custRefNumber ?? ''), type },
      },
    }));
    return { ...result, calls: [funded.call, ...result.calls] };
  }

  /** covered: null when Duitku could not say (its own transfer check still applies then). */
  private async effectiveBalanceCovers(amount: number): Promise<{ covered: boolean | null; call: ProviderCallRecord }> {
    const request = { operation: 'checkbalance' };
    try {
      const { status, body, durationMs } = await this.checkBalance();
      const code = String(body.responseCode ?? `HTTP_${status}`);
      const effective = Number(body.effectiveBalance);
      const readable = code === '00' && Number.isFinite(effective);
      return {
        covered: readable ? effective >= amount : null,
        call: { operation: 'checkbalance', request, httpStatus: status, responseCode: code, error: readable ? null : 'No readable effectiveBalance', durationMs },
      };
    } catch (error) {
      if (!(error instanceof ProviderTransportError)) throw error;
      return { covered: null, call: { operation: 'checkbalance', request, httpStatus: null, responseCode: null, error: error.message, durationMs: 0 } };
    }
  }

  private async transfer(order: PayoutOrder, state: PayoutState): Promise<PayoutStepResult> {
    const { email, secretKey } = this.client.settings;
    const type = String(state.data?.type ?? 'ONLINE');
    const accountName = String(state.data?.accountName ?? order.accountName);
    const custRefNumber = String(state.data?.custRefNumber ?? '');
    const disburseId = state.reference!;
    const purpose = duitkuPurpose(order.description);
    const timestamp = Date.now();
    const signed =
      type === 'ONLINE'
        ? [email, timestamp, order.duitkuBankCode!, order.accountNumber, accountName, custRefNumber, order.amount, purpose, disburseId, secretKey]
        : [email, timestamp, order.duitkuBankCode!, type, order.accountNumber, accountName, custRefNumber, order.amount, purpose, disburseId, secretKey];
    const body = {
      disburseId,
      bankCode: order.duitkuBankCode,
      bankAccount: order.accountNumber,
      amountTransfer: order.amount,
      accountName,
      custRefNumber,
      purpose,
      ...(type === 'ONLINE' ? {} : { type }),
      timestamp,
      signature: duitkuSignature(...signed),
    };
    const operation = type === 'ONLINE' ? 'transfer' : 'transferclearing';
    const submitted: PayoutState = { ...state, stage: 'submitted' };
    return this.attempt(operation, this.client.path(operation), body, 'transfer', () => ({ kind: 'completed', reference: disburseId }), submitted);
  }

  private async status(state: PayoutState): Promise<PayoutStepResult> {
    const { email, secretKey } = this.client.settings;
    const timestamp = Date.now();
    const disburseId = state.reference!;
    const body = { disburseId, timestamp, signature: duitkuSignature(email, timestamp, disburseId, secretKey) };
    const submitted: PayoutState = { ...state, stage: 'submitted' };
    return this.attempt('inquirystatus', 'inquirystatus', body, 'status', () => ({ kind: 'completed', reference: disburseId }), submitted);
  }

  /**
   * Runs one call and judges its answer. When there is no readable answer: an inquiry
   * moved nothing either way; a transfer moved nothing only if it never reached Duitku
   * (connection refused), else it is in doubt; a status check that fails says nothing
   * about the transfer, so it stays in doubt.
   */
  private async attempt(
    operation: string,
    path: string,
    body: Record<string, unknown>,
    call: 'inquiry' | 'transfer' | 'status',
    onSuccess: (answer: DuitkuAnswer) => PayoutStepOutcome,
    waitingState?: PayoutState,
  ): Promise<PayoutStepResult> {
    const judge = { inquiry: judgeInquiry, transfer: judgeTransfer, status: judgeStatus }[call];
    const request = { ...body, signature: undefined };
    const inDoubt: DuitkuVerdict = { kind: 'in_doubt' };
    const notMoved: DuitkuVerdict = { kind: 'failed', failureCode: 'TEMPORARY_TRANSFER_ERROR', failover: true };
    try {
      const { status, body: answer, durationMs } = await this.client.post(path, body);
      const code = String(answer.responseCode ?? `HTTP_${status}`);
      const record: ProviderCallRecord = { operation, request, httpStatus: status, responseCode: code, error: status === 200 ? null : `HTTP ${status}`, durationMs };
      const readable = status === 200 && typeof answer.responseCode === 'string';
      const verdict = readable ? judge(code) : call === 'inquiry' ? notMoved : inDoubt;
      return { outcome: this.toOutcome(verdict, () => onSuccess(answer), waitingState), calls: [record] };
    } catch (error) {
      if (!(error instanceof ProviderTransportError)) throw error;
      const record: ProviderCallRecord = { operation, request, httpStatus: null, responseCode: null, error: error.message, durationMs: 0 };
      const verdict = call === 'inquiry' || (call === 'transfer' && error.delivery === 'no') ? notMoved : inDoubt;
      return { outcome: this.toOutcome(verdict, () => ({ kind: 'completed', reference: null }), waitingState), calls: [record] };
    }
  }

  private toOutcome(verdict: DuitkuVerdict, onSuccess: () => PayoutStepOutcome, waitingState: PayoutState | undefined): PayoutStepOutcome {
    switch (verdict.kind) {
      case 'success':
        return onSuccess();
      case 'failed':
        return verdict;
      case 'awaiting_callback':
      case 'in_doubt':
        if (!waitingState) throw new Error('An inquiry cannot be in doubt');
        return { kind: 'waiting', state: waitingState };
    }
  }
}
