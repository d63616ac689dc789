/**
 * The composition root: the one place that builds the process's components
 * from the parsed configuration and wires them together.
 *
 * Nothing below this module creates a database handle, a blob store or a
 * metrics registry of its own; they receive the ones built here. The API
 * server, the worker process and the CLI all start from `createAppContext`.
 */
import { mkdirSync } from "node:fs";
import type { Config } from "../config.js";
import { createDatabase, type Database } from "../db/client.js";
import { runMigrations } from "../db/migrate.js";
import { createLogger, type Logger } from "../observability/logger.js";
import { createMetricsRegistry, type Registry } from "../observability/metrics.js";
import type { FontSet } from "../resume/fonts/font-set.js";
import { createDocumentParser, type DocumentParser } from "../resume/parse/index.js";
import { Spellers } from "../resume/spelling/speller.js";
import { createServices, type Services } from "../services/index.js";
import type { BlobStore } from "../storage/blob-store.js";
import { createBlobStore } from "../storage/create-blob-store.js";
import { createCoverLetterHandler } from "../tasks/handlers/cover-letter.js";
import { createExportHandler } from "../tasks/handlers/export.js";
import { createOptimizeHandler } from "../tasks/handlers/optimize.js";
import { createParseHandler } from "../tasks/handlers/parse.js";
import { createRetentionHandler } from "../tasks/handlers/retention.js";
import { createTranslateHandler } from "../tasks/handlers/translate.js";
import { createHandlerRegistry, type HandlerRegistry } from "../tasks/registry.js";

export type AppContext = {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly database: Database;
  readonly blobStore: BlobStore;
  readonly handlers: HandlerRegistry;
  readonly services: Services;
  /** The parse thread: started on first use (or by `warmUp`), stopped by `closeAppContext`. */
  readonly parser: DocumentParser;
  /** Parsed fonts, loaded on the first render. */
  readonly fonts: () => Promise<FontSet>;
  /** The base URL links are built from (signed local download URLs). */
  readonly publicBaseUrl: string;
  /** Set by `closeAppContext`; long-lived streams (SSE) end when it aborts. */
  readonly shutdownSignal: AbortSignal;
  /** Internal: aborts `shutdownSignal`. */
  readonly abortShutdown: () => void;
  /** Resources built here (not injected) that `closeAppContext` must release. */
  readonly owned: { database: boolean };
};

export type AppContextOptions = {
  logger?: Logger;
  /** Apply pending migrations on start (default true). */
  migrate?: boolean;
  /** Use this database instead of building one from the config (tests); the caller closes it. */
  database?: Database;
  /** Use this blob store instead of building one from the config (tests). */
  blobStore?: BlobStore;
  /** Override the public base URL (tests that listen on a port chosen at run time). */
  publicBaseUrl?: string;
  metrics?: Registry;
};

/** Build every component of the process from the configuration. */
export async function createAppContext(config: Config, options: AppContextOptions = {}): Promise<AppContext> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const metrics = options.metrics ?? createMetricsRegistry();
  const publicBaseUrl = (
    options.publicBaseUrl ??
    config.http.publicBaseUrl ??
    `http://${hostForUrl(config.http.host)}:${config.http.port}`
  ).replace(/\/+$/, "");

  let database = options.database;
  const ownsDatabase = database === undefined;
  if (!database) {
    if (!config.database.url) mkdirSync(config.database.embeddedDir, { recursive: true });
    database = await createDatabase({
      url: config.database.url,
      poolMax: config.database.poolMax,
      embeddedDir: config.database.url ? undefined : config.database.embeddedDir,
      // Idle connections the server terminated: the pool replaces them on next use.
      onError: (error) => logger.warn({ err: error }, "database connection error"),
    });
  }
  try {
    if (options.migrate ?? config.database.migrateOnStart) {
      const { applied, total } = await runMigrations(database);
      logger.info({ applied, total, engine: database.kind }, "database migrations checked");
    }
    const blobStore = options.blobStore ?? (await createBlobStore(config.storage, { publicBaseUrl }));
    const parser = createDocumentParser();
    let fontSet: Promise<FontSet> | undefined;
    // fontkit and the font files load on the first render; a failed load (a bad fallback font) is retried.
    const fonts = () => {
      fontSet ??= import("../resume/fonts/font-set.js")
        .then((m) => m.loadFontSet({ fallbackFont: config.render.fallbackFont }))
        .catch((error: unknown) => {
          fontSet = undefined;
          throw error;
        });
      return fontSet;
    };
    const spellers = new Spellers();
    const deps = { config, database, blobStore, logger, metrics, parser, fonts, spellers };
    const handlers = createHandlerRegistry([
      createParseHandler(deps),
      createOptimizeHandler(deps),
      createExportHandler(deps),
      createCoverLetterHandler(deps),
      createRetentionHandler(deps),
      createTranslateHandler(deps),
    ]);
    const services = createServices({ ...deps, handlers });
    const shutdown = new AbortController();
    return {
      config,
      logger,
      metrics,
      database,
      blobStore,
      handlers,
      services,
      parser,
      fonts,
      publicBaseUrl,
      shutdownSignal: shutdown.signal,
      abortShutdown: () => shutdown.abort(),
      owned: { database: ownsDatabase },
    };
  } catch (error) {
    if (ownsDatabase) await database.close().catch(() => {});
    throw error;
  }
}

/** Release what `createAppContext` built. Safe to call twice. */
export async function closeAppContext(ctx: AppContext): Promise<void> {
  if (ctx.shutdownSignal.aborted) return;
  ctx.abortShutdown();
  await ctx.parser.close();
  if (ctx.owned.database) await ctx.database.close();
}

function hostForUrl(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}
