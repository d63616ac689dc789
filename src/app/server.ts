/**
 * The HTTP server: Fastify with zod schemas, OpenAPI, security headers,
 * per-owner rate limits, problem+json errors, and the web UI.
 *
 * `buildServer` only assembles (tests drive it with `inject`); `startServer`
 * listens, optionally runs the in-process worker, and shuts both down
 * gracefully on SIGTERM/SIGINT.
 */

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import cors from "@fastify/cors";
import helmet from "@fastify/helmet";
import multipart from "@fastify/multipart";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { jsonSchemaTransform, validatorCompiler } from "fastify-type-provider-zod";
import { registerCrossSiteCheck } from "../http/cross-site.js";
import { transformOpenApiDocument } from "../http/openapi.js";
import { problemOf, registerErrorHandler, sendProblem } from "../http/problem.js";
import { registerRequestContext, requestIdFromTrace } from "../http/request-context.js";
import { registerRoutes } from "../http/routes/index.js";
import { createHttpMetrics } from "../observability/metrics.js";
import { RETENTION_TASK_TYPE, SYSTEM_OWNER } from "../tasks/handlers/retention.js";
import { createWorker } from "../tasks/worker.js";
import type { AppContext } from "./context.js";
import { closeAppContext } from "./context.js";

/** JSON bodies (sections, settings) stay far below this; uploads have their own limit. */
const JSON_BODY_LIMIT = 2 * 1024 * 1024;

export const WEB_DIST_DIR = fileURLToPath(new URL("../../dist/web", import.meta.url));

export type BuildServerOptions = {
  /** Serve the web UI from this directory (default `dist/web`). */
  webDir?: string;
};

/** Assemble the Fastify app for a context. */
export async function buildServer(
  ctx: AppContext,
  options: BuildServerOptions = {},
): Promise<FastifyInstance> {
  const { config } = ctx;
  // The pino logger's generic differs from FastifyBaseLogger; routes add the zod type provider themselves.
  const app = Fastify({
    loggerInstance: ctx.logger,
    // Log method, route and status; never bodies (CV content) or query strings of signed links.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: "trace_id" }),
    genReqId: requestIdFromTrace,
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: config.http.trustProxy,
    requestIdHeader: false,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  }) as unknown as FastifyInstance;

  app.setValidatorCompiler(validatorCompiler);
  // Responses are built by presenters with known shapes; plain JSON.stringify keeps reads fast.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  registerErrorHandler(app);

  await app.register(helmet, {
    // The UI is served from our own origin; Swagger UI needs inline styles.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        frameSrc: ["'self'", "blob:"],
      },
    },
    crossOriginResourcePolicy: { policy: "same-origin" },
  });
  // CORS is off unless CORS_ORIGINS lists origins; the UI is served from our own origin.
  if (config.http.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: [...config.http.corsOrigins],
      methods: ["GET", "POST", "PATCH", "DELETE"],
      allowedHeaders: [
        "authorization",
        "content-type",
        "idempotency-key",
        "if-match",
        "traceparent",
        "x-owner-user-id",
      ],
      exposedHeaders: ["etag", "location", "idempotent-replayed", "traceparent", "x-trace-id", "retry-after"],
      maxAge: 600,
    });
  }
  await app.register(multipart, {
    limits: {
      fileSize: config.http.uploadMaxBytes,
      files: 1,
      fields: 5,
      fieldSize: 1024,
      parts: 6,
      headerPairs: 100,
    },
    throwFileSizeLimit: true,
  });

  registerRequestContext(app, config.auth);
  registerCrossSiteCheck(app, config.http.corsOrigins);
  const httpMetrics = createHttpMetrics(ctx.metrics);
  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url ?? "unmatched";
    httpMetrics.observeRequest({
      method: request.method,
      route,
      statusCode: reply.statusCode,
      durationSeconds: reply.elapsedTime / 1000,
    });
    request.log.info(
      { method: request.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      "request completed",
    );
  });

  await app.register(rateLimit, {
    global: true,
    max: config.http.rateLimitPerMinute,
    timeWindow: 60_000,
    // After authentication, so the limit is per owner rather than per proxy IP.
    hook: "preHandler",
    keyGenerator: (request) => (request.owner ? `owner:${request.owner}` : `ip:${request.ip}`),
    allowList: (request) => !request.owner,
    errorResponseBuilder: (_request, context) => {
      const problem = problemOf("rate_limited", `rate limit of ${context.max} requests per minute exceeded`);
      return Object.assign(new Error(problem.detail), { statusCode: 429, problem });
    },
  });

  if (config.http.apiDocs) await registerApiDocs(app, ctx);

  await app.register(registerRoutes(ctx), { prefix: "" });
  await registerWebUi(app, options.webDir ?? WEB_DIST_DIR);
  return app;
}

