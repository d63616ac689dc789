/**
 * `resume-agent worker`: claims and runs tasks with no HTTP listener, so
 * workers scale separately from the API (a Kubernetes Deployment of their own).
 */

import { sql } from "drizzle-orm";
import type { Config } from "../../config.js";
import { createLogger } from "../../observability/logger.js";
import { type MetricsServer, startMetricsServer } from "../../observability/metrics-server.js";
import { startTracing } from "../../observability/tracing.js";
import { registerQueueAgeMetric } from "../../tasks/queue-age-metric.js";
import { EXIT } from "../exit-codes.js";
import { waitForShutdownSignal } from "../lifecycle.js";
import { VERSION } from "../version.js";

/**
 * Run until SIGTERM/SIGINT; then stop claiming, let running tasks finish within
 * WORKER_SHUTDOWN_GRACE_SECONDS, release the rest to the queue and exit 0.
 */
export async function workerCommand(config: Config): Promise<number> {
  const logger = createLogger({ level: config.logLevel, base: { process: "worker" } });
  const tracing = await startTracing({
    endpoint: config.otel.endpoint,
    serviceName: config.otel.serviceName,
    serviceVersion: VERSION,
    attributes: { "service.role": "worker" },
    logger,
  });
  try {
    const { createAppContext, closeAppContext } = await import("../../app/context.js");
    const { startWorkerProcess } = await import("../../app/worker-process.js");
    const ctx = await createAppContext(config, { logger, migrate: config.database.migrateOnStart });
    registerQueueAgeMetric(ctx.metrics, { database: ctx.database, logger, taskTypes: ctx.handlers.types });
    let running: Awaited<ReturnType<typeof startWorkerProcess>>;
    let listener: MetricsServer | undefined;
    try {
      running = await startWorkerProcess(ctx, { installSignalHandlers: false });
      if (config.worker.metricsPort !== undefined) {
        listener = await startMetricsServer({
          registry: ctx.metrics,
          host: config.http.host,
          port: config.worker.metricsPort,
          logger,
          ready: async () => {
            await ctx.database.db.execute(sql`SELECT 1`);
          },
        });
      }
    } catch (error) {
      await closeAppContext(ctx);
      throw error;
    }
    await waitForShutdownSignal(logger);
    // Keep answering probes and scrapes while running tasks drain.
    await running.stop();
    await listener?.close();
    logger.info("worker stopped");
    return EXIT.ok;
  } finally {
    await tracing.shutdown();
  }
}
