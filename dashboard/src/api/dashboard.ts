import { api, unwrap, type Environment, type Schemas } from './client';

/**
 * The dashboard-only endpoints (`/api/dashboard/*`: sign-up, sign-in, sessions, API keys,
 * teammates, audit), through the same typed client as the merchant API: their shapes come
 * from the server's OpenAPI document too.
 */
export type Role = Schemas['SessionPersonDto']['role'];
export type Session = Schemas['SessionDto'];
export type SignUpResult = Schemas['SignedUpDto'];
export type ApiKeyHints = Schemas['DashboardApiKeysDto'];
export type RotatedKey = Schemas['DashboardRotatedApiKeyDto'];
export type Person = Schemas['PersonDto'];
export type AuditEntry = Schemas['AuditEntryDto'];

export const dashboardApi = {
  session: () => unwrap(api.GET('/api/dashboard/session')),
  signUp: (body: Schemas['SignUpDto']) => unwrap(api.POST('/api/dashboard/sign-up', { body })),
  signIn: (body: Schemas['SignInDto']) => unwrap(api.POST('/api/dashboard/sign-in', { body })),
  signOut: () => unwrap(api.POST('/api/dashboard/sign-out')),
  signOutEverywhere: () => unwrap(api.POST('/api/dashboard/sign-out-everywhere')),
  apiKeys: () => unwrap(api.GET('/api/dashboard/api-keys')),
  rotateApiKey: (environment: Environment) => unwrap(api.POST('/api/dashboard/api-keys/{environment}/rotate', { params: { path: { environment } } })),
  people: () => unwrap(api.GET('/api/dashboard/people')),
  addPerson: (body: Schemas['NewPersonDto']) => unwrap(api.POST('/api/dashboard/people', { body })),
  changeRole: (id: string, role: Role) => unwrap(api.PATCH('/api/dashboard/people/{id}', { params: { path: { id } }, body: { role } })),
  removePerson: (id: string) => unwrap(api.DELETE('/api/dashboard/people/{id}', { params: { path: { id } } })),
  audit: (cursor?: string) => unwrap(api.GET('/api/dashboard/audit', { params: { query: { limit: 50, cursor } } })),
};
