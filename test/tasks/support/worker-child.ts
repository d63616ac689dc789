/**
 * A worker process for the process-level tests: `node --import tsx worker-child.ts '<json options>'`.
 *
 * Prints `ready` once it is claiming, stops gracefully on SIGTERM (exit 0), and
 * dies however the test kills it. Options come as one JSON argument so the
 * test controls everything without environment variables.
 */
import { createDatabase } from "../../../src/db/client.js";
import { createLogger } from "../../../src/observability/logger.js";
import { createHandlerRegistry } from "../../../src/tasks/registry.js";
import { createWorker } from "../../../src/tasks/worker.js";
import { effectHandler, noopHandler } from "./handlers.js";

export type ChildOptions = {
  url: string;
  workerId: string;
  concurrency: number;
  leaseSeconds: number;
  heartbeatIntervalMs: number;
  sweepIntervalMs: number;
  pollIntervalMs: number;
};

const options = JSON.parse(process.argv[2] ?? "{}") as ChildOptions;
const logger = createLogger({ level: "warn", base: { child: options.workerId } });
const database = await createDatabase({
  url: options.url,
  poolMax: options.concurrency + 3,
  applicationName: "test-worker-child",
  onError: (error) => logger.warn({ err: error }, "idle database connection failed"),
});
const worker = createWorker({
  database,
  registry: createHandlerRegistry([effectHandler, noopHandler]),
  logger,
  concurrency: options.concurrency,
  leaseSeconds: options.leaseSeconds,
  pollIntervalMs: options.pollIntervalMs,
  shutdownGraceMs: 5_000,
  heartbeatIntervalMs: options.heartbeatIntervalMs,
  sweepIntervalMs: options.sweepIntervalMs,
  workerId: options.workerId,
});
worker.events.on("settled", ({ task, outcome }) => {
  if (outcome === "lease_lost") process.stdout.write(`lease_lost ${task.id}\n`);
});
process.once("SIGTERM", () => {
  void worker
    .stop()
    .then(() => database.close())
    .then(() => process.exit(0));
});
await worker.start();
process.stdout.write("ready\n");