/** The API reference: /openapi.json and the Swagger UI at /docs (off in production unless API_DOCS=true). */
async function registerApiDocs(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Resume Agent API",
        version: "1.0.0",
        description:
          "Upload a CV, confirm its sections, optimize and export versioned PDF/DOCX/JSON/ZIP artifacts. " +
          "Errors are application/problem+json. Creating POSTs accept an Idempotency-Key header.",
      },
      components: securitySchemes(ctx),
      security: [{ owner: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: transformOpenApiDocument,
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  app.get("/openapi.json", { schema: { hide: true } }, async (_request, reply) =>
    reply.type("application/json").send(app.swagger()),
  );
}

function securitySchemes(ctx: AppContext) {
  const auth = ctx.config.auth;
  if (auth.mode === "jwt") {
    return { securitySchemes: { owner: { type: "http" as const, scheme: "bearer", bearerFormat: "JWT" } } };
  }
  const name = auth.mode === "proxy" ? auth.proxy.userHeader : "X-Owner-User-Id";
  return { securitySchemes: { owner: { type: "apiKey" as const, in: "header" as const, name } } };
}

/**
 * Serve the built UI at `/` with a single-page-app fallback (unknown non-API
 * GETs get `index.html`), or a short page saying how to build it. Every other
 * unknown route is a problem+json 404.
 */
async function registerWebUi(app: FastifyInstance, webDir: string): Promise<void> {
  const built = existsSync(resolve(webDir, "index.html"));
  if (built) {
    await app.register(fastifyStatic, { root: webDir, prefix: "/", wildcard: false, index: ["index.html"] });
  } else {
    app.get("/", { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type("text/html; charset=utf-8")
        .send(
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Resume Agent</title></head>' +
            "<body><h1>Resume Agent</h1><p>The web UI is not built. Run <code>npm run build:web</code> " +
            'and restart, or use the API (<a href="/docs">/docs</a>).</p></body></html>',
        ),
    );
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    const isApi =
      path.startsWith("/api/") || path === "/openapi.json" || path === "/metrics" || path.startsWith("/docs");
    const isPage = request.method === "GET" && !isApi && !/\.[a-z0-9]+$/i.test(path);
    if (built && isPage) return reply.type("text/html; charset=utf-8").sendFile("index.html");
    return sendProblem(reply, problemOf("not_found", `no route for ${request.method} ${path}`));
  });
}

export type RunningServer = {
  app: FastifyInstance;
  address: string;
  /** Stop accepting requests, drain the worker, close the context. */
  stop(): Promise<void>;
};

/** Listen on the configured host/port; with `worker`, run the in-process worker too. */
export async function startServer(
  ctx: AppContext,
  options: { worker: boolean; installSignalHandlers?: boolean; port?: number },
): Promise<RunningServer> {
  const app = await buildServer(ctx);
  const worker = options.worker ? createAppWorker(ctx) : undefined;
  const address = await app.listen({
    host: ctx.config.http.host,
    port: options.port ?? ctx.config.http.port,
  });
  ctx.logger.info({ address, worker: options.worker, engine: ctx.database.kind }, "server listening");
  await worker?.start();
  if (worker) warmUpParser(ctx);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      ctx.logger.info("shutting down");
      await Promise.allSettled([app.close(), worker?.stop()]);
      await closeAppContext(ctx);
    })();
    return stopping;
  };
  if (options.installSignalHandlers !== false) installShutdown(ctx, stop);
  return { app, address, stop };
}

/**
 * Start the parse thread in the background: loading the PDF and DOCX parsers takes seconds,
 * which the first upload would otherwise wait for.
 */
export function warmUpParser(ctx: AppContext): void {
  ctx.parser.warmUp().catch((error: unknown) => ctx.logger.warn({ err: error }, "parser warm-up failed"));
}

/** The in-process or standalone worker, configured from the context. */
export function createAppWorker(ctx: AppContext) {
  return createWorker({
    database: ctx.database,
    registry: ctx.handlers,
    logger: ctx.logger,
    metrics: ctx.metrics,
    concurrency: ctx.config.worker.concurrency,
    leaseSeconds: ctx.config.worker.leaseSeconds,
    pollIntervalMs: ctx.config.worker.pollIntervalMs,
    shutdownGraceMs: ctx.config.worker.shutdownGraceSeconds * 1000,
    // Retention runs through the queue, once per interval across every serve/worker process.
    schedules: [
      {
        taskType: RETENTION_TASK_TYPE,
        owner: SYSTEM_OWNER,
        everyMs: (ctx.config.retention.intervalMinutes ?? 0) * 60_000,
        input: { dry_run: false },
      },
    ],
  });
}

/** SIGTERM/SIGINT run `stop` once; a second signal exits at once. */
export function installShutdown(ctx: AppContext, stop: () => Promise<void>): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      ctx.logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    signalled = true;
    ctx.logger.info({ signal }, "signal received");
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        ctx.logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}
