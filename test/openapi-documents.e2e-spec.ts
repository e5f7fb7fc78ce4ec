import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ERROR_CATALOGUE, ErrorCode } from '../src/common/errors/error-codes';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The two OpenAPI documents (src/openapi.ts): the merchant API at /docs (what merchants'
 * developers, the typed client and the Postman collection get) and the operator API at
 * /docs/operator; their examples (a request example for every body, an example per error code
 * under the code's own status); and the generated clients/ files (npm run client:generate).
 */

const PROJECT_ROOT = path.resolve(__dirname, '..');

interface Schema {
  $ref?: string;
  example?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  readOnly?: boolean;
}
interface MediaType {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, { summary?: string; value?: unknown }>;
}
interface Operation {
  operationId: string;
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { description: string; content?: Record<string, MediaType> }>;
}
interface Document {
  info: { title: string; description: string };
  servers?: { url: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas?: Record<string, Schema>; securitySchemes?: Record<string, { type: string; scheme?: string; bearerFormat?: string }> };
}

const operationsOf = (document: Document) =>
  Object.entries(document.paths).flatMap(([route, methods]) => Object.entries(methods).map(([method, operation]) => ({ route, method, operation })));

/** Where a schema lacks an example: itself, or each property (through references, arrays and compositions). */
function missingExamples(document: Document, schema: Schema | undefined, where: string, seen = new Set<string>()): string[] {
  if (!schema || schema.example !== undefined) return [];
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.has(name)) return [];
    return missingExamples(document, document.components.schemas?.[name], name, new Set([...seen, name]));
  }
  const compositions = [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
  if (compositions.length > 0) return compositions.flatMap((part) => missingExamples(document, part, where, seen));
  if (schema.items) return missingExamples(document, schema.items, `${where}[]`, seen);
  if (!schema.properties) return [where];
  return Object.entries(schema.properties)
    .filter(([, property]) => !property.readOnly)
    .flatMap(([name, property]) => {
      const nested = property.$ref || property.allOf || property.oneOf || property.anyOf || property.items?.$ref || property.properties;
      if (property.example !== undefined) return [];
      return nested ? missingExamples(document, property, `${where}.${name}`, seen) : [`${where}.${name}`];
    });
}

/** Request bodies without an example: neither one of the body's nor one on every field. */
function requestBodiesWithoutExamples(document: Document): string[] {
  return operationsOf(document).flatMap(({ route, method, operation }) =>
    Object.entries(operation.requestBody?.content ?? {}).flatMap(([mediaType, content]) => {
      if (content.example !== undefined || Object.keys(content.examples ?? {}).length > 0) return [];
      const missing = missingExamples(document, content.schema, 'body');
      return missing.length > 0 ? [`${method.toUpperCase()} ${route} (${mediaType}): no example for ${missing.join(', ')}`] : [];
    }),
  );
}

/**
 * Error responses whose examples are wrong: none, one whose code is of another status, one not
 * keyed by its code, two codes with the same message, or a code the description does not list.
 */
function misfiledErrorExamples(document: Document): string[] {
  const problems: string[] = [];
  const messageOfCode = new Map<string, string>();
  for (const { route, method, operation } of operationsOf(document)) {
    for (const [status, response] of Object.entries(operation.responses)) {
      // The API's error answers (a health check's 503 is its report, not an error code).
      const json = response.content?.['application/json'];
      if (Number(status) < 400 || json?.schema?.$ref !== '#/components/schemas/ErrorResponseDto') continue;
      const where = `${method.toUpperCase()} ${route} ${status}`;
      if (Object.keys(response.content ?? {}).length > 1) problems.push(`${where}: errors are JSON only`);
      const examples = Object.entries(json.examples ?? {});
      if (examples.length === 0) problems.push(`${where}: no examples`);
      const messages = new Set<string>();
      for (const [key, example] of examples) {
        const value = example.value as { error_code?: string; message?: string };
        const code = value?.error_code as ErrorCode | undefined;
        if (!code || !(code in ERROR_CATALOGUE)) {
          problems.push(`${where}: example ${key} has no known error_code`);
          continue;
        }
        if (key !== code) problems.push(`${where}: example ${key} shows ${code}`);
        if (ERROR_CATALOGUE[code].status !== Number(status)) problems.push(`${where}: ${code} is a ${ERROR_CATALOGUE[code].status}`);
        if (!response.description.includes(`\`${code}\``)) problems.push(`${where}: the description does not list ${code}`);
        if (!value.message) problems.push(`${where}: ${code} has no message`);
        else if (messages.has(value.message)) problems.push(`${where}: two examples say "${value.message}"`);
        else messages.add(value.message);
        const known = messageOfCode.get(code) ?? value.message!;
        messageOfCode.set(code, known);
        if (known !== value.message) problems.push(`${where}: ${code} has another message elsewhere`);
      }
    }
  }
  const codesOfMessage = new Map<string, string[]>();
  for (const [code, message] of messageOfCode) codesOfMessage.set(message, [...(codesOfMessage.get(message) ?? []), code]);
  for (const [message, codes] of codesOfMessage) if (codes.length > 1) problems.push(`${codes.join(', ')} share the message "${message}"`);
  return problems;
}

