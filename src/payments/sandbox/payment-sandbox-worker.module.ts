import { Module } from '@nestjs/common';
import { PaymentsModule } from '../payments.module';
import { PaymentSandboxWorker } from './payment-sandbox.worker';

/** The sandbox timeline of payments; imported by the HTTP server only, never by the CLI. */
@Module({ imports: [PaymentsModule], providers: [PaymentSandboxWorker] })
export class PaymentSandboxWorkerModule {}
