/**
 * Optional OpenTelemetry trace export (OTLP over HTTP).
 *
 * Off unless `config.otel.endpoint` is set. The SDK and its instrumentations
 * are imported lazily, so the default path neither loads nor pays for them.
 * Start it before the HTTP server and the database pool are imported (the CLI
 * does), so the `http` and `pg` instrumentations can patch those modules.
 */

import type { Logger } from "./logger.js";

export type TracingOptions = {
  /** OTLP/HTTP collector base URL (e.g. `http://otel-collector:4318`) or the full `/v1/traces` URL. */
  endpoint: string | undefined;
  serviceName: string;
  /** `service.version` resource attribute. */
  serviceVersion?: string;
  /** Extra resource attributes, e.g. `{ "service.instance.role": "worker" }`. */
  attributes?: Record<string, string>;
  logger?: Logger;
};

export type Tracing = {
  readonly enabled: boolean;
  /** Flush pending spans and stop exporting; safe to call more than once. */
  shutdown(): Promise<void>;
};

const DISABLED: Tracing = { enabled: false, shutdown: async () => {} };

/**
 * A request URL as traces may keep it: no query (signed links carry their signature there) and no
 * share token (`/shared/<token>` is the whole credential of a public link).
 */
export function traceablePath(url: string): string {
  const path = url.split("?", 1)[0] || "/";
  // Observability is a leaf layer: it matches the share route by its segment, not by importing its path.
  return path.replace(/\/shared\/[^/]+/, "/shared/{token}");
}

/** The URL the OTLP/HTTP trace exporter posts to. */
export function otlpTracesUrl(endpoint: string): string {
  const trimmed = endpoint.replace(/\/+$/, "");
  return trimmed.endsWith("/v1/traces") ? trimmed : `${trimmed}/v1/traces`;
}

/**
 * Start trace export when an endpoint is configured; otherwise return a no-op handle.
 *
 * @example
 * const tracing = await startTracing({ endpoint: config.otel.endpoint, serviceName: config.otel.serviceName });
 * process.once("SIGTERM", () => void tracing.shutdown());
 */
export async function startTracing(options: TracingOptions): Promise<Tracing> {
  if (!options.endpoint) return DISABLED;
  const url = otlpTracesUrl(options.endpoint);
  const [
    { NodeSDK },
    { OTLPTraceExporter },
    { resourceFromAttributes },
    { HttpInstrumentation },
    { PgInstrumentation },
  ] = await Promise.all([
    import("@opentelemetry/sdk-node"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/resources"),
    import("@opentelemetry/instrumentation-http"),
    import("@opentelemetry/instrumentation-pg"),
  ]);
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      "service.name": options.serviceName,
      ...(options.serviceVersion ? { "service.version": options.serviceVersion } : {}),
      ...options.attributes,
    }),
    traceExporter: new OTLPTraceExporter({ url }),
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes would drown the real traffic.
        ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)\b/.test(req.url ?? ""),
        // Share tokens and signed-link queries are credentials: spans carry the path without them.
        requestHook: (span, request) => {
          if (!("url" in request)) return;
          const safe = traceablePath(request.url ?? "/");
          for (const key of ["http.target", "url.path", "http.url", "url.full"]) span.setAttribute(key, safe);
          span.setAttribute("url.query", "");
        },
      }),
      // Statement text only, never bound values: parameters may carry CV content.
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
    // Metrics stay on Prometheus (/metrics); logs stay on stdout.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  options.logger?.info({ otlp_traces_url: url }, "trace export enabled");

  let stopped: Promise<void> | undefined;
  return {
    enabled: true,
    shutdown() {
      stopped ??= sdk.shutdown().catch((error: unknown) => {
        options.logger?.warn({ err: error }, "trace exporter shutdown failed");
      });
      return stopped;
    },
  };
}
