/**
 * `resume-agent serve`: the API and web UI, with an in-process worker unless
 * `--no-worker` (then workers run as separate `resume-agent worker` processes).
 */
import type { Config } from "../../config.js";
import { createLogger } from "../../observability/logger.js";
import { type MetricsServer, startMetricsServer } from "../../observability/metrics-server.js";
import { startTracing } from "../../observability/tracing.js";
import { registerQueueAgeMetric } from "../../tasks/queue-age-metric.js";
import { EXIT } from "../exit-codes.js";
import { waitForShutdownSignal } from "../lifecycle.js";
import { VERSION } from "../version.js";

/** Serve until SIGTERM/SIGINT, then stop accepting requests, drain the worker and exit 0. */
export async function serveCommand(config: Config, options: { worker: boolean }): Promise<number> {
  const logger = createLogger({ level: config.logLevel, base: { process: "serve" } });
  // Tracing first: its instrumentations patch http and pg as they load below.
  const tracing = await startTracing({
    endpoint: config.otel.endpoint,
    serviceName: config.otel.serviceName,
    serviceVersion: VERSION,
    attributes: { "service.role": options.worker ? "api+worker" : "api" },
    logger,
  });
  try {
    const { createAppContext, closeAppContext } = await import("../../app/context.js");
    const { startServer } = await import("../../app/server.js");
    const ctx = await createAppContext(config, { logger, migrate: config.database.migrateOnStart });
    registerQueueAgeMetric(ctx.metrics, { database: ctx.database, logger, taskTypes: ctx.handlers.types });
    let running: Awaited<ReturnType<typeof startServer>>;
    let listener: MetricsServer | undefined;
    try {
      running = await startServer(ctx, { worker: options.worker, installSignalHandlers: false });
      // Metrics on their own port: an Ingress that routes the public port cannot reach them.
      const metricsPort = config.http.metrics.port;
      if (metricsPort !== undefined) {
        listener = await startMetricsServer({
          registry: ctx.metrics,
          host: config.http.host,
          port: metricsPort,
          logger,
        });
      }
    } catch (error) {
      await closeAppContext(ctx);
      throw error;
    }
    await waitForShutdownSignal(logger);
    await running.stop();
    await listener?.close();
    logger.info("server stopped");
    return EXIT.ok;
  } finally {
    await tracing.shutdown();
  }
}