describe('the checks of this file', () => {
  const document = (operation: Partial<Operation>, schemas: Record<string, Schema> = {}): Document => ({
    info: { title: 't', description: '' },
    paths: { '/x': { post: { operationId: 'x', responses: {}, ...operation } } },
    components: { schemas },
  });
  const errorResponse = (status: string, ...codes: string[]) => ({
    [status]: {
      description: codes.map((code) => `\`${code}\``).join(', '),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponseDto' }, examples: Object.fromEntries(codes.map((code) => [code, { value: { error_code: code, message: `${code} happened` } }])) } },
    },
  });

  it('fail on a request body without an example', () => {
    const body = { content: { 'application/json': { schema: { $ref: '#/components/schemas/Dto' } } } };
    const bare = document({ requestBody: body }, { Dto: { properties: { amount: {}, bank_code: { example: 'BCA' } } } });
    expect(requestBodiesWithoutExamples(bare)).toEqual(['POST /x (application/json): no example for Dto.amount']);
    const withFieldExamples = document({ requestBody: body }, { Dto: { properties: { amount: { example: 1 }, bank_code: { example: 'BCA' } } } });
    expect(requestBodiesWithoutExamples(withFieldExamples)).toEqual([]);
    const withBodyExample = document({ requestBody: { content: { 'application/json': { ...body.content['application/json'], examples: { a: { value: {} } } } } } }, { Dto: { properties: { amount: {} } } });
    expect(requestBodiesWithoutExamples(withBodyExample)).toEqual([]);
  });

  it('fail on an error example under another status, and on the same message for two codes', () => {
    expect(misfiledErrorExamples(document({ responses: { ...errorResponse('401', 'INVALID_API_KEY'), ...errorResponse('400', 'API_VALIDATION_ERROR') } }))).toEqual([]);
    expect(misfiledErrorExamples(document({ responses: errorResponse('401', 'API_VALIDATION_ERROR') }))).toEqual(['POST /x 401: API_VALIDATION_ERROR is a 400']);
    const noExamples = { 401: { description: 'x', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponseDto' } } } } };
    expect(misfiledErrorExamples(document({ responses: noExamples }))).toEqual(['POST /x 401: no examples']);
    const same = document({ responses: errorResponse('404', 'NOT_FOUND_ERROR', 'DISBURSEMENT_NOT_FOUND_ERROR') });
    (same.paths['/x'].post.responses['404'].content!['application/json'].examples!.NOT_FOUND_ERROR.value as { message: string }).message = 'DISBURSEMENT_NOT_FOUND_ERROR happened';
    expect(misfiledErrorExamples(same)).toEqual(expect.arrayContaining(['POST /x 404: two examples say "DISBURSEMENT_NOT_FOUND_ERROR happened"']));
  });
});

describe('OpenAPI documents', () => {
  let t: TestApp;
  let merchant: Document;
  let operator: Document;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: 'https://pay.example.com' });
    merchant = (await t.http.get('/docs-json').expect(200)).body as Document;
    operator = (await t.http.get('/docs/operator-json').expect(200)).body as Document;
  });
  afterAll(() => t.close());

  it("the merchant document has /api/v2 only, with the API key's scheme only", () => {
    expect(merchant.info.title).toBe('Palladium merchant API');
    const routes = Object.keys(merchant.paths);
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((route) => !route.startsWith('/api/v2/'))).toEqual([]);
    expect(routes).toEqual(expect.arrayContaining(['/api/v2/create-virtual-account', '/api/v2/create-disbursement', '/api/v2/simulate/virtual-accounts/{id}/pay']));

    expect(merchant.components.securitySchemes).toEqual({
      'api-key': expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'pallapi_secret_<environment>_<32 hex>' }),
    });
    const text = JSON.stringify(merchant);
    for (const absent of ['admin-token', 'console-session', 'palladium_console', '/admin/', 'INVALID_ADMIN_TOKEN"', 'SESSION_INVALID_ERROR"', 'CSRF_TOKEN_INVALID_ERROR"']) {
      // The ErrorResponseDto enum lists every code of the catalogue: only examples and schemes count here.
      const outsideEnum = text.replace(JSON.stringify(merchant.components.schemas?.ErrorResponseDto), '');
      expect({ absent, found: outsideEnum.includes(absent) }).toEqual({ absent, found: false });
    }
    for (const { operation } of operationsOf(merchant)) expect(operation.security).toEqual([{ 'api-key': [] }]);
    // Only the schemas its paths use.
    expect(Object.keys(merchant.components.schemas ?? {})).not.toContain('CreateOperatorDto');
  });

  it('the operator document has the rest: /admin, provider webhooks, health, the dashboard sessions', () => {
    expect(operator.info.title).toBe('Palladium operator API');
    const routes = Object.keys(operator.paths);
    expect(routes.filter((route) => route.startsWith('/api/v2/'))).toEqual([]);
    expect(routes).toEqual(expect.arrayContaining(['/admin/merchants', '/webhooks/xendit/disbursements', '/webhooks/duitku/disbursements', '/api/dashboard/sign-in']));
    expect(Object.keys(operator.components.securitySchemes ?? {}).sort()).toEqual(['admin-token', 'console-session', 'session']);
    expect(operator.components.securitySchemes?.['admin-token']).toMatchObject({ scheme: 'bearer', bearerFormat: expect.stringContaining('pallop_') });
    expect(JSON.stringify(operator.components.securitySchemes)).not.toContain('JWT');
  });

  it('together they are the whole API: the combined document of the dashboard (npm run dashboard:api)', () => {
    const combined = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'dashboard/src/api/openapi.json'), 'utf8')) as Document;
    const keys = (document: Document) => operationsOf(document).map(({ route, method }) => `${method} ${route}`);
    expect([...keys(merchant), ...keys(operator)].sort()).toEqual(keys(combined).sort());
  });

  it('names where to send requests: the configured PUBLIC_BASE_URL, and the server the docs came from', () => {
    for (const document of [merchant, operator]) {
      expect(document.servers?.map((server) => server.url)).toEqual(['https://pay.example.com', '/']);
    }
  });

  it('has an example for every request body', () => {
    expect(requestBodiesWithoutExamples(merchant)).toEqual([]);
    expect(requestBodiesWithoutExamples(operator)).toEqual([]);
  });

  it('shows, under each error status, an example of each of its codes, with its own message', () => {
    expect(misfiledErrorExamples(merchant)).toEqual([]);
    expect(misfiledErrorExamples(operator)).toEqual([]);

    const banks = merchant.paths['/api/v2/banks'].get.responses;
    expect(Object.keys(banks['401'].content!['application/json'].examples!)).toEqual(['INVALID_API_KEY']);
    expect(banks['401'].content!['application/json'].examples!.INVALID_API_KEY.value).toEqual({
      error_code: 'INVALID_API_KEY',
      message: expect.stringContaining('pallapi_secret_'),
    });
    // A handler's own 403 adds to its controller's 403 codes instead of hiding them.
    const simulate = merchant.paths['/api/v2/simulate/virtual-accounts/{id}/pay'].post.responses['403'].content!['application/json'].examples!;
    expect(Object.keys(simulate).sort()).toEqual(['MERCHANT_SUSPENDED_ERROR', 'PRODUCTION_NOT_ENABLED_ERROR', 'REQUEST_FORBIDDEN_ERROR']);
    // A validation error shows its per-field errors.
    const validation = merchant.paths['/api/v2/create-disbursement'].post.responses['400'].content!['application/json'].examples!;
    expect(validation.API_VALIDATION_ERROR.value).toMatchObject({ errors: [{ field: 'amount', message: expect.any(String) }] });
    expect(validation.INSUFFICIENT_BALANCE.value).toMatchObject({ error_code: 'INSUFFICIENT_BALANCE', message: expect.stringContaining('Insufficient balance') });
  });

  it('serves Swagger UI for each', async () => {
    expect((await t.http.get('/docs/').expect(200)).text).toContain('swagger-ui');
    expect((await t.http.get('/docs/operator/').expect(200)).text).toContain('swagger-ui');
    expect((await t.http.get('/docs/operator/swagger-ui-init.js').expect(200)).text).toContain('Palladium operator API');
    expect((await t.http.get('/docs/swagger-ui-init.js').expect(200)).text).toContain('Palladium merchant API');
  });

  it('the committed merchant document, client types and Postman collection match the server (npm run client:generate -- --check)', () => {
    const committed = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'clients/openapi/merchant-api.json'), 'utf8')) as Document;
    expect(committed.paths).toEqual(merchant.paths);
    expect(committed.components).toEqual(merchant.components);

    const collection = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'clients/postman/palladium-merchant-api.postman_collection.json'), 'utf8')) as {
      auth: unknown;
      variable: { key: string; value: string }[];
    };
    expect(collection.auth).toEqual({ type: 'bearer', bearer: [{ key: 'token', value: '{{apiKey}}', type: 'string' }] });
    expect(collection.variable.map((variable) => variable.key).sort()).toEqual(['apiKey', 'baseUrl']);

    const run = () =>
      execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/client.ts', '--check'], {
        cwd: PROJECT_ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    expect(run).not.toThrow();
  });
});
