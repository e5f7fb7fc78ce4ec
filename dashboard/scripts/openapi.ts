/**
 * Writes the server's combined OpenAPI document (dashboard/src/api/openapi.json: the merchant
 * and the operator APIs, see src/openapi.ts) and the TypeScript types the dashboard's client
 * is checked against (schema.d.ts, by openapi-typescript), without a database: the Nest app is
 * created in preview mode (module graph only; scripts/openapi-documents.ts).
 *
 *   npm run dashboard:api            regenerate both files (commit them)
 *   npm run dashboard:api -- --check exit 1 if the committed files are not current
 *
 * test/dashboard-serving.e2e-spec.ts runs the check, so the dashboard and the API cannot drift.
 */
import { writeFileSync } from 'node:fs';
import { buildOpenApiDocuments, documentJson, outputPath, run, writeOrCheck, writeTypes } from '../../scripts/openapi-documents';

const DOCUMENT = 'dashboard/src/api/openapi.json';
const TYPES = 'dashboard/src/api/schema.d.ts';

run(() =>
  writeOrCheck({
    files: [DOCUMENT, TYPES],
    command: 'npm run dashboard:api',
    async generate(root) {
      // The combined document (merchant and operator APIs, every security scheme): the dashboard
      // and the operator console call both.
      const { all } = await buildOpenApiDocuments();
      writeFileSync(outputPath(root, DOCUMENT), documentJson(all));
      writeTypes(outputPath(root, DOCUMENT), outputPath(root, TYPES));
    },
  }),
);
