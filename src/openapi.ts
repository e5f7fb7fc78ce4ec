import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, OperationObject, ResponseObject, SwaggerModule } from '@nestjs/swagger';
import { ADMIN_SECURITY, CONSOLE_SECURITY } from './admin/admin-api.decorator';
import { describeErrorCodes } from './common/errors/api-error-responses.decorator';
import { ErrorCode } from './common/errors/error-codes';
import { ErrorResponseDto } from './common/errors/error-response.dto';
import { SESSION_SECURITY } from './common/http/dashboard-api';
import { API_KEY_SECURITY } from './common/http/merchant-api';
import { MAX_INPUT_DEPTH } from './common/http/request-input';
import { CONSOLE_SESSION_COOKIE, SESSION_COOKIE } from './common/security/session-token';
import { AppConfig } from './config/app-config';

/**
 * The OpenAPI documents of the HTTP API:
 *
 * - `merchant`: what merchants' developers call with their API key (`/api/v2`), served at
 *   /docs (/docs-json). The typed client (clients/typescript) and the Postman collection
 *   (clients/postman) are generated from it (`npm run client:generate`). Only the API-key
 *   scheme: no operator or session schemes, no operator endpoints.
 * - `operator`: everything else: the operators' API (/admin), the provider webhooks, health,
 *   and the merchant dashboard's own session endpoints (/api/dashboard), served at
 *   /docs/operator (/docs/operator-json).
 * - `all`: both together, with every security scheme: the merchant dashboard and the operator
 *   console are one web app, and their typed client is generated from it (`npm run dashboard:api`).
 */
export interface OpenApiDocuments {
  all: OpenAPIObject;
  merchant: OpenAPIObject;
  operator: OpenAPIObject;
}

/** Where each document is served (SwaggerModule.setup paths; the JSON at `<path>-json`). */
export const MERCHANT_DOCS_PATH = 'docs';
export const OPERATOR_DOCS_PATH = 'docs/operator';

/** The API key's format, as the bearer scheme's `bearerFormat`. */
export const API_KEY_FORMAT = 'pallapi_secret_<environment>_<32 hex>';

/** Whether a path belongs to the merchant document. */
export const isMerchantPath = (path: string): boolean => path.startsWith('/api/v2/');

const commonRules = ({ http }: AppConfig) => `
**Bodies**: POST endpoints accept JSON, \`application/x-www-form-urlencoded\` and
\`multipart/form-data\` (the \`curl --form\` examples work as written), optionally gzip, deflate
or br compressed. Amounts are whole rupiah.

**Limits**: a body up to ${http.bodyLimitBytes} bytes (also once decompressed), ${http.maxBodyFields} fields
and ${MAX_INPUT_DEPTH} levels of nesting; no NUL characters or unpaired surrogates in any string.

**Errors**: always JSON: \`{"error_code": "...", "message": "...", "errors": [...]}\`. Each error
response below lists its codes, with an example answer per code.
`;

const merchantDescription = (config: AppConfig) => `
Receive money (bank virtual accounts, Alfamart payment codes) and send money
(disbursements to Indonesian banks) with one API.

**Authentication**: every call carries your secret key as
\`Authorization: Bearer ${API_KEY_FORMAT}\` (the bare key without \`Bearer\` works too).
The key decides the environment: a \`development\` key works in the sandbox, which never moves
real money (the \`/api/v2/simulate/...\` endpoints play the customer and the bank there); a
\`production\` key works live. Find your keys in the dashboard (API keys).

**Rate limit**: ${config.rateLimits.perKey} requests per API key every ${config.rateLimits.windowSeconds} s; beyond that,
\`429 RATE_LIMITED_ERROR\` with a \`Retry-After\` header (seconds).
${commonRules(config)}
**Client libraries**: a typed TypeScript client (\`@palladium/client\`, \`clients/typescript\`) and a
Postman collection (\`clients/postman\`) are generated from this document (\`/docs-json\`).
`;

const operatorDescription = (config: AppConfig) => `
Palladium's own side of the API; merchants' developers need only the merchant API at \`/docs\`.

- **\`/admin\`**: for operators. Authenticate with an operator's \`pallop_\` token or the bootstrap
  \`ADMIN_API_TOKEN\` (\`Authorization: Bearer ...\`), or the operator console's session cookie (with its
  \`X-CSRF-Token\` header on changes). GET needs the viewer role, other methods operator; some
  endpoints need admin. Production money actions need a second operator (four eyes, \`/admin/approvals\`).
- **\`/webhooks\`**: called by the upstream providers (Xendit, Duitku), authenticated by their
  callback token or signature.
- **\`/api/dashboard\`**: the merchant dashboard's sign-in, people, API keys and audit trail, with
  its session cookie. (The dashboard calls \`/api/v2\` with the same cookie.)
- **Health** for load balancers and orchestrators.
${commonRules(config)}`;

