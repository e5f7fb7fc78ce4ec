import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ClientRateLimitInterceptor } from '../rate-limit/client-rate-limit.interceptor';
import { RequestBodyInterceptor } from './request-body.interceptor';

/**
 * The HTTP steps that follow authentication, in this order (global interceptors run in
 * registration order, before any route interceptor): count credential-less requests per
 * client address, then read and check the body.
 */
@Module({
  providers: [
    { provide: APP_INTERCEPTOR, useClass: ClientRateLimitInterceptor },
    { provide: APP_INTERCEPTOR, useClass: RequestBodyInterceptor },
  ],
})
export class RequestPipelineModule {}
