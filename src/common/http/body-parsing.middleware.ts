import { Injectable, NestMiddleware } from '@nestjs/common';
import { json, urlencoded } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { DomainError } from '../errors/domain-error';

export const BODY_LIMIT_BYTES = 1024 * 1024;

const PARSERS: RequestHandler[] = [
  json({ limit: BODY_LIMIT_BYTES }),
  urlencoded({ extended: true, limit: BODY_LIMIT_BYTES }),
  // The spec's examples are `curl --form`: multipart text fields, never files.
  multer({ limits: { fieldSize: BODY_LIMIT_BYTES, fields: 5000, files: 0 } }).none(),
];

function run(parser: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => parser(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
}

/**
 * Parses JSON, urlencoded and multipart/form-data bodies alike. It runs as Nest middleware
 * (the app is created with bodyParser off) so that a malformed body rejects into the
 * global exception filter and gets the same JSON error shape as everything else.
 */
@Injectable()
export class BodyParsingMiddleware implements NestMiddleware {
  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    for (const parser of PARSERS) await run(parser, req, res);
    if (req.body === undefined) {
      const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
      if (hasBody) {
        throw new DomainError(
          'UNSUPPORTED_MEDIA_TYPE_ERROR',
          `Content-Type ${req.headers['content-type'] ?? '(none)'} is not supported: send application/json, application/x-www-form-urlencoded or multipart/form-data`,
        );
      }
      req.body = {};
    }
    next();
  }
}
