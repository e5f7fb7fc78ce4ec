import { Module } from '@nestjs/common';
import { ApiKeyRevocationListener } from './api-key-revocation.listener';
import { MerchantsModule } from './merchants.module';

/** Hears key revocations made by other instances and the CLI; imported by the HTTP server only. */
@Module({ imports: [MerchantsModule], providers: [ApiKeyRevocationListener] })
export class ApiKeyRevocationListenerModule {}
