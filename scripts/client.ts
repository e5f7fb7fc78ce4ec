/**
 * Generates what merchants' developers get from the merchant API's OpenAPI document (the one
 * served at /docs-json; src/openapi.ts), without a database (scripts/openapi-documents.ts):
 *
 *   clients/openapi/merchant-api.json                                  the document itself
 *   clients/typescript/src/schema.d.ts                                 its types (openapi-typescript), for @palladium/client
 *   clients/postman/palladium-merchant-api.postman_collection.json     a Postman collection (openapi-to-postmanv2)
 *
 *   npm run client:generate              regenerate the three files (commit them)
 *   npm run client:generate -- --check   exit 1 if the committed files are not current
 *
 * test/openapi-documents.e2e-spec.ts runs the check, so the client and the API cannot drift.
 * The output is the same on every run: the collection's ids are derived from its content, and
 * the fake values openapi-to-postmanv2 makes up for fields without an example come from a
 * seeded generator.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { buildOpenApiDocuments, documentJson, outputPath, run, writeOrCheck, writeTypes } from './openapi-documents';

const DOCUMENT = 'clients/openapi/merchant-api.json';
const TYPES = 'clients/typescript/src/schema.d.ts';
const POSTMAN = 'clients/postman/palladium-merchant-api.postman_collection.json';

async function generate(root: string): Promise<void> {
  const { merchant } = await buildOpenApiDocuments();
  writeFileSync(outputPath(root, DOCUMENT), documentJson(merchant));
  writeTypes(outputPath(root, DOCUMENT), outputPath(root, TYPES));
  writeFileSync(outputPath(root, POSTMAN), documentJson(await postmanCollection(merchant)));
}

interface PostmanParameter {
  key: string;
  value: string;
  disabled?: boolean;
}

interface PostmanItem {
  id?: string;
  name: string;
  item?: PostmanItem[];
  request?: { auth?: unknown; header?: PostmanParameter[]; url?: { variable?: PostmanParameter[] } };
  response?: { id?: string; name: string; code: number; body?: string; originalRequest?: { header?: PostmanParameter[] } }[];
}

interface PostmanCollection {
  info: { _postman_id?: string; name: string; description?: unknown };
  item: PostmanItem[];
  variable?: { key: string; value: string; type?: string; description?: string }[];
  auth?: unknown;
}

/**
 * The collection: a folder per tag, bodies from the document's examples, the API key as a
 * collection variable sent as a bearer token by every request (they inherit the collection's
 * auth), `{{baseUrl}}` (the document's first server, the configured PUBLIC_BASE_URL), and a
 * fresh Idempotency-Key on each send.
 */
async function postmanCollection(document: object): Promise<PostmanCollection> {
  // Made-up values (fields without an example) from a seeded generator, at a fixed "now".
  const random = Math.random;
  const RealDate = Date;
  Math.random = seededRandom(16);
  globalThis.Date = frozenDate(RealDate, RealDate.UTC(2026, 0, 1));
  try {
    // Required here, after seeding: its schema faker keeps a reference to Math.random.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const converter = require('openapi-to-postmanv2') as {
      convertV2: (
        input: { type: 'string'; data: string },
        options: Record<string, unknown>,
        callback: (error: unknown, result: { result: boolean; reason?: string; output: { data: PostmanCollection }[] }) => void,
      ) => void;
    };
    const collection = await new Promise<PostmanCollection>((resolve, reject) =>
      converter.convertV2(
        { type: 'string', data: JSON.stringify(document) },
        {
          folderStrategy: 'Tags',
          parametersResolution: 'Example',
          preferredRequestBodyType: 'raw',
          alwaysInheritAuthentication: true,
          enableOptionalParameters: false,
        },
        (error, result) => {
          if (error) return reject(error instanceof Error ? error : new Error(String(error)));
          if (!result.result) return reject(new Error(`openapi-to-postmanv2: ${result.reason}`));
          resolve(result.output[0].data);
        },
      ),
    );
    return finish(collection);
  } finally {
    Math.random = random;
    globalThis.Date = RealDate;
  }
}

/** Date, except that `new Date()` and `Date.now()` answer `now`. */
function frozenDate(RealDate: DateConstructor, now: number): DateConstructor {
  class FrozenDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(now);
      else super(...(args as [string | number | Date]));
    }

    static override now(): number {
      return now;
    }
  }
  return FrozenDate as DateConstructor;
}

function finish(collection: PostmanCollection): PostmanCollection {
  collection.auth = { type: 'bearer', bearer: [{ key: 'token', value: '{{apiKey}}', type: 'string' }] };
  collection.variable = [
    ...(collection.variable ?? []).filter((variable) => variable.key !== 'apiKey'),
    {
      key: 'apiKey',
      value: '',
      type: 'string',
      description: 'Your secret API key, pallapi_secret_<environment>_<32 hex> (dashboard → API keys). Use a development key for the sandbox.',
    },
  ];
  // A fresh key on every send, sent by default: a create is safe to retry with the same key.
  const idempotencyKeys = (headers?: PostmanParameter[]) =>
    headers
      ?.filter((header) => header.key.toLowerCase() === 'idempotency-key')
      .forEach((header) => Object.assign(header, { value: '{{$guid}}', disabled: false }));
  const visit = (item: PostmanItem) => {
    item.item?.forEach(visit);
    if (item.request) {
      item.request.auth = null; // inherit the collection's bearer token
      idempotencyKeys(item.request.header);
      // A path id to fill in, rather than the placeholder "string".
      for (const variable of item.request.url?.variable ?? []) if (variable.value === 'string') variable.value = '';
    }
    for (const response of item.response ?? []) {
      idempotencyKeys(response.originalRequest?.header);
      // An error example is named by its code, not by the status's list of codes.
      const code = /"error_code":\s*"([A-Z_]+)"/.exec(response.body ?? '')?.[1];
      if (code && response.code >= 400) response.name = `${response.code} ${code}`;
    }
  };
  collection.item.forEach(visit);
  // Ids from the content, so the file only changes when the API does.
  let counter = 0;
  const stableId = (): string => {
    const hex = createHash('sha256').update(`palladium-merchant-api:${counter++}`).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
  const renumber = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(renumber);
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if ((key === 'id' || key === '_postman_id') && typeof record[key] === 'string') record[key] = stableId();
      else renumber(record[key]);
    }
  };
  renumber(collection);
  return collection;
}

/** A small deterministic generator (mulberry32). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

if (require.main === module) {
  run(() => writeOrCheck({ files: [DOCUMENT, TYPES, POSTMAN], command: 'npm run client:generate', generate }));
}
