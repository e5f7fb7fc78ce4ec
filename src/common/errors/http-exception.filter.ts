import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
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

/** Body-parser and multer errors carry a status and a `type`/`code` instead of being HttpExceptions. */
interface ParserError {
  status?: number;
  statusCode?: number;
  type?: string;
  code?: string;
  message?: string;
}

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
    if (!response.headersSent) response.status(status).json(body);
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
    const parserError = exception as ParserError;
    const parserStatus = parserError?.status ?? parserError?.statusCode;
    if (parserError?.type === 'entity.parse.failed') {
      return { status: 400, body: { error_code: 'INVALID_JSON_FORMAT', message: 'The request body is not valid JSON' } };
    }
    if (parserError?.type === 'entity.too.large' || parserError?.code === 'LIMIT_FIELD_VALUE') {
      return { status: 413, body: { error_code: 'REQUEST_TOO_LARGE_ERROR', message: 'The request body is too large' } };
    }
    if (typeof parserError?.code === 'string' && parserError.code.startsWith('LIMIT_')) {
      // multer: file uploads and oversized multipart bodies are not part of this API.
      return {
        status: 400,
        body: { error_code: 'API_VALIDATION_ERROR', message: `Invalid multipart body: ${parserError.message}` },
      };
    }
    if (parserStatus && parserStatus >= 400 && parserStatus < 500 && parserError.type) {
      return {
        status: parserStatus,
        body: {
          error_code: CODE_FOR_STATUS[parserStatus] ?? 'API_VALIDATION_ERROR',
          message: `Could not read the request body (${parserError.type})`,
        },
      };
    }
    return { status: 500, body: { error_code: 'SERVER_ERROR', message: 'Internal server error' } };
  }
}
