import { Module } from '@nestjs/common';
import { LedgerRollupWorker } from './ledger-rollup.worker';
import { LedgerModule } from './ledger.module';

/** The roll-up of system accounts' movements; imported by the HTTP server only. */
@Module({ imports: [LedgerModule], providers: [LedgerRollupWorker] })
export class LedgerRollupWorkerModule {}
