import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { static as serveStatic, type Express } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule, AppModuleOptions } from './app.module';
import { HttpExceptionFilter } from './common/errors/http-exception.filter';
import { createValidationPipe } from './common/validation/validation.pipe';
import { AppConfig } from './config/app-config';
import { createOpenApiDocuments, MERCHANT_DOCS_PATH, OPERATOR_DOCS_PATH } from './openapi';

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

  // Two references: merchants' developers get the merchant API only (/docs); operators, provider
  // webhooks and the dashboard's session endpoints have their own (/docs/operator). See openapi.ts.
  const documents = createOpenApiDocuments(app, config);
  SwaggerModule.setup(MERCHANT_DOCS_PATH, app, documents.merchant, {
    jsonDocumentUrl: `${MERCHANT_DOCS_PATH}-json`,
    customSiteTitle: 'Palladium merchant API',
  });
  SwaggerModule.setup(OPERATOR_DOCS_PATH, app, documents.operator, {
    jsonDocumentUrl: `${OPERATOR_DOCS_PATH}-json`,
    customSiteTitle: 'Palladium operator API',
  });
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
