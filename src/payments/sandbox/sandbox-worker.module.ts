import { Module } from '@nestjs/common';
import { PaymentsModule } from '../payments.module';
import { SandboxWorker } from './sandbox-worker';

/** The sandbox timeline; imported by the HTTP server only, never by the CLI. */
@Module({ imports: [PaymentsModule], providers: [SandboxWorker] })
export class SandboxWorkerModule {}
