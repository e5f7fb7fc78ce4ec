import { Module } from '@nestjs/common';
import { DisbursementsModule } from '../disbursements.module';
import { PayoutSandboxWorker } from './payout-sandbox.worker';

/** The money-out sandbox; imported by the HTTP server only. */
@Module({ imports: [DisbursementsModule], providers: [PayoutSandboxWorker] })
export class PayoutSandboxWorkerModule {}
