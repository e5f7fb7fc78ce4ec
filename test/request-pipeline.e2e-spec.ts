import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { IsBoolean, IsInt, IsNotEmpty, IsString, Min } from 'class-validator';
import { ToBoolean, ToInteger } from '../src/common/validation/transforms';
import { adminAuth, bearer, startTestApp, TestApp } from './support/test-app';
import { MerchantApi } from '../src/common/http/merchant-api';

/** A request shaped like the spec's create-virtual-account, echoed back after validation. */
class EchoDto {
  @IsString() @IsNotEmpty() bank_code: string;
  @ToBoolean() @IsBoolean() is_single_use: boolean;
  @ToInteger() @IsInt({ message: 'amount must be a whole number of rupiah' }) @Min(1) amount: number;
}

@MerchantApi()
@Controller('api/v2/test-echo')
class EchoController {
  @Post()
  echo(@Body() body: EchoDto) {
    return body;
  }

  @Post('crash')
  crash(): never {
    throw new Error('database password is hunter2');
  }

  @Get(':id')
  find(@Param('id') id: string, @Query() query: Record<string, unknown>) {
    return { id, query };
  }
}

describe('request pipeline: bodies, validation and errors', () => {
  let t: TestApp;
  let key: string;

  beforeAll(async () => {
    t = await startTestApp({}, { controllers: [EchoController] });
    key = (await t.createMerchant()).api_keys.development;
  });
  afterAll(() => t.close());

  const expected = { bank_code: 'BNI', is_single_use: true, amount: 10000000 };

  it('parses the spec curl --form (multipart) body with string values coerced', async () => {
    const response = await t.http
      .post('/api/v2/test-echo')
      .set(bearer(key))
      .field('bank_code', 'BNI')
      .field('is_single_use', 'true')
      .field('amount', '10000000')
      .field('unknown_field', 'dropped')
      .expect(201);
    expect(response.body).toEqual(expected);
  });

  it('parses urlencoded and JSON bodies alike', async () => {
    const form = await t.http
      .post('/api/v2/test-echo')
      .set(bearer(key))
      .type('form')
      .send('bank_code=BNI&is_single_use=true&amount=10000000')
      .expect(201);
    const json = await t.http.post('/api/v2/test-echo').set(bearer(key)).send(expected).expect(201);
    const jsonStrings = await t.http
      .post('/api/v2/test-echo')
      .set(bearer(key))
      .send({ bank_code: 'BNI', is_single_use: 'true', amount: '10000000' })
      .expect(201);
    expect(form.body).toEqual(expected);
    expect(json.body).toEqual(expected);
    expect(jsonStrings.body).toEqual(expected);
  });

  it('coerces "false" to false, not to true', async () => {
    const response = await t.http
      .post('/api/v2/test-echo')
      .set(bearer(key))
      .field('bank_code', 'BNI')
      .field('is_single_use', 'false')
      .field('amount', '5')
      .expect(201);
    expect(response.body.is_single_use).toBe(false);
  });

  it('shapes validation errors with error_code, message and per-field errors', async () => {
    const response = await t.http
      .post('/api/v2/test-echo')
      .set(bearer(key))
      .field('is_single_use', 'maybe')
      .field('amount', '10.5')
      .expect(400)
      .expect('Content-Type', /json/);
    expect(response.body.error_code).toBe('API_VALIDATION_ERROR');
    expect(response.body.message).toContain('amount must be a whole number of rupiah');
    const fields = response.body.errors.map((e: { field: string }) => e.field);
    expect(new Set(fields)).toEqual(new Set(['bank_code', 'is_single_use', 'amount']));
    for (const error of response.body.errors) expect(typeof error.message).toBe('string');
  });

  it('answers malformed JSON with INVALID_JSON_FORMAT', async () => {
    const response = await t.http
      .post('/api/v2/test-echo')
      .set(bearer(key))
      .set('Content-Type', 'application/json')
      .send('{"amount": ')
      .expect(400);
    expect(response.body).toEqual({ error_code: 'INVALID_JSON_FORMAT', message: 'The request body is not valid JSON' });
  });

  it('refuses file uploads and unsupported content types with JSON errors', async () => {
    const upload = await t.http
      .post('/api/v2/test-echo')
      .set(bearer(key))
      .attach('bank_code', Buffer.from('x'), 'file.txt')
      .expect(400);
    expect(upload.body.error_code).toBe('API_VALIDATION_ERROR');
    const text = await t.http
      .post('/api/v2/test-echo')
      .set(bearer(key))
      .set('Content-Type', 'text/plain')
      .send('hello')
      .expect(415);
    expect(text.body.error_code).toBe('UNSUPPORTED_MEDIA_TYPE_ERROR');
  });

  it('answers an oversized body with 413', async () => {
    const response = await t.http
      .post('/api/v2/test-echo')
      .set(bearer(key))
      .send({ bank_code: 'x'.repeat(1024 * 1024 + 10) })
      .expect(413);
    expect(response.body.error_code).toBe('REQUEST_TOO_LARGE_ERROR');
  });

  describe('hostile bodies', () => {
    const post = () => t.http.post('/api/v2/test-echo').set(bearer(key));
    const B = 'palladium-boundary';
    // supertest would JSON-encode a Buffer sent as application/json; send the bytes as they are.
    const asIs = (bytes: unknown) => bytes as string;
    const part = (disposition: string, value: string) => `--${B}\r\nContent-Disposition: ${disposition}\r\n\r\n${value}\r\n`;

    it('refuses NUL bytes and lone surrogates in body, query and path, naming the field', async () => {
      const nul = await post().send({ ...expected, bank_code: 'B\u0000NI' }).expect(400);
      expect(nul.body).toEqual({
        error_code: 'API_VALIDATION_ERROR',
        message: 'bank_code must not contain the NUL character (U+0000)',
        errors: [{ field: 'bank_code', message: 'bank_code must not contain the NUL character (U+0000)' }],
      });
      const surrogate = await post().set('Content-Type', 'application/json').send('{"bank_code":"\\ud800BNI","is_single_use":true,"amount":5}').expect(400);
      expect(surrogate.body.errors).toEqual([{ field: 'bank_code', message: 'bank_code must be valid Unicode text (it contains an unpaired surrogate)' }]);
      const form = await post().field('bank_code', 'x\u0000').field('amount', '5').expect(400);
      expect(form.body.errors[0].field).toBe('bank_code');
      const nested = await post().send({ ...expected, items: [{ note: 'a\u0000' }] }).expect(400);
      expect(nested.body.errors[0].field).toBe('items.0.note');
      const query = await t.http.get('/api/v2/test-echo/abc?external_id=a%00b').set(bearer(key)).expect(400);
      expect(query.body.errors).toEqual([{ field: 'external_id', message: 'external_id must not contain the NUL character (U+0000)' }]);
      const path = await t.http.get('/api/v2/test-echo/a%00b').set(bearer(key)).expect(400);
      expect(path.body.errors).toEqual([{ field: 'id', message: 'id must not contain the NUL character (U+0000)' }]);
      // Valid Unicode outside the BMP (a surrogate pair) is fine.
      expect((await t.http.get('/api/v2/test-echo/%F0%9F%98%80').set(bearer(key)).expect(200)).body.id).toBe('😀');
    });

    it('caps nesting depth and field count for every content type', async () => {
      const deep = await post().set('Content-Type', 'application/json').send(`${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`).expect(413);
      expect(deep.body).toEqual({ error_code: 'REQUEST_TOO_LARGE_ERROR', message: 'The request nests deeper than 10 levels' });
      const deepForm = await post().type('form').send(`a${'[b]'.repeat(20)}=1`).expect(413);
      expect(deepForm.body.error_code).toBe('REQUEST_TOO_LARGE_ERROR');
      const fields = Array.from({ length: 10_001 }, (_, i) => [`f${i}`, '1']);
      const manyJson = await post().send(Object.fromEntries(fields)).expect(413);
      expect(manyJson.body).toEqual({ error_code: 'REQUEST_TOO_LARGE_ERROR', message: 'The request has more than 10000 fields' });
      await post().type('form').send(fields.map(([name]) => `${name}=1`).join('&')).expect(413);
      const multipart = fields.map(([name]) => part(`form-data; name="${name}"`, '1')).join('') + `--${B}--\r\n`;
      const manyParts = await post().set('Content-Type', `multipart/form-data; boundary=${B}`).send(multipart).expect(413);
      expect(manyParts.body.error_code).toBe('REQUEST_TOO_LARGE_ERROR');
    });

    it('answers malformed multipart with INVALID_MULTIPART_FORMAT', async () => {
      const body = part('form-data; name="amount"', '5') + `--${B}--\r\n`;
      const noBoundary = await post().set('Content-Type', 'multipart/form-data').send(body).expect(400);
      expect(noBoundary.body).toEqual({ error_code: 'INVALID_MULTIPART_FORMAT', message: 'The multipart/form-data body is malformed: Multipart: Boundary not found' });
      const noName = await post().set('Content-Type', `multipart/form-data; boundary=${B}`).send(part('form-data', '5') + `--${B}--\r\n`).expect(400);
      expect(noName.body).toEqual({ error_code: 'INVALID_MULTIPART_FORMAT', message: 'The multipart/form-data body is malformed: a part has no field name' });
      const cutShort = await post().set('Content-Type', `multipart/form-data; boundary=${B}`).send(`--${B}\r\nContent-Disposition: form-data; name="amount"\r\n\r\n5`).expect(400);
      expect(cutShort.body.error_code).toBe('INVALID_MULTIPART_FORMAT');
    });

    it('reads gzip, deflate and br bodies, and refuses ones that are not', async () => {
      const json = Buffer.from(JSON.stringify(expected));
      for (const [encoding, bytes] of [['gzip', gzipSync(json)], ['deflate', deflateSync(json)], ['br', brotliCompressSync(json)]] as const) {
        const ok = await post().set({ 'Content-Type': 'application/json', 'Content-Encoding': encoding }).serialize(asIs).send(bytes).expect(201);
        expect(ok.body).toEqual(expected);
        const bad = await post().set({ 'Content-Type': 'application/json', 'Content-Encoding': encoding }).send(json).expect(400);
        expect(bad.body).toEqual({ error_code: 'INVALID_CONTENT_ENCODING', message: `The request body is not valid ${encoding} data (Content-Encoding: ${encoding})` });
      }
      const unknown = await post().set({ 'Content-Type': 'application/json', 'Content-Encoding': 'compress' }).send(json).expect(415);
      expect(unknown.body.error_code).toBe('UNSUPPORTED_CONTENT_ENCODING_ERROR');
      // 20 MB of zeros is 20 KB gzipped: the cap applies after decompression too.
      const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
      const inflated = await post().set({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }).serialize(asIs).send(bomb).expect(413);
      expect(inflated.body.message).toBe('The request body is larger than 1048576 bytes once decompressed');
    });

    it('wants a JSON object in UTF-8', async () => {
      expect((await post().set('Content-Type', 'application/json').send('[1,2]').expect(400)).body.message).toBe('The request body must be a JSON object');
      const latin1 = await post().set('Content-Type', 'application/json; charset=latin1').serialize(asIs).send(Buffer.from('{"bank_code":"\xe9"}', 'latin1')).expect(415);
      expect(latin1.body.error_code).toBe('UNSUPPORTED_MEDIA_TYPE_ERROR');
      const invalidUtf8 = await post().set('Content-Type', 'application/json').serialize(asIs).send(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])).expect(400);
      expect(invalidUtf8.body.error_code).toBe('INVALID_JSON_FORMAT');
    });
  });

  describe('authentication comes before the body', () => {
    it('answers a bad key or operator token with 401 without reading the body', async () => {
      const malformed = await t.http.post('/api/v2/test-echo').set(bearer('pallapi_secret_development_' + '0'.repeat(32))).set('Content-Type', 'application/json').send('{"amount": ').expect(401);
      expect(malformed.body.error_code).toBe('INVALID_API_KEY');
      const huge = await t.http.post('/admin/merchants').set('Authorization', 'Bearer wrong').send({ name: 'x'.repeat(2 * 1024 * 1024) }).expect(401);
      expect(huge.body.error_code).toBe('INVALID_ADMIN_TOKEN');
      const webhook = await t.http.post('/webhooks/xendit/disbursements').set('Content-Type', 'multipart/form-data').send('not multipart').expect(401);
      expect(webhook.body.error_code).toBe('INVALID_WEBHOOK_SIGNATURE');
    });

    it('gives endpoints without a credential the small body cap', async () => {
      const duitku = await t.http.post('/webhooks/duitku/disbursements').send({ disburseId: 1, padding: 'x'.repeat(20 * 1024) }).expect(413);
      expect(duitku.body).toEqual({ error_code: 'REQUEST_TOO_LARGE_ERROR', message: 'The request body is larger than 16384 bytes' });
      // The same size is fine once a credential was checked.
      await t.http.post('/admin/merchants').set(adminAuth).send({ name: 'PT Cap', email: `cap-${Date.now()}@test.com`, padding: 'x'.repeat(20 * 1024) }).expect(201);
    });
  });

  it('turns an unexpected error into a 500 with a request id and no internals', async () => {
    const response = await t.http
      .post('/api/v2/test-echo/crash')
      .set(bearer(key))
      .set('X-Request-Id', 'req-abc-123')
      .expect(500);
    expect(response.body).toEqual({
      error_code: 'SERVER_ERROR',
      message: 'Internal server error',
      request_id: 'req-abc-123',
    });
    expect(response.headers['x-request-id']).toBe('req-abc-123');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const response = await t.http.get('/api/v2/nothing-here').set(bearer(key)).expect(404);
    expect(response.body).toEqual({ error_code: 'NOT_FOUND_ERROR', message: 'No route for GET /api/v2/nothing-here' });
  });

  it('serves Swagger UI and the OpenAPI document with the bearer scheme', async () => {
    const document = (await t.http.get('/docs-json').expect(200)).body;
    expect(document.components.securitySchemes['api-key']).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'pallapi_secret_<environment>_<32 hex>' });
    // Merchants' developers see the API key only (issue 16); the dashboard's session cookie
    // (issue 14) is documented with its own endpoints in the operator document.
    expect(document.paths['/api/v2/banks'].get.security).toEqual([{ 'api-key': [] }]);
    const operator = (await t.http.get('/docs/operator-json').expect(200)).body;
    expect(operator.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'palladium_session' });
    expect(document.components.schemas.ErrorResponseDto.properties.error_code.enum).toContain('INVALID_API_KEY');
    const ui = await t.http.get('/docs/').expect(200);
    expect(ui.text).toContain('swagger-ui');
  });

  it('reports health with a database check', async () => {
    expect((await t.http.get('/health').expect(200)).body).toEqual({ status: 'ok', database: 'up' });
  });
});
