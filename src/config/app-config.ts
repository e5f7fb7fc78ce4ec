import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { envSchema } from './config.schema';

export type DuitkuTransferType = 'ONLINE' | 'LLG' | 'RTGS' | 'H2H' | 'BIFAST';

export interface ProvidersConfig {
  xendit: { baseUrl: string; secretKey: string; callbackToken: string } | null;
  /** Only the webhook token, so Xendit callbacks can be verified even before the key is set. */
  xenditCallbackToken: string | null;
  duitku: {
    baseUrl: string;
    sandbox: boolean;
    userId: number;
    email: string;
    secretKey: string;
    transferType: DuitkuTransferType;
    rtgsMinAmount: number;
  } | null;
  /** Disbursement providers in failover order, by their registered names (configured ones only are used). */
  disbursementOrder: string[];
  timeoutMs: number;
  workerEnabled: boolean;
  pollIntervalMs: number;
  /** Delays in seconds between status checks of a payout in doubt; the last one repeats. */
  statusPollScheduleSeconds: number[];
  /** How long Xendit must keep saying "not found" after an ambiguous create before it is sent again. */
  xenditResendAfterSeconds: number;
  /** A payout sent this long ago and still unresolved is raised to operators (payout.in_doubt). */
  inDoubtAlertSeconds: number;
}

/**
 * A development server on this machine over plain http, where a Secure cookie would never be
 * sent back (browsers treat http://localhost as secure, but not every client does).
 */
