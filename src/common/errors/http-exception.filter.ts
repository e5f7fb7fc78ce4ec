import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { discardUnreadBody } from '../http/unread-body';
import { DomainError, FieldError } from './domain-error';
import { ERROR_CATALOGUE, ErrorCode } from './error-codes';

interface ErrorBody {
  error_code: ErrorCode;
  message: string;
  errors?: FieldError[];
  request_id?: string;
}

const CODE_FOR_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'API_VALIDATION_ERROR',
  401: 'INVALID_API_KEY',
  403: 'REQUEST_FORBIDDEN_ERROR',
  404: 'NOT_FOUND_ERROR',
  413: 'REQUEST_TOO_LARGE_ERROR',
  415: 'UNSUPPORTED_MEDIA_TYPE_ERROR',
};

/**
 * The one place where errors become HTTP responses. Every response is JSON with a stable
 * `error_code`; anything unexpected is a 500 with the request id and no internals.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request & { id?: string }>();
    const response = context.getResponse<Response>();
    const { status, body } = this.toErrorBody(exception, request);
    if (status >= 500) {
      body.request_id = String(request.id ?? '');
      // Domain 5xx (a provider not configured) are expected answers, not bugs.
      if (!(exception instanceof DomainError)) this.logger.error({ err: exception, request_id: body.request_id }, 'Unhandled error');
    }
    if (response.headersSent) return;
    discardUnreadBody(request, response);
    response.status(status).json(body);
  }

  private toErrorBody(exception: unknown, request: Request): { status: number; body: ErrorBody } {
    if (exception instanceof DomainError) {
      const body: ErrorBody = { error_code: exception.code, message: exception.message };
      if (exception.errors.length) body.errors = exception.errors;
      return { status: ERROR_CATALOGUE[exception.code].status, body };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_FOR_STATUS[status] ?? (status >= 500 ? 'SERVER_ERROR' : 'API_VALIDATION_ERROR');
      const message =
        status === HttpStatus.NOT_FOUND
          ? `No route for ${request.method} ${request.path}`
          : status >= 500
            ? 'Internal server error'
            : exception.message;
      return { status: status >= 500 ? 500 : status, body: { error_code: code, message } };
    }
    return { status: 500, body: { error_code: 'SERVER_ERROR', message: 'Internal server error' } };
  }
}
