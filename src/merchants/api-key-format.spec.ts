import { apiKeyFromAuthorizationHeader, environmentOfApiKey, generateApiKey, hashApiKey } from './api-key-format';

describe('API key format', () => {
  it('generates keys in the documented format per environment', () => {
    expect(generateApiKey('development')).toMatch(/^pallapi_secret_development_[0-9a-f]{32}$/);
    expect(generateApiKey('production')).toMatch(/^pallapi_secret_production_[0-9a-f]{32}$/);
    expect(generateApiKey('production')).not.toBe(generateApiKey('production'));
  });

  it('reads the environment from a well-formed key only', () => {
    expect(environmentOfApiKey(`pallapi_secret_development_${'a'.repeat(32)}`)).toBe('development');
    expect(environmentOfApiKey(`pallapi_secret_production_${'0'.repeat(32)}`)).toBe('production');
    expect(environmentOfApiKey(`pallapi_secret_staging_${'a'.repeat(32)}`)).toBeUndefined();
    expect(environmentOfApiKey(`pallapi_secret_production_${'A'.repeat(32)}`)).toBeUndefined();
    expect(environmentOfApiKey(`pallapi_secret_production_${'a'.repeat(31)}`)).toBeUndefined();
  });

  it('hashes keys with SHA-256 hex', () => {
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('accepts both header forms of the spec', () => {
    expect(apiKeyFromAuthorizationHeader('Bearer k1')).toBe('k1');
    expect(apiKeyFromAuthorizationHeader('bearer   k1 ')).toBe('k1');
    expect(apiKeyFromAuthorizationHeader('k1')).toBe('k1');
    expect(apiKeyFromAuthorizationHeader(undefined)).toBeUndefined();
    expect(apiKeyFromAuthorizationHeader('')).toBeUndefined();
    expect(apiKeyFromAuthorizationHeader('Basic a b')).toBeUndefined();
  });
});
