import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** Nest's own catch-all (`/{*path}`, which its middleware are mounted on): no controller route matched. */
const CATCH_ALL = /^\/\{\*\w+\}$/;

/**
 * The route pattern Express matched (e.g. `/api/v2/virtual-accounts/:id`), never the raw
 * path: ids would explode the label. `unmatched` when no route did (a 404).
 */
export function routeLabel(request: Request): string {
  const path = (request as Request & { route?: { path?: unknown } }).route?.path;
  return typeof path === 'string' && !CATCH_ALL.test(path) ? path : 'unmatched';
}

/**
 * Counts every answered request by method, route pattern and status, and times it from the
 * moment it reached the application to the end of its response. As a middleware it sees
 * what guards refuse (401, 403, 429) and requests no route matched (404), which an
 * interceptor would not.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const route = routeLabel(request);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.httpRequests.inc({ method: request.method, route, status: String(response.statusCode) });
      this.metrics.httpDuration.observe({ method: request.method, route }, seconds);
    });
    next();
  }
}
