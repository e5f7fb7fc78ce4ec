import { Module } from '@nestjs/common';
import { DisbursementsModule } from '../disbursements.module';
import { PayoutDispatchWorker } from './payout-dispatch.worker';

/** The production payout dispatcher's loop; imported by the HTTP server only. */
@Module({ imports: [DisbursementsModule], providers: [PayoutDispatchWorker] })
export class PayoutDispatchWorkerModule {}
