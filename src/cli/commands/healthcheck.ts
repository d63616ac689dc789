/**
 * `resume-agent healthcheck`: the container image's HEALTHCHECK. Succeeds when
 * the process in this container answers `/healthz`, on the API port (serve) or
 * on the worker's metrics port (worker); one image runs as either.
 */
import type { Config } from "../../config.js";
import { EXIT } from "../exit-codes.js";
import type { CliIo } from "../io.js";

/** Probe the local listeners; exit 0 when one of them is healthy. */
export async function healthcheckCommand(config: Config, io: CliIo, timeoutMs = 3_000): Promise<number> {
  const ports = [config.http.port, config.worker.metricsPort].filter((p): p is number => p !== undefined);
  for (const port of ports) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`, {
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.ok) {
        io.stdout.write(`healthy (port ${port})\n`);
        return EXIT.ok;
      }
    } catch {
      // Not listening on this port; try the next.
    }
  }
  io.stderr.write(`unhealthy: no /healthz answered on port ${ports.join(" or ")}\n`);
  return EXIT.failure;
}
