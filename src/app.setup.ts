import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Express } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { ADMIN_SECURITY } from './admin/admin-api.decorator';
import { AppModule, AppModuleOptions } from './app.module';
import { ErrorResponseDto } from './common/errors/error-response.dto';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { MAX_INPUT_DEPTH } from './common/http/request-input';
import { createValidationPipe } from './common/validation/validation.pipe';
import { AppConfig } from './config/app-config';
import { API_KEY_SECURITY } from './common/http/merchant-api';

const apiDescription = ({ http, rateLimits }: AppConfig) => `
Receive money (bank virtual accounts, Alfamart payment codes) and send money
(disbursements to Indonesian banks) with one API.

**Authentication**: every \`/api/v2\` call carries your secret key as
\`Authorization: Bearer pallapi_secret_<environment>_<32 hex>\` (the bare key without
\`Bearer\` works too). The key decides the environment: a \`development\` key works in the
sandbox, which never moves real money; a \`production\` key works live.

**Bodies**: POST endpoints accept JSON, \`application/x-www-form-urlencoded\` and
\`multipart/form-data\` (the \`curl --form\` examples work as written), optionally gzip, deflate
or br compressed. Amounts are whole rupiah.

**Limits**: a body up to ${http.bodyLimitBytes} bytes (also once decompressed), ${http.maxBodyFields} fields
and ${MAX_INPUT_DEPTH} levels of nesting; no NUL characters or unpaired surrogates in any string.
${rateLimits.perKey} requests per API key every ${rateLimits.windowSeconds} s; beyond that,
\`429 RATE_LIMITED_ERROR\` with a \`Retry-After\` header (seconds).

**Errors**: always JSON: \`{"error_code": "...", "message": "...", "errors": [...]}\`.
`;

/** Builds the HTTP application: parsers, validation, error mapping, logging and Swagger. */
export async function createHttpApp(options: AppModuleOptions): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(options), { bodyParser: false, bufferLogs: true });
  configureHttpApp(app);
  return app;
}

/** Everything about the HTTP app beyond its modules; the e2e tests apply the same. */
export function configureHttpApp(app: INestApplication): void {
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  const config = app.get(AppConfig);
  const express = app.getHttpAdapter().getInstance() as Express;
  express.disable('x-powered-by');
  // req.ip, the key of the per-address rate limit, is the client's only through trusted proxies.
  express.set('trust proxy', config.http.trustProxy);
  // Before Swagger's routes, so /docs gets the headers too. Helmet's CSP suits Swagger UI
  // (same-origin scripts, inline styles, data: images) except upgrade-insecure-requests,
  // which would send its assets to https on a plain-http development server.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Palladium API')
      .setDescription(apiDescription(config))
      .setVersion('2')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Your secret API key' }, API_KEY_SECURITY)
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'ADMIN_API_TOKEN (operators only)' }, ADMIN_SECURITY)
      .build(),
    { extraModels: [ErrorResponseDto] },
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', customSiteTitle: 'Palladium API' });
}
