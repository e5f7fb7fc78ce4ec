import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import type { MerchantScope } from '../environment';
import { serializeError } from './error-serializer';

const REQUEST_ID_PATTERN = /^[\w.-]{1,128}$/;

/** Headers that carry secrets: never written to a log. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-callback-token"]',
  'req.headers["idempotency-key"]',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * Structured JSON logs (pino) with a request id on every line of a request. The server
 * logs to stdout; the CLI to stderr, so its stdout stays one JSON result.
 */
@Module({})
export class LoggingModule {
  static forRoot(level: string, destination: 1 | 2 = 1): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level,
            stream: pino.destination({ fd: destination, sync: destination === 2 }),
            genReqId: requestIdFor,
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            serializers: { err: serializeError },
            customProps: (req) => {
              // Set by the authentication guard (API key or dashboard session); only the scope and the person's id are logged.
              const { merchant, person } = req as IncomingMessage & { merchant?: MerchantScope; person?: { id: string } };
              if (!merchant) return {};
              return { merchant_id: merchant.merchantId, environment: merchant.environment, ...(person ? { person_id: person.id } : {}) };
            },
            autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/health/live' || req.url === '/health/ready' },
          },
        }),
      ],
    };
  }
}
