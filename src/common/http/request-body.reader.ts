import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import busboy from 'busboy';
import qs from 'qs';
import getRawBody from 'raw-body';
import { DomainError } from '../errors/domain-error';
import { MAX_INPUT_DEPTH } from './request-input';

export interface BodyLimits {
  /** Bytes on the wire, and again after decompression. */
  maxBytes: number;
  maxFields: number;
}

type BodyKind = 'json' | 'urlencoded' | 'multipart';

const KINDS = new Map<string, BodyKind>([
  ['application/json', 'json'],
  ['application/x-www-form-urlencoded', 'urlencoded'],
  ['multipart/form-data', 'multipart'],
]);

type Decompress = (buffer: Buffer, options: zlib.ZlibOptions & zlib.BrotliOptions) => Promise<Buffer>;

const DECOMPRESSORS = new Map<string, Decompress | null>([
  ['identity', null],
  ['gzip', promisify(zlib.gunzip)],
  ['x-gzip', promisify(zlib.gunzip)],
  ['deflate', promisify(zlib.inflate)],
  ['br', promisify(zlib.brotliDecompress)],
]);

const MAX_FIELD_NAME_BYTES = 200;

function tooLarge(message: string): DomainError {
  return new DomainError('REQUEST_TOO_LARGE_ERROR', message);
}

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}

function mediaType(header: string | undefined): { type: string; charset: string | undefined } {
  const [type = '', ...parameters] = (header ?? '').split(';');
  const charset = parameters
    .map((parameter) => parameter.trim().toLowerCase())
    .find((parameter) => parameter.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/^"(.*)"$/, '$1');
  return { type: type.trim().toLowerCase(), charset };
}

/** The bytes, up to the cap. raw-body stops reading (never buffers the rest) once the cap is passed. */
async function readCapped(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  try {
    return await getRawBody(request, { length: request.headers['content-length'] ?? null, limit: maxBytes });
  } catch (error) {
    if ((error as getRawBody.RawBodyError).type === 'entity.too.large') {
      throw tooLarge(`The request body is larger than ${maxBytes} bytes`);
    }
    throw new DomainError('API_VALIDATION_ERROR', 'The request body could not be read whole (the connection ended early or Content-Length was wrong)');
  }
}

async function decompress(raw: Buffer, encoding: string, decompressor: Decompress, maxBytes: number): Promise<Buffer> {
  try {
    // maxOutputLength stops a small compressed body from inflating without bound.
    return await decompressor(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge(`The request body is larger than ${maxBytes} bytes once decompressed`);
    }
    throw new DomainError('INVALID_CONTENT_ENCODING', `The request body is not valid ${encoding} data (Content-Encoding: ${encoding})`);
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function parseJson(bytes: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(UTF8.decode(bytes));
  } catch {
    throw new DomainError('INVALID_JSON_FORMAT', 'The request body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DomainError('API_VALIDATION_ERROR', 'The request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** Form field names such as `disbursements[0][amount]` nest, for urlencoded and multipart alike. */
function nestFields(fields: string | Record<string, string | string[]>, limits: BodyLimits): Record<string, unknown> {
  try {
    // Repeated multipart fields arrive as arrays, which qs nests too (its types list strings only).
    return qs.parse(fields as string | Record<string, string>, {
      depth: MAX_INPUT_DEPTH,
      strictDepth: true,
      parameterLimit: limits.maxFields,
      arrayLimit: limits.maxFields,
      throwOnLimitExceeded: true,
    });
  } catch (error) {
    // qs throws RangeError for depth, parameter and array limits only.
    if (error instanceof RangeError) throw tooLarge(`The request body exceeds a limit: ${error.message}`);
    throw error;
  }
}

function invalidMultipart(reason: string): DomainError {
  return new DomainError('INVALID_MULTIPART_FORMAT', `The multipart/form-data body is malformed: ${reason}`);
}

/** The spec's `curl --form` bodies: text fields only, never files. */
function multipartFields(request: IncomingMessage, bytes: Buffer, limits: BodyLimits): Promise<Record<string, string | string[]>> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        limits: { fieldNameSize: MAX_FIELD_NAME_BYTES, fieldSize: limits.maxBytes, fields: limits.maxFields, parts: limits.maxFields, files: 0 },
      });
    } catch (error) {
      reject(invalidMultipart((error as Error).message));
      return;
    }
    const fields: Record<string, string | string[]> = Object.create(null);
    let failure: DomainError | undefined;
    const fail = (error: DomainError) => (failure ??= error);
    parser.on('field', (name, value, info) => {
      if (!name) return fail(invalidMultipart('a part has no field name'));
      if (info.nameTruncated) return fail(tooLarge(`A field name is longer than ${MAX_FIELD_NAME_BYTES} bytes`));
      const previous = fields[name];
      fields[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
    });
    parser.on('filesLimit', () => fail(new DomainError('API_VALIDATION_ERROR', 'File uploads are not accepted: send every field as text')));
    parser.on('fieldsLimit', () => fail(tooLarge(`The request body has more than ${limits.maxFields} fields`)));
    parser.on('partsLimit', () => fail(tooLarge(`The request body has more than ${limits.maxFields} parts`)));
    parser.on('error', (error: Error) => reject(failure ?? invalidMultipart(error.message)));
    parser.on('close', () => (failure ? reject(failure) : resolve(fields)));
    parser.end(bytes);
  });
}

/**
 * Reads and parses a request body (JSON, urlencoded, multipart/form-data; identity, gzip,
 * deflate or br) within the limits. Every failure is a DomainError with a 4xx code. Called
 * only after authentication, so a request that proves nothing costs no body memory.
 */
export async function readRequestBody(request: IncomingMessage, limits: BodyLimits): Promise<Record<string, unknown>> {
  if (!hasBody(request)) return {};
  const { type, charset } = mediaType(request.headers['content-type']);
  const kind = KINDS.get(type);
  if (!kind) {
    throw new DomainError(
      'UNSUPPORTED_MEDIA_TYPE_ERROR',
      `Content-Type ${request.headers['content-type'] ?? '(none)'} is not supported: send application/json, application/x-www-form-urlencoded or multipart/form-data`,
    );
  }
  if (kind !== 'multipart' && charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE_ERROR', `Charset ${charset} is not supported: send UTF-8`);
  }
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decompressor = DECOMPRESSORS.get(encoding);
  if (decompressor === undefined) {
    throw new DomainError('UNSUPPORTED_CONTENT_ENCODING_ERROR', `Content-Encoding ${encoding} is not supported: send gzip, deflate, br or identity`);
  }

  const raw = await readCapped(request, limits.maxBytes);
  const bytes = decompressor ? await decompress(raw, encoding, decompressor, limits.maxBytes) : raw;
  if (bytes.length === 0) return {};
  if (kind === 'json') return parseJson(bytes);
  if (kind === 'urlencoded') return nestFields(bytes.toString('utf8'), limits);
  return nestFields(await multipartFields(request, bytes, limits), limits);
}