function isPlainLocalhost(baseUrl: string): boolean {
  const url = new URL(baseUrl);
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

export class InvalidConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Typed, validated settings. Built once from the environment; injected everywhere. */
export class AppConfig {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly publicBaseUrl: string;
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  /** Whether boot applies pending migrations (MIGRATIONS_RUN); when false, readiness waits for another step to apply them. */
  readonly migrationsRun: boolean;
  readonly dataDir: string;
  readonly embeddedPostgresPort: number;
  readonly adminApiToken: string;
  /** True when no ADMIN_API_TOKEN was configured and one was generated for this process. */
  readonly adminApiTokenGenerated: boolean;
  readonly logLevel: string;
  readonly http: {
    /** Express "trust proxy": which X-Forwarded-For hops decide the client address. */
    trustProxy: false | number | string[];
    /** Body cap once a credential was checked (API key, operator token, provider token). */
    bodyLimitBytes: number;
    /** Body cap of endpoints that authenticate no one before reading it (Duitku's signed callback). */
    unauthenticatedBodyLimitBytes: number;
    maxBodyFields: number;
  };
  /** Production money actions of at least this many rupiah need a second operator (0: all of them). */
  readonly fourEyesMinAmount: number;
  /** How long an accepted API key is remembered (0: never); a revoked key may work this long on other instances. */
  readonly apiKeyCacheSeconds: number;
  readonly rateLimits: {
    windowSeconds: number;
    /** Requests per API key per window. */
    perKey: number;
    /** Requests per client address per window that prove no credential (failed or none). */
    perIp: number;
  };
  /** Dashboard sessions and sign-in throttling (README "Dashboard"). */
  readonly dashboard: {
    /** A session unused this long ends. */
    sessionIdleSeconds: number;
    /** A session ends this long after sign-in, used or not. */
    sessionAbsoluteSeconds: number;
    /** Whether the session cookie is marked Secure: always, except on a plain-http localhost PUBLIC_BASE_URL. */
    secureCookies: boolean;
    signInWindowSeconds: number;
    /** Sign-in attempts per email per window (successful ones are given back). */
    signInAttemptsPerEmail: number;
    /** Sign-in and sign-up attempts per client address per window (successful sign-ins are given back). */
    signInAttemptsPerIp: number;
  };
  readonly demoMerchant: boolean;
  readonly vaBcaEnabled: boolean;
  readonly vaAccountNamePrefix: string;
  readonly sandbox: {
    unpaidSeconds: number;
    pendingSeconds: number;
    disbursementSeconds: number;
    workerEnabled: boolean;
    pollIntervalMs: number;
  };
  readonly settlement: {
    cron: string;
    timezone: string;
    /** HH:mm in SETTLEMENT_TIMEZONE: payments received before it settle that day. */
    cutoff: string;
    batchSize: number;
    schedulerEnabled: boolean;
  };
  readonly callbacks: {
    workerEnabled: boolean;
    concurrency: number;
    maxInFlightPerMerchant: number;
    timeoutMs: number;
    pollIntervalMs: number;
    /** Delay in seconds before attempt 1, 2, …; its length is the number of attempts. */
    retryScheduleSeconds: number[];
    allowPrivateUrls: boolean;
  };

  /** Upstream providers; an adapter is null until its credentials are configured. */
  readonly providers: ProvidersConfig;

  private constructor(values: Omit<AppConfig, 'isProduction'>) {
    Object.assign(this, values);
  }

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }

  static fromEnv(source: NodeJS.ProcessEnv = process.env): AppConfig {
    const parsed = envSchema.safeParse(source);
    if (!parsed.success) {
      throw new InvalidConfigError(
        parsed.error.issues.map((issue) => {
          const name = issue.path.join('.');
          const raw = source[name];
          return `${name}: ${issue.message}${raw === undefined ? '' : ` (got ${JSON.stringify(raw)})`}`;
        }),
      );
    }
    const env = parsed.data;
    return new AppConfig({
      nodeEnv: env.NODE_ENV,
      port: env.PORT,
      host: env.HOST,
      publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
      databaseUrl: env.DATABASE_URL,
      databasePoolSize: env.DATABASE_POOL_SIZE,
      migrationsRun: env.MIGRATIONS_RUN,
      dataDir: path.resolve(env.DATA_DIR),
      embeddedPostgresPort: env.EMBEDDED_POSTGRES_PORT,
      adminApiToken: env.ADMIN_API_TOKEN ?? `adm_${randomBytes(24).toString('hex')}`,
      fourEyesMinAmount: env.FOUR_EYES_MIN_AMOUNT,
      adminApiTokenGenerated: env.ADMIN_API_TOKEN === undefined,
      logLevel: env.LOG_LEVEL,
      http: {
        trustProxy: env.TRUST_PROXY,
        bodyLimitBytes: env.BODY_LIMIT_BYTES,
        unauthenticatedBodyLimitBytes: env.BODY_LIMIT_UNAUTHENTICATED_BYTES,
        maxBodyFields: env.BODY_MAX_FIELDS,
      },
      rateLimits: { windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS, perKey: env.RATE_LIMIT_PER_KEY, perIp: env.RATE_LIMIT_PER_IP },
      apiKeyCacheSeconds: env.API_KEY_CACHE_SECONDS,
      dashboard: {
        sessionIdleSeconds: env.SESSION_IDLE_TIMEOUT_SECONDS,
        sessionAbsoluteSeconds: env.SESSION_ABSOLUTE_TIMEOUT_SECONDS,
        secureCookies: !isPlainLocalhost(env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`),
        signInWindowSeconds: env.SIGN_IN_WINDOW_SECONDS,
        signInAttemptsPerEmail: env.SIGN_IN_ATTEMPTS_PER_EMAIL,
        signInAttemptsPerIp: env.SIGN_IN_ATTEMPTS_PER_IP,
      },
      demoMerchant: env.DEMO_MERCHANT ?? env.NODE_ENV !== 'production',
      vaBcaEnabled: env.VA_BCA_ENABLED,
      vaAccountNamePrefix: env.VA_ACCOUNT_NAME_PREFIX,
      sandbox: {
        unpaidSeconds: env.SANDBOX_UNPAID_SECONDS,
        pendingSeconds: env.SANDBOX_PENDING_SECONDS,
        disbursementSeconds: env.SANDBOX_DISBURSEMENT_SECONDS,
        workerEnabled: env.SANDBOX_WORKER_ENABLED,
        pollIntervalMs: env.SANDBOX_POLL_INTERVAL_MS,
      },
      settlement: {
        cron: env.SETTLEMENT_CRON,
        timezone: env.SETTLEMENT_TIMEZONE,
        cutoff: env.SETTLEMENT_CUTOFF,
        batchSize: env.SETTLEMENT_BATCH_SIZE,
        schedulerEnabled: env.SETTLEMENT_SCHEDULER_ENABLED,
      },
      providers: {
        xendit:
          env.XENDIT_SECRET_KEY && env.XENDIT_CALLBACK_TOKEN
            ? { baseUrl: env.XENDIT_BASE_URL.replace(/\/+$/, ''), secretKey: env.XENDIT_SECRET_KEY, callbackToken: env.XENDIT_CALLBACK_TOKEN }
            : null,
        xenditCallbackToken: env.XENDIT_CALLBACK_TOKEN ?? null,
        duitku:
          env.DUITKU_USER_ID !== undefined && env.DUITKU_EMAIL && env.DUITKU_SECRET_KEY
            ? {
                baseUrl: env.DUITKU_BASE_URL.replace(/\/+$/, ''),
                sandbox: env.DUITKU_ENVIRONMENT === 'sandbox',
                userId: env.DUITKU_USER_ID,
                email: env.DUITKU_EMAIL,
                secretKey: env.DUITKU_SECRET_KEY,
                transferType: env.DUITKU_TRANSFER_TYPE,
                rtgsMinAmount: env.DUITKU_RTGS_MIN_AMOUNT,
              }
            : null,
        disbursementOrder: env.DISBURSEMENT_PROVIDERS,
        timeoutMs: env.PROVIDER_TIMEOUT_MS,
        workerEnabled: env.PROVIDER_WORKER_ENABLED,
        pollIntervalMs: env.PROVIDER_POLL_INTERVAL_MS,
        statusPollScheduleSeconds: env.PROVIDER_STATUS_POLL_SCHEDULE,
        xenditResendAfterSeconds: env.XENDIT_RESEND_AFTER_SECONDS,
        inDoubtAlertSeconds: env.PAYOUT_IN_DOUBT_ALERT_SECONDS,
      },
      callbacks: {
        workerEnabled: env.CALLBACK_WORKER_ENABLED,
        concurrency: env.CALLBACK_CONCURRENCY,
        maxInFlightPerMerchant: env.CALLBACK_MAX_IN_FLIGHT_PER_MERCHANT,
        timeoutMs: env.CALLBACK_TIMEOUT_MS,
        pollIntervalMs: env.CALLBACK_POLL_INTERVAL_MS,
        retryScheduleSeconds: env.CALLBACK_RETRY_SCHEDULE,
        allowPrivateUrls: env.CALLBACK_ALLOW_PRIVATE_URLS,
      },
    });
  }
}
