// The one place that reads the environment. Every option is declared once in OPTIONS with its
// parser; an invalid value stops the start with one line naming the variable, and secrets may
// come from `<NAME>_FILE` (Docker/Kubernetes secrets) instead of the variable itself.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface GatewayConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  /**
   * GATEWAY_RUN_MIGRATIONS: whether a start migrates a PostgreSQL database (off by default:
   * replicas share it, `npm run migrate` does it once; README.md "Migrations"). SQLite always
   * migrates at start.
   */
  readonly runMigrations: boolean;
  readonly adminUser: string;
  readonly adminPassword: string | null;
  readonly adminAccessKey: string | null;
  readonly logLevel: LogLevel;
  readonly bodyLimitBytes: number;
  /**
   * CommerceML (gateway/commerceml/README.md §1.3): file_limit advertised at init, and the cap of
   * one session's work folder.
   */
  readonly cmlFileLimitBytes: number;
  readonly cmlFolderCapBytes: number;
  /** How long one mode=import call waits for the run before answering `progress`. */
  readonly cmlImportWaitMs: number;
  /** How long a CommerceML exchange session lives: idle, and at most (vtiger's webservice values). */
  readonly cmlSessionIdleMinutes: number;
  readonly cmlSessionHours: number;
  readonly outboundAllowHosts: readonly string[];
  readonly outboundTimeoutMs: number;
  readonly outboundMaxBytes: number;
  readonly jobsEnabled: boolean;
  readonly jobsPollMs: number;
  readonly shutdownTimeoutMs: number;
  /** After SIGTERM, how long /readyz answers 503 while requests are still served, so a load
   *  balancer's health checks take the replica out before it stops listening (README.md
   *  "Several replicas"). */
  readonly shutdownDrainMs: number;
  /** How long a job claim lasts without a heartbeat: a replica killed mid-job leaves its job
   *  to another replica once it runs out (store/jobs/worker.ts). */
  readonly jobsLeaseMs: number;
  readonly trustProxy: boolean;
  readonly sqliteBusyTimeoutMs: number;
  readonly consoleIdleMinutes: number;
  readonly consoleSessionHours: number;
  readonly loginMaxFailures: number;
  readonly loginLockMinutes: number;
  /** Slowdown of a user name under failures from many addresses (README.md "Login lockout"). */
  readonly loginAddressMaxFailures: number;
  readonly loginDelayMs: number;
  readonly loginMaxDelayMs: number;
  readonly loginTrustedDays: number;
  /** Row cap of VTQL queries on /webservice.php (vtiger's 100) and on /restapi/v1/vtews (vtenext's 1000). */
  readonly restMaxRows: number;
  readonly vtenextMaxRows: number;
  /** VTQL beyond vtiger: parentheses, NOT, IS [NOT] NULL, <>, NOT IN, ''. */
  readonly restVtqlExtensions: boolean;
  /** vtiger's exact answers where they tell which user names exist (getchallenge, login). */
  readonly vtigerStrictCompat: boolean;
  /** Unknown fields in a webservice element are refused by name (vtiger ignores them). */
  readonly wsStrictFields: boolean;
  readonly wsStrictValues: boolean;
  /** The installation's currency (ISO 4217), created as the base currency 21x1 on first start. */
  readonly baseCurrency: string;
  /** SalesOrder lines lower their products' qtyinstock (store/records/inventory-stock.ts). */
  readonly salesOrderLowersStock: boolean;
  /** Webforms (gateway/webforms/README.md §4): the public base URL sites post to, the HMAC
   *  secret of the ALTCHA challenges and fill-time tokens, defaults of new forms, and the upload
   *  limits. */
  readonly webformsBaseUrl: string | null;
  readonly webformsSecret: string | null;
  readonly webformsDailyCap: number;
  readonly webformsIpLimit: number;
  readonly webformsFormLimit: number;
  readonly webformsMaxFileBytes: number;
  readonly webformsMaxFiles: number;
  readonly webformsMaxFieldBytes: number;
  readonly webformsFileTypes: readonly string[];
  readonly webformsCaptchaCost: number;
  /**
   * RSS/Atom feeds (adapters/rss/README.md §5.2): fetch deadline, body cap, feeds at once,
   * defaults.
   */
  readonly feedTimeoutMs: number;
  readonly feedMaxBytes: number;
  readonly feedFetchConcurrency: number;
  readonly feedRefreshSeconds: number;
  readonly feedRetentionDays: number;
  /** OAuth2 authorization server (gateway/oauth/README.md §1): token lifetimes, the issuer
   *  identifier when the public URL differs from the request's origin (RFC 8414 §2), and the token
   *  endpoint's requests per minute per client and per address, and how far ahead of its issue a
   *  private_key_jwt client assertion may expire (RFC 7523 §3 leaves it to the server). */
  readonly oauthAccessTokenTtlSeconds: number;
  readonly oauthRefreshTokenTtlSeconds: number;
  readonly oauthIssuer: string | null;
  readonly oauthTokenRateLimit: number;
  readonly oauthAssertionMaxLifetimeSeconds: number;
  /** Key of the secrets stored at rest (CalDAV bridge link credentials, AES-256-GCM) as 64 hex digits; null =
   *  a key file generated in the data directory (refused with GATEWAY_DATABASE_URL: replicas must share it). */
  readonly secretKey: string | null;
}

