/**
 * Configuration: the only module that reads `process.env`.
 *
 * `loadConfig()` parses the environment once with zod, freezes the result and
 * the composition root passes it down. Nothing else reads the environment.
 */
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v));

const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  // HTTP
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Public base URL used to build absolute links (signed local download URLs). */
  PUBLIC_BASE_URL: optionalString,
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  CORS_ORIGINS: csv,
  TRUST_PROXY: bool.default(false),
  /**
   * `serve` answers /metrics on this port (on HOST) instead of the public one, so an Ingress routing the
   * public port cannot expose it. Unset: /metrics is on the public port outside production, nowhere in it.
   */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Serve the API reference (/docs, /openapi.json). Default: on, except in production. */
  API_DOCS: bool.optional(),
  /** Concurrent task event streams (SSE) one owner may hold open per API process. */
  SSE_MAX_STREAMS_PER_OWNER: z.coerce.number().int().positive().default(8),

  // Per-owner quotas
  QUOTA_MAX_JOBS: z.coerce.number().int().positive().default(200),
  /** Uploads plus exported files, in bytes. */
  QUOTA_MAX_STORED_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024 * 1024),

  // Share links
  /** How long a share link lives when its maker does not say (days). */
  SHARE_LINK_DEFAULT_DAYS: z.coerce.number().int().positive().default(30),
  /** The longest life a share link may be given (days). */
  SHARE_LINK_MAX_DAYS: z.coerce.number().int().positive().default(90),
  /** Requests per minute one client address may make to the public share routes. */
  SHARE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(60),

  // Database
  /** PostgreSQL connection string. Unset: the embedded PGlite database under DATA_DIR. */
  DATABASE_URL: optionalString,
  DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
  /** Apply pending migrations when serve/worker start. Off where a migration Job runs them (Helm hook). */
  MIGRATE_ON_START: bool.default(true),
  /** Where the embedded database and the local blob store live. */
  DATA_DIR: z.string().default(".data"),

  // Authentication
  AUTH_MODE: z.enum(["dev", "jwt", "proxy"]).optional(),
  DEFAULT_OWNER_USER_ID: z.string().min(1).default("local-user"),
  JWT_JWKS_URL: optionalString,
  JWT_ISSUER: optionalString,
  JWT_AUDIENCE: optionalString,
  JWT_ALGORITHMS: csv.transform((a) => (a.length ? a : ["RS256"])),
  JWT_OWNER_CLAIM: z.string().default("sub"),
  /** Tokens issued longer ago, or valid for longer, than this are refused. */
  JWT_MAX_TOKEN_AGE_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .max(30 * 86_400)
    .default(86_400),
  PROXY_USER_HEADER: z.string().default("x-auth-request-user"),
  PROXY_SECRET_HEADER: z.string().default("x-auth-proxy-secret"),
  PROXY_SHARED_SECRET: optionalString,

  // Blob storage
  STORAGE_DRIVER: z.enum(["local", "azure"]).default("local"),
  /** Local store root; defaults to DATA_DIR/blobs. */
  STORAGE_LOCAL_DIR: optionalString,
  /** Signing keys for local signed URLs as `kid:secret,kid2:secret2`; the first signs. */
  STORAGE_SIGNING_KEYS: optionalString,
  SIGNED_URL_TTL_SECONDS: z.coerce.number().int().positive().max(86_400).default(900),
  /** The longest lifetime a signed link may have (requested or redeemed); at least SIGNED_URL_TTL_SECONDS. */
  SIGNED_URL_MAX_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .max(7 * 86_400)
    .default(3_600),
  /** Time budget of one blob storage operation (retries included); slower is reported as unavailable. */
  STORAGE_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().max(300_000).default(30_000),
  AZURE_STORAGE_ACCOUNT: optionalString,
  AZURE_STORAGE_CONTAINER: z.string().default("resume-agent"),
  /** Account key: service SAS. Unset: managed identity with user delegation SAS. */
  AZURE_STORAGE_ACCOUNT_KEY: optionalString,
  /** Override the blob endpoint (Azurite: http://127.0.0.1:10000/devstoreaccount1). */
  AZURE_STORAGE_ENDPOINT: optionalString,
  /** Allow http SAS URLs; only for the emulator. */
  AZURE_STORAGE_ALLOW_HTTP: bool.default(false),

  // Workers
  WORKER_CONCURRENCY: z.coerce.number().int().positive().max(64).default(2),
  WORKER_POLL_INTERVAL_MS: z.coerce.number().int().positive().default(1000),
  WORKER_LEASE_SECONDS: z.coerce.number().int().positive().default(30),
  WORKER_SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().nonnegative().default(25),
  /** `resume-agent worker` serves /metrics, /healthz and /readyz on this port (on HOST); unset: no listener. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),

  // Retention
  ARTIFACT_RETENTION_DAYS: z.coerce.number().int().positive().default(90),
  TASK_RETENTION_DAYS: z.coerce.number().int().positive().default(30),
  EVENT_RETENTION_DAYS: z.coerce.number().int().positive().default(365),
  ORPHAN_BLOB_GRACE_HOURS: z.coerce.number().int().positive().default(24),
  RETENTION_BATCH_SIZE: z.coerce.number().int().positive().max(10_000).default(500),
  /** Workers (`serve`, `worker`) queue one retention run per this many minutes between them; 0: only the CronJob. */
  RETENTION_INTERVAL_MINUTES: z.coerce
    .number()
    .int()
    .nonnegative()
    .max(7 * 24 * 60)
    .default(60),

  // Optimize (LLM engine is optional)
  OPTIMIZE_ENGINE: z.enum(["builtin", "llm"]).default("builtin"),
  LLM_BASE_URL: optionalString,
  LLM_API_KEY: optionalString,
  LLM_MODEL: optionalString,
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  /** Wire format: any OpenAI-compatible server, Azure OpenAI, or Anthropic's Messages API. */
  LLM_PROVIDER: z.enum(["openai", "azure", "anthropic"]).default("openai"),
  /** auto: JSON schema, else JSON mode, else plain text with extraction; or force one. */
  LLM_STRUCTURED_OUTPUT: z.enum(["auto", "json_schema", "json_object", "text"]).default("auto"),
  /** Azure OpenAI: `api-version` query value; the deployment is LLM_MODEL. */
  LLM_AZURE_API_VERSION: z.string().default("2024-10-21"),
  /** Azure OpenAI: `key` (LLM_API_KEY as api-key) or `entra` (a token from @azure/identity). */
  LLM_AZURE_AUTH: z.enum(["key", "entra"]).default("key"),
  /** Ask for server-sent events (long answers through proxies that cut idle connections). */
  LLM_STREAM: bool.default(false),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  /** Tokens (prompt + answer) one request may use. */
  LLM_MAX_TOKENS_PER_REQUEST: z.coerce.number().int().positive().default(16_000),
  /** Tokens one owner may use per UTC day; 0 = no limit. */
  LLM_DAILY_TOKEN_BUDGET: z.coerce.number().int().min(0).default(200_000),
  /** Hours the prompt and the raw answer stay on the task for audit. */
  LLM_AUDIT_RETENTION_HOURS: z.coerce.number().int().positive().default(72),

  // Rendering
  /** A TTF/OTF file used for characters the bundled fonts lack (e.g. CJK). */
  RENDER_FALLBACK_FONT: optionalString,

  // Observability
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalString,
  OTEL_SERVICE_NAME: z.string().default("resume-agent"),
});

