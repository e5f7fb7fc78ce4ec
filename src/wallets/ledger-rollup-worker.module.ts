import { Module } from '@nestjs/common';
import { LedgerRollupWorker } from './ledger/ledger-rollup.worker';
import { LedgerService } from './ledger/ledger.service';

/** The roll-up of system accounts' movements; imported by the HTTP server only. */
@Module({ providers: [LedgerService, LedgerRollupWorker] })
export class LedgerRollupWorkerModule {}
