/**
 * The standalone worker process (`resume-agent worker`): claims and runs
 * tasks, no HTTP. Scales separately from the API.
 */
import type { AppContext } from "./context.js";
import { closeAppContext } from "./context.js";
import { createAppWorker, installShutdown, warmUpParser } from "./server.js";

export type RunningWorker = { stop(): Promise<void> };

/** Start the worker loop; SIGTERM/SIGINT drain it and close the context. */
export async function startWorkerProcess(
  ctx: AppContext,
  options: { installSignalHandlers?: boolean } = {},
): Promise<RunningWorker> {
  const worker = createAppWorker(ctx);
  await worker.start();
  warmUpParser(ctx);
  ctx.logger.info(
    { concurrency: ctx.config.worker.concurrency, engine: ctx.database.kind, types: ctx.handlers.types },
    "worker started",
  );
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await worker.stop();
      await closeAppContext(ctx);
    })();
    return stopping;
  };
  if (options.installSignalHandlers !== false) installShutdown(ctx, stop);
  return { stop };
}
