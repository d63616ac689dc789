/**
 * Prometheus metrics: one `Registry` per process, built in the composition
 * root and handed to every component, which registers its own metrics on it.
 * No module-level default registry, so tests can build as many as they like.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

export type { Registry };

export type MetricsRegistryOptions = {
  /** Labels added to every series (e.g. `{ process: "worker" }`). */
  defaultLabels?: Record<string, string>;
  /** Process metrics (CPU, memory, event loop lag, GC); on by default. */
  processMetrics?: boolean;
};

/** Build a registry with default process metrics (`process_*`, `nodejs_*`). */
export function createMetricsRegistry(options: MetricsRegistryOptions = {}): Registry {
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  return registry;
}

/** Seconds; spans a cached GET (~1 ms) up to a slow multipart upload. */
const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type HttpMetrics = {
  /** Record one finished request. `route` must be the route pattern, never the raw URL (cardinality). */
  observeRequest(input: { method: string; route: string; statusCode: number; durationSeconds: number }): void;
};

/**
 * HTTP request duration histogram and request counter, labelled by method,
 * route pattern and status code.
 *
 * @example
 * const http = createHttpMetrics(registry);
 * app.addHook("onResponse", async (req, reply) =>
 *   http.observeRequest({ method: req.method, route: req.routeOptions.url ?? "unmatched",
 *     statusCode: reply.statusCode, durationSeconds: reply.elapsedTime / 1000 }));
 */
export function createHttpMetrics(registry: Registry): HttpMetrics {
  const labelNames = ["method", "route", "status_code"] as const;
  const duration = getOrCreate(
    registry,
    "http_request_duration_seconds",
    () =>
      new Histogram({
        name: "http_request_duration_seconds",
        help: "HTTP request duration in seconds, by method, route pattern and status code",
        labelNames,
        buckets: HTTP_DURATION_BUCKETS,
        registers: [registry],
      }),
  );
  const total = getOrCreate(
    registry,
    "http_requests_total",
    () =>
      new Counter({
        name: "http_requests_total",
        help: "HTTP requests, by method, route pattern and status code",
        labelNames,
        registers: [registry],
      }),
  );
  return {
    observeRequest({ method, route, statusCode, durationSeconds }) {
      const labels = { method: method.toUpperCase(), route, status_code: String(statusCode) };
      duration.observe(labels, durationSeconds);
      total.inc(labels);
    },
  };
}

/** Bytes: 4 KiB JSON up to a 32 MiB bundle. */
const EXPORT_SIZE_BUCKETS = [4_096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216, 33_554_432];

export type ExportMetrics = {
  /** Record one stored export artifact of `kind` (pdf, docx, json, zip). */
  observeArtifact(input: { kind: string; sizeBytes: number }): void;
};

/** Export artifact size histogram by kind (`resume_agent_export_size_bytes`). */
export function createExportMetrics(registry: Registry): ExportMetrics {
  const size = getOrCreate(
    registry,
    "resume_agent_export_size_bytes",
    () =>
      new Histogram({
        name: "resume_agent_export_size_bytes",
        help: "Size of stored export artifacts in bytes, by kind",
        labelNames: ["kind"] as const,
        buckets: EXPORT_SIZE_BUCKETS,
        registers: [registry],
      }),
  );
  return {
    observeArtifact({ kind, sizeBytes }) {
      size.observe({ kind }, sizeBytes);
    },
  };
}

/**
 * Return the metric already registered under `name`, or create it. Lets two
 * components (e.g. the API and its in-process worker) ask for the same helper
 * on one registry without a "metric already registered" error.
 */
function getOrCreate<T>(registry: Registry, name: string, create: () => T): T {
  const existing = registry.getSingleMetric(name);
  return existing ? (existing as unknown as T) : create();
}
