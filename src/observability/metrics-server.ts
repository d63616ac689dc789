/**
 * A small HTTP listener for processes without the API (the standalone worker):
 * `/metrics` for Prometheus, `/healthz` for liveness and `/readyz` for
 * readiness. Plain `node:http`: three fixed routes need no framework.
 */
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "./logger.js";
import type { Registry } from "./metrics.js";

export type MetricsServerOptions = {
  registry: Registry;
  host: string;
  port: number;
  logger: Logger;
  /** Readiness check (e.g. a database ping); throws or rejects when not ready. */
  ready?: () => Promise<void>;
};

export type MetricsServer = {
  /** `http://host:port` actually bound (port 0 picks a free one). */
  readonly url: string;
  close(): Promise<void>;
};

/** Start listening; resolves once bound. */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
      return;
    }
    if (path === "/readyz") {
      (options.ready ?? (async () => {}))().then(
        () => res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ready"}'),
        (error: unknown) => {
          options.logger.warn({ err: error }, "readiness check failed");
          res.writeHead(503, { "content-type": "application/json" }).end('{"status":"not ready"}');
        },
      );
      return;
    }
    if (path === "/metrics") {
      options.registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": options.registry.contentType }).end(text),
        (error: unknown) => {
          options.logger.error({ err: error }, "metrics collection failed");
          res.writeHead(500).end();
        },
      );
      return;
    }
    res.writeHead(404).end();
  });
  // Probes and scrapes are short; do not let an idle keep-alive hold shutdown.
  server.keepAliveTimeout = 5_000;
  server.listen(options.port, options.host);
  await Promise.race([
    once(server, "listening"),
    once(server, "error").then(([error]) => {
      throw error;
    }),
  ]);
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  const url = `http://${host}:${port}`;
  options.logger.info({ url }, "metrics listener started");
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
