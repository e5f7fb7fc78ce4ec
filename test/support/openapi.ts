import type { TestApp } from './test-app';

export interface ServedOperation {
  operationId: string;
}

export interface ServedApi {
  paths: Record<string, Record<string, ServedOperation>>;
}

/**
 * Every documented operation of the running app: the merchant API's document (/docs-json)
 * and the operator API's (/docs/operator-json: /admin, provider webhooks, health, the
 * dashboard's session endpoints) together (src/openapi.ts).
 */
export async function servedApi(t: TestApp): Promise<ServedApi> {
  const merchant = (await t.http.get('/docs-json').expect(200)).body as ServedApi;
  const operator = (await t.http.get('/docs/operator-json').expect(200)).body as ServedApi;
  return { paths: { ...merchant.paths, ...operator.paths } };
}
