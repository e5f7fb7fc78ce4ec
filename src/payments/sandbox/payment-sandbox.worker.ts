import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { PollingWorker } from '../../common/polling-worker';
import { AppConfig } from '../../config/app-config';
import { PaymentsService, SettledBatch } from '../recording/payments.service';

const SETTLE_BATCH = 500;

/**
 * The development environment's payer and bank, on the spec's QA timeline: a resource is
 * paid SANDBOX_UNPAID_SECONDS after creation (sandbox_pay_at), and the payment settles
 * SANDBOX_PENDING_SECONDS after it was paid. Everything is driven by timestamps in the
 * database and claimed with SKIP LOCKED, so restarts and several instances are safe.
 */
@Injectable()
export class PaymentSandboxWorker extends PollingWorker {
  constructor(
    private readonly payments: PaymentsService,
    private readonly config: AppConfig,
  ) {
    super({ intervalMs: config.sandbox.pollIntervalMs, enabled: config.sandbox.workerEnabled });
  }

  /** One step of each kind; true while any of them found work. */
  protected async tick(): Promise<boolean> {
    const paidVirtualAccount = await this.payments.paySandboxDue('virtual_account');
    const paidRetailPayment = await this.payments.paySandboxDue('retail_payment');
    const { payments } = await this.settleDue(new Date(Date.now() - this.config.sandbox.pendingSeconds * 1000));
    return paidVirtualAccount || paidRetailPayment || payments.length > 0;
  }

  @Transactional()
  private settleDue(paidBefore: Date): Promise<SettledBatch> {
    return this.payments.settleBatch('development', paidBefore, SETTLE_BATCH, null);
  }
}
