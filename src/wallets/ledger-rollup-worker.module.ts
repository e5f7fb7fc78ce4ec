import { Module } from '@nestjs/common';
import { LedgerRollupWorker } from './ledger/ledger-rollup.worker';
import { LedgerModule } from './ledger/ledger.module';

/** The roll-up of system accounts' movements; imported by the HTTP server only. */
@Module({ imports: [LedgerModule], providers: [LedgerRollupWorker] })
export class LedgerRollupWorkerModule {}
