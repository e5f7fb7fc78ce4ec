import { Global, Module } from '@nestjs/common';
import { RateLimitService } from './rate-limit.service';

/** Global: the credential guards of several modules (merchants, admin, provider webhooks) use it. */
@Global()
@Module({ providers: [RateLimitService], exports: [RateLimitService] })
export class RateLimitModule {}