/** Builds the three documents. Needs only the app's module graph (works in preview mode). */
export function createOpenApiDocuments(app: INestApplication, config: AppConfig): OpenApiDocuments {
  const all = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Palladium API')
      .setDescription(`${merchantDescription(config)}\n---\n${operatorDescription(config)}`)
      .setVersion('2')
      .addServer(config.publicBaseUrl, 'This Palladium server (PUBLIC_BASE_URL)')
      .addServer('/', 'The server these docs are served from')
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: API_KEY_FORMAT,
          description: `Your secret API key, \`${API_KEY_FORMAT}\`: a development key for the sandbox, a production key for live money.`,
        },
        API_KEY_SECURITY,
      )
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'pallop_<40 hex> (or ADMIN_API_TOKEN)',
          description: "An operator's `pallop_` token, or ADMIN_API_TOKEN (operators only)",
        },
        ADMIN_SECURITY,
      )
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
            "session's `X-CSRF-Token` header. On /api/v2 the environment is `X-Palladium-Environment: development|production` " +
            '(default development); a request with an Authorization header is authenticated by its key instead.',
        },
        SESSION_SECURITY,
      )
      .build(),
    { extraModels: [ErrorResponseDto] },
  );
  errorsAreJson(all);
  return {
    all,
    merchant: subset(all, {
      title: 'Palladium merchant API',
      description: merchantDescription(config),
      paths: isMerchantPath,
      securitySchemes: [API_KEY_SECURITY],
      // Only a dashboard session meets these; a call with an API key never does.
      withoutErrorCodes: ['SESSION_INVALID_ERROR', 'FORBIDDEN_ERROR', 'CSRF_TOKEN_INVALID_ERROR'],
    }),
    operator: subset(all, {
      title: 'Palladium operator API',
      description: operatorDescription(config),
      paths: (path) => !isMerchantPath(path),
      securitySchemes: [ADMIN_SECURITY, CONSOLE_SECURITY, SESSION_SECURITY],
    }),
  };
}

interface Subset {
  title: string;
  description: string;
  paths: (path: string) => boolean;
  securitySchemes: string[];
  /** Error codes the kept security schemes cannot meet: left out of the error responses. */
  withoutErrorCodes?: ErrorCode[];
}

/**
 * The document restricted to some paths and security schemes: an operation keeps the security
 * alternatives made of kept schemes only; only the schemas those paths reach stay.
 */
function subset(document: OpenAPIObject, { title, description, paths, securitySchemes, withoutErrorCodes = [] }: Subset): OpenAPIObject {
  const kept = new Set(securitySchemes);
  const copy = structuredClone(document);
  copy.info = { ...copy.info, title, description };
  copy.paths = Object.fromEntries(Object.entries(copy.paths).filter(([path]) => paths(path)));
  for (const item of Object.values(copy.paths)) {
    for (const operation of Object.values(item)) {
      const security = (operation as { security?: Record<string, string[]>[] }).security;
      if (Array.isArray(security)) {
        (operation as { security: Record<string, string[]>[] }).security = security.filter((requirement) => Object.keys(requirement).every((name) => kept.has(name)));
      }
      if (withoutErrorCodes.length > 0) leaveOutErrorCodes(operation as OperationObject, withoutErrorCodes);
    }
  }
  const components = copy.components ?? {};
  components.securitySchemes = Object.fromEntries(Object.entries(components.securitySchemes ?? {}).filter(([name]) => kept.has(name)));
  const reachable = reachableSchemas(copy.paths, components.schemas ?? {});
  components.schemas = Object.fromEntries(Object.entries(components.schemas ?? {}).filter(([name]) => reachable.has(name)));
  const usedTags = new Set(Object.values(copy.paths).flatMap((item) => Object.values(item).flatMap((operation) => (operation as { tags?: string[] }).tags ?? [])));
  copy.tags = (copy.tags ?? []).filter((tag) => usedTags.has(tag.name));
  return copy;
}

/**
 * Error answers are JSON whatever the endpoint produces on success (e.g. a CSV report), but
 * Swagger gives them the endpoint's content types: keep application/json only.
 */
function errorsAreJson(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as OperationObject[]) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const content = (response as ResponseObject).content;
        const json = Object.values(content ?? {}).find((media) => (media.schema as { $ref?: string } | undefined)?.$ref === ERROR_RESPONSE_REF);
        if (Number(status) >= 400 && json) (response as ResponseObject).content = { 'application/json': json };
      }
    }
  }
}

/** Removes codes from an operation's error responses (ApiErrorResponses: examples keyed by code); a status left without codes goes. */
function leaveOutErrorCodes(operation: OperationObject, codes: ErrorCode[]): void {
  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const content = (response as ResponseObject).content?.['application/json'];
    const examples = content?.examples;
    if (!examples || !codes.some((code) => code in examples)) continue;
    for (const code of codes) delete examples[code];
    const remaining = Object.keys(examples) as ErrorCode[];
    if (remaining.length === 0) delete operation.responses[status];
    else (response as ResponseObject).description = describeErrorCodes(remaining);
  }
}

const SCHEMA_REF = '#/components/schemas/';
const ERROR_RESPONSE_REF = `${SCHEMA_REF}${ErrorResponseDto.name}`;

/** The names of the component schemas `root` refers to, directly or through other schemas. */
function reachableSchemas(root: unknown, schemas: Record<string, unknown>): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith(SCHEMA_REF)) {
        const name = child.slice(SCHEMA_REF.length);
        if (!found.has(name)) {
          found.add(name);
          visit(schemas[name]);
        }
      } else {
        visit(child);
      }
    }
  };
  visit(root);
  return found;
}
