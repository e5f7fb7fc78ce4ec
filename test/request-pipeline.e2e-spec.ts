import { Body, Controller, Post } from '@nestjs/common';
import { IsBoolean, IsInt, IsNotEmpty, IsString, Min } from 'class-validator';
import { ToBoolean, ToInteger } from '../src/common/validation/transforms';
import { MerchantApi } from '../src/merchants/merchant-api.decorator';
import { bearer, startTestApp, TestApp } from './support/test-app';

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
    expect(document.components.securitySchemes['api-key']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.paths['/api/v2/banks'].get.security).toEqual([{ 'api-key': [] }]);
    expect(document.components.schemas.ErrorResponseDto.properties.error_code.enum).toContain('INVALID_API_KEY');
    const ui = await t.http.get('/docs/').expect(200);
    expect(ui.text).toContain('swagger-ui');
  });

  it('reports health with a database check', async () => {
    expect((await t.http.get('/health').expect(200)).body).toEqual({ status: 'ok', database: 'up' });
  });
});