export type Env = z.input<typeof envSchema>;

export type Config = Readonly<{
  env: "development" | "test" | "production";
  logLevel: z.output<typeof envSchema>["LOG_LEVEL"];
  http: Readonly<{
    host: string;
    port: number;
    publicBaseUrl: string | undefined;
    uploadMaxBytes: number;
    rateLimitPerMinute: number;
    corsOrigins: readonly string[];
    trustProxy: boolean;
    sseMaxStreamsPerOwner: number;
    /** Where /metrics is answered: a separate listener, the public port (development), or nowhere. */
    metrics: Readonly<{ port: number } | { port: undefined; onPublicPort: boolean }>;
    apiDocs: boolean;
  }>;
  quotas: Readonly<{ maxJobs: number; maxStoredBytes: number }>;
  shares: Readonly<{ defaultDays: number; maxDays: number; rateLimitPerMinute: number }>;
  database: Readonly<{
    url: string | undefined;
    poolMax: number;
    embeddedDir: string;
    migrateOnStart: boolean;
  }>;
  auth: Readonly<{
    mode: "dev" | "jwt" | "proxy";
    defaultOwnerUserId: string;
    jwt: Readonly<{
      jwksUrl: string | undefined;
      issuer: string | undefined;
      audience: string | undefined;
      algorithms: readonly string[];
      ownerClaim: string;
      maxTokenAgeSeconds: number;
    }>;
    proxy: Readonly<{ userHeader: string; secretHeader: string; sharedSecret: string | undefined }>;
  }>;
  storage: Readonly<{
    driver: "local" | "azure";
    localDir: string;
    /** Keys for local signed links; empty outside production means "use the key file". */
    signingKeys: readonly Readonly<{ kid: string; secret: string }>[];
    /** Where a development setup keeps its generated signing key (DATA_DIR/signing-key, mode 0600). */
    signingKeyFile: string;
    signedUrlTtlSeconds: number;
    signedUrlMaxTtlSeconds: number;
    requestTimeoutMs: number;
    azure: Readonly<{
      account: string | undefined;
      container: string;
      accountKey: string | undefined;
      endpoint: string | undefined;
      allowHttp: boolean;
    }>;
  }>;
  worker: Readonly<{
    concurrency: number;
    pollIntervalMs: number;
    leaseSeconds: number;
    shutdownGraceSeconds: number;
    metricsPort: number | undefined;
  }>;
  retention: Readonly<{
    artifactDays: number;
    taskDays: number;
    eventDays: number;
    orphanBlobGraceHours: number;
    batchSize: number;
    /** Minutes between retention runs the workers queue (0: none); absent in hand-built configs: 0. */
    intervalMinutes?: number;
  }>;
  optimize: Readonly<{
    engine: "builtin" | "llm";
    llm: Readonly<{
      provider: "openai" | "azure" | "anthropic";
      baseUrl: string | undefined;
      apiKey: string | undefined;
      model: string | undefined;
      timeoutMs: number;
      structuredOutput: "auto" | "json_schema" | "json_object" | "text";
      azureApiVersion: string;
      azureAuth: "key" | "entra";
      maxRetries: number;
      stream: boolean;
      maxTokensPerRequest: number;
      dailyTokenBudget: number;
      auditRetentionHours: number;
    }>;
  }>;
  render: Readonly<{ fallbackFont: string | undefined }>;
  otel: Readonly<{ endpoint: string | undefined; serviceName: string }>;
}>;

