import ipaddr from 'ipaddr.js';
import { IANAZone } from 'luxon';
import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1');

const optionalNonEmpty = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

const port = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .default(fallback);

const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * Express's "trust proxy": off, a number of proxy hops, or the proxies' addresses / CIDR
 * ranges. `true` (trust any X-Forwarded-For) is refused: every client could pick its address.
 */
const trustProxy = z
  .string()
  .default('false')
  .transform((value, ctx) => {
    const text = value.trim();
    if (text === '' || text === 'false') return false;
    if (/^\d+$/.test(text)) return Number(text);
    const entries = text.split(',').map((entry) => entry.trim());
    const bad = entries.find((entry) => !PROXY_RANGE_NAMES.includes(entry) && !ipaddr.isValid(entry) && !ipaddr.isValidCIDR(entry));
    if (bad === undefined) return entries;
    ctx.addIssue({ code: 'custom', message: `must be false, a number of proxy hops, or proxy addresses / CIDR ranges (not ${JSON.stringify(bad)})` });
    return z.NEVER;
  });

const count = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/**
 * Every environment variable Palladium reads. Parsed once at boot (config/app-config.ts);
 * README "Configuration" lists the same names.
 */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: port(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    PUBLIC_BASE_URL: optionalNonEmpty.pipe(z.url({ message: 'must be an absolute URL' }).optional()),
    DATABASE_URL: optionalNonEmpty.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
        .optional(),
    ),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    // false: a deployment that applies migrations as a step of its own (`node dist/src/migrate.js`).
    MIGRATIONS_RUN: booleanFlag.default(true),
    DATA_DIR: z.string().min(1).default('./.data'),
    EMBEDDED_POSTGRES_PORT: port(54320),
    ADMIN_API_TOKEN: optionalNonEmpty.pipe(
      z.string().min(32, 'must be at least 32 characters long').optional(),
    ),
    FOUR_EYES_MIN_AMOUNT: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TRUST_PROXY: trustProxy,
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(1024 * 1024),
    BODY_LIMIT_UNAUTHENTICATED_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(16 * 1024),
    BODY_MAX_FIELDS: count(1_000_000, 10_000),
    RATE_LIMIT_WINDOW_SECONDS: count(86_400, 60),
    RATE_LIMIT_PER_KEY: count(1_000_000_000, 1_200),
    RATE_LIMIT_PER_IP: count(1_000_000_000, 300),
    API_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(5),
    // Dashboard sessions (README "Dashboard"): idle and absolute lifetime, sign-in throttling.
    SESSION_IDLE_TIMEOUT_SECONDS: z.coerce.number().int().min(60).max(30 * 86_400).default(12 * 3_600),
    SESSION_ABSOLUTE_TIMEOUT_SECONDS: z.coerce.number().int().min(60).max(90 * 86_400).default(7 * 86_400),
    SIGN_IN_WINDOW_SECONDS: count(86_400, 900),
    SIGN_IN_ATTEMPTS_PER_EMAIL: count(1_000_000_000, 10),
    SIGN_IN_ATTEMPTS_PER_IP: count(1_000_000_000, 50),
    DEMO_MERCHANT: booleanFlag.optional(),
    VA_BCA_ENABLED: booleanFlag.default(false),
    CALLBACK_WORKER_ENABLED: booleanFlag.default(true),
    CALLBACK_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(64),
    CALLBACK_MAX_IN_FLIGHT_PER_MERCHANT: z.coerce.number().int().min(1).max(500).default(4),
    CALLBACK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    CALLBACK_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
    CALLBACK_RETRY_SCHEDULE: z
      .string()
      .default('0,5,300,1800,7200,18000,36000,36000')
      .transform((value) => value.split(',').map((part) => Number(part.trim())))
      .refine((delays) => delays.length >= 1 && delays.every((d) => Number.isFinite(d) && d >= 0), {
        message: 'must be a comma-separated list of delays in seconds, e.g. 0,5,300',
      }),
    CALLBACK_ALLOW_PRIVATE_URLS: booleanFlag.default(false),
    VA_ACCOUNT_NAME_PREFIX: z.string().max(20).default('XDT-'),
    SANDBOX_UNPAID_SECONDS: z.coerce.number().min(0).max(86_400).default(60),
    SANDBOX_PENDING_SECONDS: z.coerce.number().min(0).max(86_400).default(300),
    SANDBOX_DISBURSEMENT_SECONDS: z.coerce.number().min(0).max(86_400).default(60),
    SANDBOX_WORKER_ENABLED: booleanFlag.default(true),
    SANDBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
    SETTLEMENT_CRON: z.string().min(9).default('0 14 * * *'),
    // Any IANA zone: cutoffs follow its daylight saving (see zonedInstant in src/common/jakarta-time.ts).
    SETTLEMENT_TIMEZONE: z
      .string()
      .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone name such as Asia/Jakarta or America/New_York (not an offset like +07:00)')
      .default('Asia/Jakarta'),
    SETTLEMENT_CUTOFF: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm')
      .default('14:00'),
    SETTLEMENT_BATCH_SIZE: z.coerce.number().int().min(1).max(50_000).default(1_000),
    SETTLEMENT_SCHEDULER_ENABLED: booleanFlag.default(true),
    XENDIT_BASE_URL: z.url({ message: 'must be an absolute URL' }).default('https://api.xendit.co'),
    XENDIT_SECRET_KEY: optionalNonEmpty,
    XENDIT_CALLBACK_TOKEN: optionalNonEmpty.pipe(z.string().min(16, 'must be at least 16 characters long').optional()),
    DUITKU_BASE_URL: z.url({ message: 'must be an absolute URL' }).default('https://passport.duitku.com'),
    DUITKU_ENVIRONMENT: z.enum(['production', 'sandbox']).default('production'),
    DUITKU_USER_ID: optionalNonEmpty.pipe(z.string().regex(/^[0-9]{1,12}$/, 'must be a number').transform(Number).optional()),
    DUITKU_EMAIL: optionalNonEmpty,
    DUITKU_SECRET_KEY: optionalNonEmpty,
    DUITKU_TRANSFER_TYPE: z.enum(['ONLINE', 'LLG', 'RTGS', 'H2H', 'BIFAST']).default('ONLINE'),
    DUITKU_RTGS_MIN_AMOUNT: z.coerce.number().int().min(100_000_000, 'must be at least 100000000 (the RTGS minimum)').default(100_000_000),
    DISBURSEMENT_PROVIDERS: z
      .string()
      .default('duitku,xendit')
      .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
      .pipe(z.array(z.enum(['duitku', 'xendit'], { message: 'must list duitku and/or xendit' })).min(1)),
    PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
    PROVIDER_WORKER_ENABLED: booleanFlag.default(true),
    PROVIDER_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
    // Xendit's SERVER_ERROR recovery: "retry the disbursement request in 1-2 hours".
    XENDIT_RESEND_AFTER_SECONDS: z.coerce.number().int().min(0).max(86_400).default(3_600),
    PAYOUT_IN_DOUBT_ALERT_SECONDS: z.coerce.number().int().min(1).max(7 * 86_400).default(3_600),
    PROVIDER_STATUS_POLL_SCHEDULE: z
      .string()
      .default('10,30,60,300,900,3600')
      .transform((value) => value.split(',').map((part) => Number(part.trim())))
      .refine((delays) => delays.length >= 1 && delays.every((d) => Number.isFinite(d) && d >= 0), {
        message: 'must be a comma-separated list of delays in seconds, e.g. 10,30,60',
      }),
  })
  .superRefine((env, ctx) => {
    if (env.SESSION_IDLE_TIMEOUT_SECONDS > env.SESSION_ABSOLUTE_TIMEOUT_SECONDS) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_IDLE_TIMEOUT_SECONDS'], message: 'must not exceed SESSION_ABSOLUTE_TIMEOUT_SECONDS' });
    }
    if (env.BODY_LIMIT_UNAUTHENTICATED_BYTES > env.BODY_LIMIT_BYTES) {
      ctx.addIssue({ code: 'custom', path: ['BODY_LIMIT_UNAUTHENTICATED_BYTES'], message: 'must not exceed BODY_LIMIT_BYTES' });
    }
    const duitku = [env.DUITKU_USER_ID, env.DUITKU_EMAIL, env.DUITKU_SECRET_KEY];
    if (duitku.some((v) => v !== undefined) && duitku.some((v) => v === undefined)) {
      for (const name of ['DUITKU_USER_ID', 'DUITKU_EMAIL', 'DUITKU_SECRET_KEY'] as const) {
        if (env[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: 'is required with the other DUITKU_* credentials' });
      }
    }
    if (env.XENDIT_SECRET_KEY && !env.XENDIT_CALLBACK_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['XENDIT_CALLBACK_TOKEN'], message: 'is required with XENDIT_SECRET_KEY (it verifies Xendit webhooks)' });
    }
    if (env.NODE_ENV === 'production' && !env.ADMIN_API_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['ADMIN_API_TOKEN'],
        message: 'is required when NODE_ENV=production',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;