type Env = Readonly<Record<string, string | undefined>>;

function raw(env: Env, name: string, secret = false): string | undefined {
  const fileVar = `${name}_FILE`;
  if (secret && env[fileVar]) {
    const file = env[fileVar] as string;
    try {
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw new ConfigError(fileVar, `cannot read ${file}: ${(err as Error).message}`);
    }
  }
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(name, `expected an integer, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new ConfigError(name, `expected ${min}..${max}, got ${n}`);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(name, `expected true or false, got "${value}"`);
}

const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

function logLevel(env: Env): LogLevel {
  const value = raw(env, 'GATEWAY_LOG_LEVEL') ?? 'info';
  const level = LOG_LEVELS.find((l) => l === value);
  if (!level)
    throw new ConfigError(
      'GATEWAY_LOG_LEVEL',
      `expected one of ${LOG_LEVELS.join(', ')}, got "${value}"`,
    );
  return level;
}

function databaseUrl(env: Env): string | null {
  const value = raw(env, 'GATEWAY_DATABASE_URL', true);
  if (value === undefined) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      'GATEWAY_DATABASE_URL',
      'not a URL (expected postgres://user:password@host:port/database)',
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(
      'GATEWAY_DATABASE_URL',
      `unsupported scheme "${url.protocol}" (only postgres:// is supported)`,
    );
  }
  return value;
}

function host(env: Env): string {
  const value = raw(env, 'GATEWAY_HOST') ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]+$/.test(value))
    throw new ConfigError('GATEWAY_HOST', `not a host name or address: "${value}"`);
  return value;
}

function baseCurrency(env: Env): string {
  const value = (raw(env, 'GATEWAY_BASE_CURRENCY') ?? 'USD').toUpperCase();
  if (!/^[A-Z]{3}$/.test(value))
    throw new ConfigError('GATEWAY_BASE_CURRENCY', `not an ISO 4217 code such as USD: "${value}"`);
  return value;
}

function adminUser(env: Env): string {
  const value = raw(env, 'GATEWAY_ADMIN_USER') ?? 'admin';
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(value)) {
    throw new ConfigError(
      'GATEWAY_ADMIN_USER',
      'use 1-64 letters, digits, dot, dash, underscore or @',
    );
  }
  return value;
}

function secret(env: Env, name: string, minLength: number): string | null {
  const value = raw(env, name, true);
  if (value === undefined) return null;
  if (value.length < minLength)
    throw new ConfigError(name, `must be at least ${minLength} characters`);
  return value;
}

function hostList(env: Env, name: string): readonly string[] {
  const value = raw(env, name);
  if (value === undefined) return [];
  return Object.freeze(
    value
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== ''),
  );
}