/** A configuration problem found at start-up; the process should exit with the message. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Hosts that only this machine can reach. */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "::1", "localhost", "[::1]"]);

function parseSigningKeys(raw: string | undefined): { kid: string; secret: string }[] {
  if (!raw) return [];
  return raw.split(",").map((pair) => {
    const i = pair.indexOf(":");
    const kid = pair.slice(0, i).trim();
    const secret = pair.slice(i + 1).trim();
    if (i <= 0 || !/^[A-Za-z0-9_-]{1,32}$/.test(kid) || secret.length < 32) {
      throw new ConfigError(
        "STORAGE_SIGNING_KEYS must be `kid:secret` pairs (kid: 1-32 of [A-Za-z0-9_-], secret: at least 32 characters)",
      );
    }
    return { kid, secret };
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Parse and validate the environment. Throws `ConfigError` listing every invalid variable.
 *
 * @example const config = loadConfig(); // in the composition root only
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  // Header identity (dev) only when chosen explicitly, or by default on a loopback-only listener: an
  // unset NODE_ENV on a reachable address must not hand out identities to whoever sends a header.
  const loopbackOnly = LOOPBACK_HOSTS.has(e.HOST.toLowerCase());
  const authMode = e.AUTH_MODE ?? (!production && loopbackOnly ? "dev" : undefined);
  if (!authMode) {
    throw new ConfigError(
      production
        ? "AUTH_MODE must be set to jwt or proxy when NODE_ENV=production"
        : `AUTH_MODE must be set when listening on ${e.HOST} (not only this machine): jwt or proxy, or dev explicitly for a trusted network`,
    );
  }
  if (production && authMode === "dev") {
    throw new ConfigError(
      "AUTH_MODE=dev trusts a request header for identity and refuses to run in production",
    );
  }
  if (authMode === "jwt" && (!e.JWT_JWKS_URL || !e.JWT_ISSUER || !e.JWT_AUDIENCE)) {
    throw new ConfigError("AUTH_MODE=jwt needs JWT_JWKS_URL, JWT_ISSUER and JWT_AUDIENCE");
  }
  if (authMode === "proxy" && (!e.PROXY_SHARED_SECRET || e.PROXY_SHARED_SECRET.length < 32)) {
    throw new ConfigError("AUTH_MODE=proxy needs PROXY_SHARED_SECRET of at least 32 characters");
  }
  const signingKeys = parseSigningKeys(e.STORAGE_SIGNING_KEYS);
  if (signingKeys.length === 0 && production && e.STORAGE_DRIVER === "local") {
    // Outside production the local store generates a private key file instead; no key is ever built in.
    throw new ConfigError(
      "STORAGE_SIGNING_KEYS is required in production with the local store: download links are signed with it",
    );
  }
  if (e.SIGNED_URL_MAX_TTL_SECONDS < e.SIGNED_URL_TTL_SECONDS) {
    throw new ConfigError("SIGNED_URL_MAX_TTL_SECONDS must be at least SIGNED_URL_TTL_SECONDS");
  }
  if (e.STORAGE_DRIVER === "azure" && !e.AZURE_STORAGE_ACCOUNT && !e.AZURE_STORAGE_ENDPOINT) {
    throw new ConfigError("STORAGE_DRIVER=azure needs AZURE_STORAGE_ACCOUNT (or AZURE_STORAGE_ENDPOINT)");
  }
  if (production && e.AZURE_STORAGE_ALLOW_HTTP) {
    throw new ConfigError("AZURE_STORAGE_ALLOW_HTTP is for the storage emulator and refused in production");
  }
  if (e.OPTIMIZE_ENGINE === "llm" && ((!e.LLM_BASE_URL && e.LLM_PROVIDER !== "anthropic") || !e.LLM_MODEL)) {
    throw new ConfigError("OPTIMIZE_ENGINE=llm needs LLM_BASE_URL and LLM_MODEL");
  }

  const config: Config = {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    http: {
      host: e.HOST,
      port: e.PORT,
      publicBaseUrl: e.PUBLIC_BASE_URL,
      uploadMaxBytes: e.UPLOAD_MAX_BYTES,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      corsOrigins: e.CORS_ORIGINS,
      trustProxy: e.TRUST_PROXY,
      sseMaxStreamsPerOwner: e.SSE_MAX_STREAMS_PER_OWNER,
      metrics:
        e.METRICS_PORT !== undefined
          ? { port: e.METRICS_PORT }
          : { port: undefined, onPublicPort: !production },
      apiDocs: e.API_DOCS ?? !production,
    },
    quotas: { maxJobs: e.QUOTA_MAX_JOBS, maxStoredBytes: e.QUOTA_MAX_STORED_BYTES },
    shares: {
      defaultDays: Math.min(e.SHARE_LINK_DEFAULT_DAYS, e.SHARE_LINK_MAX_DAYS),
      maxDays: e.SHARE_LINK_MAX_DAYS,
      rateLimitPerMinute: e.SHARE_RATE_LIMIT_PER_MINUTE,
    },
    database: {
      url: e.DATABASE_URL,
      poolMax: e.DATABASE_POOL_MAX,
      embeddedDir: `${e.DATA_DIR}/pglite`,
      migrateOnStart: e.MIGRATE_ON_START,
    },
    auth: {
      mode: authMode,
      defaultOwnerUserId: e.DEFAULT_OWNER_USER_ID,
      jwt: {
        jwksUrl: e.JWT_JWKS_URL,
        issuer: e.JWT_ISSUER,
        audience: e.JWT_AUDIENCE,
        algorithms: e.JWT_ALGORITHMS,
        ownerClaim: e.JWT_OWNER_CLAIM,
        maxTokenAgeSeconds: e.JWT_MAX_TOKEN_AGE_SECONDS,
      },
      proxy: {
        userHeader: e.PROXY_USER_HEADER.toLowerCase(),
        secretHeader: e.PROXY_SECRET_HEADER.toLowerCase(),
        sharedSecret: e.PROXY_SHARED_SECRET,
      },
    },
    storage: {
      driver: e.STORAGE_DRIVER,
      localDir: e.STORAGE_LOCAL_DIR ?? `${e.DATA_DIR}/blobs`,
      signingKeys,
      signingKeyFile: `${e.DATA_DIR}/signing-key`,
      signedUrlTtlSeconds: e.SIGNED_URL_TTL_SECONDS,
      signedUrlMaxTtlSeconds: e.SIGNED_URL_MAX_TTL_SECONDS,
      requestTimeoutMs: e.STORAGE_REQUEST_TIMEOUT_MS,
      azure: {
        account: e.AZURE_STORAGE_ACCOUNT,
        container: e.AZURE_STORAGE_CONTAINER,
        accountKey: e.AZURE_STORAGE_ACCOUNT_KEY,
        endpoint: e.AZURE_STORAGE_ENDPOINT,
        allowHttp: e.AZURE_STORAGE_ALLOW_HTTP,
      },
    },
    worker: {
      concurrency: e.WORKER_CONCURRENCY,
      pollIntervalMs: e.WORKER_POLL_INTERVAL_MS,
      leaseSeconds: e.WORKER_LEASE_SECONDS,
      shutdownGraceSeconds: e.WORKER_SHUTDOWN_GRACE_SECONDS,
      metricsPort: e.WORKER_METRICS_PORT,
    },
    retention: {
      artifactDays: e.ARTIFACT_RETENTION_DAYS,
      taskDays: e.TASK_RETENTION_DAYS,
      eventDays: e.EVENT_RETENTION_DAYS,
      orphanBlobGraceHours: e.ORPHAN_BLOB_GRACE_HOURS,
      batchSize: e.RETENTION_BATCH_SIZE,
      intervalMinutes: e.RETENTION_INTERVAL_MINUTES,
    },
    optimize: {
      engine: e.OPTIMIZE_ENGINE,
      llm: {
        baseUrl: e.LLM_BASE_URL,
        apiKey: e.LLM_API_KEY,
        model: e.LLM_MODEL,
        timeoutMs: e.LLM_TIMEOUT_MS,
        provider: e.LLM_PROVIDER,
        structuredOutput: e.LLM_STRUCTURED_OUTPUT,
        azureApiVersion: e.LLM_AZURE_API_VERSION,
        azureAuth: e.LLM_AZURE_AUTH,
        maxRetries: e.LLM_MAX_RETRIES,
        stream: e.LLM_STREAM,
        maxTokensPerRequest: e.LLM_MAX_TOKENS_PER_REQUEST,
        dailyTokenBudget: e.LLM_DAILY_TOKEN_BUDGET,
        auditRetentionHours: e.LLM_AUDIT_RETENTION_HOURS,
      },
    },
    render: { fallbackFont: e.RENDER_FALLBACK_FONT },
    otel: { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME },
  };
  return deepFreeze(config);
}
