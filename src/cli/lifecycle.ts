/**
 * Process lifecycle for the long-running commands (serve, worker): wait for
 * SIGTERM or SIGINT, then shut down gracefully. A second signal while shutting
 * down exits at once (an impatient Ctrl-C, or Kubernetes after the grace period).
 */
import type { Logger } from "../observability/logger.js";

const SIGNALS = ["SIGTERM", "SIGINT"] as const;

/** Resolve with the first termination signal received. */
export function waitForShutdownSignal(logger: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      for (const s of SIGNALS) process.off(s, onSignal);
      logger.info({ signal }, "shutting down");
      for (const s of SIGNALS) {
        process.once(s, (again) => {
          logger.warn({ signal: again }, "second signal: exiting without waiting");
          process.exit(1);
        });
      }
      resolve(signal);
    };
    for (const s of SIGNALS) process.on(s, onSignal);
  });
}