function webformsBaseUrl(env: Env): string | null {
  const value = raw(env, 'GATEWAY_WEBFORMS_BASE_URL');
  if (value === undefined) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('GATEWAY_WEBFORMS_BASE_URL', `not a URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError('GATEWAY_WEBFORMS_BASE_URL', 'expected an http(s) URL');
  return url.href.replace(/\/+$/, '');
}

/** RFC 8414 §2: the issuer is an https URL without query or fragment (http only on loopback, for tests). */
function oauthIssuer(env: Env): string | null {
  const value = raw(env, 'GATEWAY_OAUTH_ISSUER');
  if (value === undefined) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('GATEWAY_OAUTH_ISSUER', `not a URL: "${value}"`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new ConfigError('GATEWAY_OAUTH_ISSUER', 'expected an https URL');
  if (url.search || url.hash || value.includes('?') || value.includes('#'))
    throw new ConfigError('GATEWAY_OAUTH_ISSUER', 'must not have a query or fragment');
  return url.href.replace(/\/+$/, '');
}

/** 32 bytes given as 64 hex digits or base64 (`openssl rand -base64 32`); normalised to hex. */
function secretKey(env: Env): string | null {
  const value = raw(env, 'GATEWAY_SECRET_KEY', true)?.trim();
  if (value === undefined) return null;
  if (/^[0-9a-fA-F]{64}$/.test(value)) return value.toLowerCase();
  const bytes = /^[A-Za-z0-9+/_-]+={0,2}$/.test(value)
    ? Buffer.from(value, 'base64')
    : Buffer.alloc(0);
  if (bytes.length !== 32)
    throw new ConfigError(
      'GATEWAY_SECRET_KEY',
      'expected 32 bytes as 64 hex digits or base64 (openssl rand -base64 32)',
    );
  return bytes.toString('hex');
}

/** Reads and validates the configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): GatewayConfig {
  return Object.freeze({
    host: host(env),
    port: int(env, 'GATEWAY_PORT', 8080, 0, 65535),
    dataDir: path.resolve(cwd, raw(env, 'GATEWAY_DATA_DIR') ?? 'data'),
    databaseUrl: databaseUrl(env),
    runMigrations: bool(env, 'GATEWAY_RUN_MIGRATIONS', false),
    adminUser: adminUser(env),
    adminPassword: secret(env, 'GATEWAY_ADMIN_PASSWORD', 8),
    adminAccessKey: secret(env, 'GATEWAY_ADMIN_ACCESS_KEY', 16),
    logLevel: logLevel(env),
    bodyLimitBytes: int(env, 'GATEWAY_BODY_LIMIT_BYTES', 10 * 1024 * 1024, 1024, 2 ** 31),
    cmlFileLimitBytes: int(env, 'GATEWAY_CML_FILE_LIMIT_BYTES', 8 * 1024 * 1024, 1024, 2 ** 31),
    cmlImportWaitMs: int(env, 'GATEWAY_CML_IMPORT_WAIT_MS', 2000, 0, 60_000),
    cmlFolderCapBytes: int(env, 'GATEWAY_CML_FOLDER_CAP_BYTES', 2 * 1024 ** 3, 1024, 2 ** 40),
    cmlSessionIdleMinutes: int(env, 'GATEWAY_CML_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    cmlSessionHours: int(env, 'GATEWAY_CML_SESSION_HOURS', 24, 1, 24 * 30),
    outboundAllowHosts: hostList(env, 'GATEWAY_OUTBOUND_ALLOW_HOSTS'),
    outboundTimeoutMs: int(env, 'GATEWAY_OUTBOUND_TIMEOUT_MS', 30_000, 100, 3_600_000),
    outboundMaxBytes: int(env, 'GATEWAY_OUTBOUND_MAX_BYTES', 50 * 1024 * 1024, 1024, 2 ** 31),
    jobsEnabled: bool(env, 'GATEWAY_JOBS_ENABLED', true),
    jobsPollMs: int(env, 'GATEWAY_JOBS_POLL_MS', 1000, 10, 3_600_000),
    shutdownTimeoutMs: int(env, 'GATEWAY_SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    shutdownDrainMs: int(env, 'GATEWAY_SHUTDOWN_DRAIN_MS', 0, 0, 600_000),
    jobsLeaseMs: int(env, 'GATEWAY_JOBS_LEASE_MS', 60_000, 1000, 3_600_000),
    trustProxy: bool(env, 'GATEWAY_TRUST_PROXY', false),
    sqliteBusyTimeoutMs: int(env, 'GATEWAY_SQLITE_BUSY_TIMEOUT_MS', 5000, 0, 600_000),
    consoleIdleMinutes: int(env, 'GATEWAY_CONSOLE_IDLE_MINUTES', 30, 1, 24 * 60),
    consoleSessionHours: int(env, 'GATEWAY_CONSOLE_SESSION_HOURS', 12, 1, 24 * 30),
    loginMaxFailures: int(env, 'GATEWAY_LOGIN_MAX_FAILURES', 5, 1, 1000),
    loginLockMinutes: int(env, 'GATEWAY_LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
    loginAddressMaxFailures: int(env, 'GATEWAY_LOGIN_ADDRESS_MAX_FAILURES', 20, 1, 100_000),
    loginDelayMs: int(env, 'GATEWAY_LOGIN_DELAY_MS', 250, 0, 10_000),
    loginMaxDelayMs: int(env, 'GATEWAY_LOGIN_MAX_DELAY_MS', 4000, 0, 30_000),
    loginTrustedDays: int(env, 'GATEWAY_LOGIN_TRUSTED_DAYS', 30, 0, 365),
    restMaxRows: int(env, 'GATEWAY_REST_MAX_ROWS', 100, 1, 100_000),
    vtenextMaxRows: int(env, 'GATEWAY_VTENEXT_MAX_ROWS', 1000, 1, 100_000),
    restVtqlExtensions: bool(env, 'GATEWAY_REST_VTQL_EXTENSIONS', true),
    vtigerStrictCompat: bool(env, 'GATEWAY_VTIGER_STRICT_COMPAT', false),
    wsStrictFields: bool(env, 'GATEWAY_WS_STRICT_FIELDS', false),
    wsStrictValues: bool(env, 'GATEWAY_WS_STRICT_VALUES', false),
    baseCurrency: baseCurrency(env),
    salesOrderLowersStock: bool(env, 'GATEWAY_SALESORDER_STOCK', true),
    webformsBaseUrl: webformsBaseUrl(env),
    webformsSecret: secret(env, 'GATEWAY_WEBFORMS_SECRET', 32),
    webformsDailyCap: int(env, 'GATEWAY_WEBFORMS_DAILY_CAP', 500, 0, 1_000_000),
    webformsIpLimit: int(env, 'GATEWAY_WEBFORMS_IP_LIMIT', 10, 0, 100_000),
    webformsFormLimit: int(env, 'GATEWAY_WEBFORMS_FORM_LIMIT', 120, 0, 1_000_000),
    webformsMaxFileBytes: int(
      env,
      'GATEWAY_WEBFORMS_MAX_FILE_BYTES',
      5 * 1024 * 1024,
      1024,
      100 * 1024 * 1024,
    ),
    webformsMaxFiles: int(env, 'GATEWAY_WEBFORMS_MAX_FILES', 5, 0, 20),
    webformsMaxFieldBytes: int(
      env,
      'GATEWAY_WEBFORMS_MAX_FIELD_BYTES',
      256 * 1024,
      1024,
      10 * 1024 * 1024,
    ),
    webformsFileTypes: hostList(env, 'GATEWAY_WEBFORMS_FILE_TYPES').length
      ? hostList(env, 'GATEWAY_WEBFORMS_FILE_TYPES')
      : ['pdf', 'png', 'jpg', 'jpeg', 'gif', 'webp', 'txt', 'csv', 'docx', 'xlsx', 'odt'],
    webformsCaptchaCost: int(env, 'GATEWAY_WEBFORMS_CAPTCHA_COST', 5000, 1, 1_000_000),
    feedTimeoutMs: int(env, 'GATEWAY_FEED_TIMEOUT_MS', 20_000, 100, 600_000),
    feedMaxBytes: int(env, 'GATEWAY_FEED_MAX_BYTES', 5 * 1024 * 1024, 1024, 512 * 1024 * 1024),
    feedFetchConcurrency: int(env, 'GATEWAY_FEED_FETCH_CONCURRENCY', 4, 1, 64),
    feedRefreshSeconds: int(env, 'GATEWAY_FEED_REFRESH_SECONDS', 3600, 60, 86_400),
    feedRetentionDays: int(env, 'GATEWAY_FEED_RETENTION_DAYS', 60, 1, 36_500),
    oauthAccessTokenTtlSeconds: int(env, 'GATEWAY_OAUTH_ACCESS_TOKEN_TTL', 3600, 60, 86_400),
    oauthRefreshTokenTtlSeconds: int(
      env,
      'GATEWAY_OAUTH_REFRESH_TOKEN_TTL',
      14 * 86_400,
      3600,
      365 * 86_400,
    ),
    oauthIssuer: oauthIssuer(env),
    oauthTokenRateLimit: int(env, 'GATEWAY_OAUTH_TOKEN_RATE_LIMIT', 60, 1, 100_000),
    oauthAssertionMaxLifetimeSeconds: int(
      env,
      'GATEWAY_OAUTH_ASSERTION_MAX_LIFETIME',
      3600,
      60,
      86_400,
    ),
    secretKey: secretKey(env),
  });
}

/** Settings that work but are risky; main.ts logs each as a warning at start. */
export function unsafeSettings(config: GatewayConfig): string[] {
  const warnings: string[] = [];
  if (
    config.host !== '127.0.0.1' &&
    config.host !== 'localhost' &&
    config.host !== '::1' &&
    !config.trustProxy
  ) {
    warnings.push(
      `GATEWAY_HOST=${config.host} listens beyond loopback without a TLS proxy in front (GATEWAY_TRUST_PROXY)`,
    );
  }
  const loopbackAllowed = config.outboundAllowHosts.filter(
    (h) => h === 'localhost' || h.startsWith('127.') || h === '::1',
  );
  if (loopbackAllowed.length > 0) {
    warnings.push(
      `GATEWAY_OUTBOUND_ALLOW_HOSTS opens loopback hosts to outbound calls: ${loopbackAllowed.join(', ')}`,
    );
  }
  return warnings;
}
