import * as path from 'node:path';
import { AppConfig, InvalidConfigError } from './app-config';

describe('AppConfig.fromEnv', () => {
  it('applies the documented defaults', () => {
    const config = AppConfig.fromEnv({});
    expect(config.port).toBe(3000);
    expect(config.nodeEnv).toBe('development');
    expect(config.dataDir).toBe(path.resolve('./.data'));
    expect(config.databaseUrl).toBeUndefined();
    expect(config.logLevel).toBe('info');
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.demoMerchant).toBe(true);
    expect(config.vaBcaEnabled).toBe(false);
    // Four eyes on every production top-up unless configured otherwise.
    expect(config.fourEyesMinAmount).toBe(0);
  });

  it('accepts only IANA time zones for the settlement cutoff', () => {
    expect(AppConfig.fromEnv({ SETTLEMENT_TIMEZONE: 'Asia/Makassar' }).settlement.timezone).toBe('Asia/Makassar');
    // Zones with daylight saving too: the cutoff follows their clock changes.
    expect(AppConfig.fromEnv({ SETTLEMENT_TIMEZONE: 'America/New_York' }).settlement.timezone).toBe('America/New_York');
    expect(() => AppConfig.fromEnv({ SETTLEMENT_TIMEZONE: 'Mars/Olympus' })).toThrow(/SETTLEMENT_TIMEZONE/);
    expect(() => AppConfig.fromEnv({ SETTLEMENT_TIMEZONE: '+07:00' })).toThrow(/SETTLEMENT_TIMEZONE: must be an IANA time zone name/);
  });

  it('generates an admin token in development when none is configured', () => {
    const config = AppConfig.fromEnv({});
    expect(config.adminApiTokenGenerated).toBe(true);
    expect(config.adminApiToken).toMatch(/^adm_[0-9a-f]{48}$/);
  });

  it('requires ADMIN_API_TOKEN in production', () => {
    expect(() => AppConfig.fromEnv({ NODE_ENV: 'production' })).toThrow(
      /ADMIN_API_TOKEN: is required when NODE_ENV=production/,
    );
    const config = AppConfig.fromEnv({ NODE_ENV: 'production', ADMIN_API_TOKEN: 'x'.repeat(32) });
    expect(config.adminApiTokenGenerated).toBe(false);
    expect(config.demoMerchant).toBe(false);
  });

  it('names every bad variable with the value it got', () => {
    let error: InvalidConfigError | undefined;
    try {
      AppConfig.fromEnv({ PORT: 'abc', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', VA_BCA_ENABLED: 'yes' });
    } catch (e) {
      error = e as InvalidConfigError;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    const text = error!.problems.join('\n');
    expect(text).toContain('PORT: must be a port number (got "abc")');
    expect(text).toMatch(/LOG_LEVEL: .* \(got "loud"\)/);
    expect(text).toContain('DATABASE_URL: must be a postgres:// or postgresql:// URL (got "mysql://x")');
    expect(text).toContain('VA_BCA_ENABLED: must be true or false (got "yes")');
  });

  it('parses the callback retry schedule and rejects a malformed one', () => {
    expect(AppConfig.fromEnv({}).callbacks.retryScheduleSeconds).toEqual([0, 5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(AppConfig.fromEnv({ CALLBACK_RETRY_SCHEDULE: '0, 0.5,2' }).callbacks.retryScheduleSeconds).toEqual([0, 0.5, 2]);
    expect(() => AppConfig.fromEnv({ CALLBACK_RETRY_SCHEDULE: '0,soon' })).toThrow(/CALLBACK_RETRY_SCHEDULE: must be a comma-separated/);
  });

  it('rejects an admin token that is too short to be a secret', () => {
    expect(() => AppConfig.fromEnv({ ADMIN_API_TOKEN: 'short' })).toThrow(/ADMIN_API_TOKEN: must be at least 32/);
  });

  it('runs migrations at boot unless MIGRATIONS_RUN=false', () => {
    expect(AppConfig.fromEnv({}).migrationsRun).toBe(true);
    expect(AppConfig.fromEnv({ MIGRATIONS_RUN: 'false' }).migrationsRun).toBe(false);
    expect(() => AppConfig.fromEnv({ MIGRATIONS_RUN: 'no' })).toThrow(/MIGRATIONS_RUN: must be true or false \(got "no"\)/);
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(AppConfig.fromEnv({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });

  it('reads the body and rate limits, with documented defaults', () => {
    const defaults = AppConfig.fromEnv({});
    expect(defaults.http).toEqual({ trustProxy: false, bodyLimitBytes: 1_048_576, unauthenticatedBodyLimitBytes: 16_384, maxBodyFields: 10_000 });
    expect(defaults.rateLimits).toEqual({ windowSeconds: 60, perKey: 1_200, perIp: 300 });
    expect(() => AppConfig.fromEnv({ BODY_LIMIT_BYTES: '4096', BODY_LIMIT_UNAUTHENTICATED_BYTES: '8192' })).toThrow(
      /BODY_LIMIT_UNAUTHENTICATED_BYTES: must not exceed BODY_LIMIT_BYTES/,
    );
    expect(() => AppConfig.fromEnv({ RATE_LIMIT_PER_KEY: '0' })).toThrow(/RATE_LIMIT_PER_KEY/);
  });

  it('reads the dashboard session lifetimes and sign-in limits, with documented defaults', () => {
    expect(AppConfig.fromEnv({}).dashboard).toEqual({
      sessionIdleSeconds: 43_200,
      sessionAbsoluteSeconds: 604_800,
      secureCookies: false,
      signInWindowSeconds: 900,
      signInAttemptsPerEmail: 10,
      signInAttemptsPerIp: 50,
    });
    expect(() => AppConfig.fromEnv({ SESSION_IDLE_TIMEOUT_SECONDS: '7200', SESSION_ABSOLUTE_TIMEOUT_SECONDS: '3600' })).toThrow(
      /SESSION_IDLE_TIMEOUT_SECONDS: must not exceed SESSION_ABSOLUTE_TIMEOUT_SECONDS/,
    );
    expect(() => AppConfig.fromEnv({ SIGN_IN_ATTEMPTS_PER_EMAIL: '0' })).toThrow(/SIGN_IN_ATTEMPTS_PER_EMAIL/);
  });

  it('marks the session cookie Secure everywhere but on a plain-http localhost', () => {
    const secure = (url?: string) => AppConfig.fromEnv(url ? { PUBLIC_BASE_URL: url } : {}).dashboard.secureCookies;
    expect(secure()).toBe(false);
    expect(secure('http://localhost:8080')).toBe(false);
    expect(secure('http://127.0.0.1:3000')).toBe(false);
    expect(secure('https://localhost')).toBe(true);
    expect(secure('https://pay.example.com')).toBe(true);
    expect(secure('http://pay.example.com')).toBe(true);
  });

  it('parses TRUST_PROXY as hops or proxy addresses, and refuses to trust everyone', () => {
    expect(AppConfig.fromEnv({ TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
    expect(AppConfig.fromEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8, 2001:db8::1' }).http.trustProxy).toEqual(['loopback', '10.0.0.0/8', '2001:db8::1']);
    expect(() => AppConfig.fromEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: must be false, a number of proxy hops, or proxy addresses/);
    expect(() => AppConfig.fromEnv({ TRUST_PROXY: '10.0.0.0/99' })).toThrow(/TRUST_PROXY/);
  });
});
