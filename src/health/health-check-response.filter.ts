import { ArgumentsHost, Catch, ExceptionFilter, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';

/**
 * The probes answer a failed check as terminus does (503 with its result: status, info,
 * error, details), which orchestrators and people read, rather than the API's error body.
 */
@Catch(ServiceUnavailableException)
export class HealthCheckResponseFilter implements ExceptionFilter {
  catch(exception: ServiceUnavailableException, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    response.status(exception.getStatus()).json(exception.getResponse());
  }
}
