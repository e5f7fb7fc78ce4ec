import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { static as serveStatic, type Express } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { ADMIN_SECURITY, CONSOLE_SECURITY } from './admin/admin-api.decorator';
import { AppModule, AppModuleOptions } from './app.module';
import { ErrorResponseDto } from './common/errors/error-response.dto';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { MAX_INPUT_DEPTH } from './common/http/request-input';
import { createValidationPipe } from './common/validation/validation.pipe';
import { AppConfig } from './config/app-config';
import { API_KEY_SECURITY } from './common/http/merchant-api';
import { SESSION_SECURITY } from './common/http/dashboard-api';
import { CONSOLE_SESSION_COOKIE, SESSION_COOKIE } from './common/security/session-token';

const apiDescription = ({ http, rateLimits }: AppConfig) => `
Receive money (bank virtual accounts, Alfamart payment codes) and send money
(disbursements to Indonesian banks) with one API.

**Authentication**: every \`/api/v2\` call carries your secret key as
\`Authorization: Bearer pallapi_secret_<environment>_<32 hex>\` (the bare key without
\`Bearer\` works too). The key decides the environment: a \`development\` key works in the
sandbox, which never moves real money; a \`production\` key works live.

**Dashboard**: the merchant dashboard calls the same endpoints with its session cookie
instead of a key (see the \`session\` security scheme), and \`/api/dashboard/...\` for
sign-in, people, keys and the audit trail.

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

  serveDashboard(express);

  const document = createOpenApiDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', customSiteTitle: 'Palladium API' });
}

/**
 * The OpenAPI document of the whole HTTP API. Needs only the app's module graph (no
 * provider instances), so `npm run dashboard:api` builds it from an app created in preview
 * mode, without a database, for the dashboard's typed client.
 */
export function createOpenApiDocument(app: INestApplication, config: AppConfig): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Palladium API')
      .setDescription(apiDescription(config))
      .setVersion('2')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Your secret API key' }, API_KEY_SECURITY)
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: "An operator's `pallop_` token, or ADMIN_API_TOKEN (operators only)" }, ADMIN_SECURITY)
      .addCookieAuth(
        CONSOLE_SESSION_COOKIE,
        {
          type: 'apiKey',
          in: 'cookie',
          description:
            'The operator console session (set by POST /admin/console/sign-in with password and TOTP code; HttpOnly, path /admin): ' +
            'every /admin endpoint accepts it when there is no Authorization header. Changes also need its `X-CSRF-Token` header.',
        },
        CONSOLE_SECURITY,
      )
      .addCookieAuth(
        SESSION_COOKIE,
        {
          type: 'apiKey',
          in: 'cookie',
          description:
            'The dashboard session (set by sign-in / sign-up; HttpOnly). Changes (any method but GET, HEAD, OPTIONS) also need the ' +
            'session\'s `X-CSRF-Token` header. On /api/v2 the environment is `X-Palladium-Environment: development|production` ' +
            '(default development); a request with an Authorization header is authenticated by its key instead.',
        },
        SESSION_SECURITY,
      )
      .build(),
    { extraModels: [ErrorResponseDto] },
  );
}

/**
 * Where `npm run build` puts the dashboard (Vite, `dashboard/vite.config.ts`): `dist/dashboard`
 * of the project, whether this file runs compiled (dist/src) or from source (src, tests).
 */
export const DASHBOARD_DIST_DIR = path.resolve(__dirname, path.basename(path.dirname(__dirname)) === 'dist' ? '..' : '../dist', 'dashboard');

/**
 * The merchant dashboard, a single-page app, at /dashboard, and the operator console (the same
 * build, its own routes) at /console: the files, and index.html for every other path below
 * either (the app's own routes, e.g. /dashboard/virtual-accounts). Hashed assets are cached
 * for a year; index.html is revalidated on every load, so a new build is picked up at once.
 * Plain Express handlers (after helmet, so the same security headers apply): no API route is
 * shadowed, and no API guard applies (the apps sign in through /api/dashboard and
 * /admin/console). Without a build (`npm run build`) both are a 404.
 */
function serveDashboard(express: Express): void {
  const index = path.join(DASHBOARD_DIST_DIR, 'index.html');
  express.use(
    '/dashboard',
    serveStatic(DASHBOARD_DIST_DIR, {
      index: false,
      redirect: false,
      setHeaders: (response, file) => {
        const hashed = file.startsWith(path.join(DASHBOARD_DIST_DIR, 'assets') + path.sep);
        response.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  express.get(['/dashboard', '/dashboard/{*route}', '/console', '/console/{*route}'], (request, response, next) => {
    // A missing asset is a 404, not the app.
    if (request.path.startsWith('/dashboard/assets/') || !existsSync(index)) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
}
