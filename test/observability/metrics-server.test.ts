import { Writable } from "node:stream";
import { Counter } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../src/observability/logger.js";
import { createMetricsRegistry } from "../../src/observability/metrics.js";
import { type MetricsServer, startMetricsServer } from "../../src/observability/metrics-server.js";

const logger = createLogger({
  level: "silent",
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

describe("metrics server", () => {
  let server: MetricsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("serves Prometheus metrics, liveness and readiness", async () => {
    const registry = createMetricsRegistry({ processMetrics: false });
    new Counter({ name: "demo_total", help: "demo", registers: [registry] }).inc(3);
    let ready = false;
    server = await startMetricsServer({
      registry,
      host: "127.0.0.1",
      port: 0,
      logger,
      ready: async () => {
        if (!ready) throw new Error("database not reachable");
      },
    });

    const metrics = await fetch(`${server.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get("content-type")).toContain("text/plain");
    expect(await metrics.text()).toContain("demo_total 3");

    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    ready = true;
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`, { method: "POST" })).status).toBe(405);
  });

  it("fails to start when the port is taken", async () => {
    const registry = createMetricsRegistry({ processMetrics: false });
    server = await startMetricsServer({ registry, host: "127.0.0.1", port: 0, logger });
    const port = Number(new URL(server.url).port);
    await expect(startMetricsServer({ registry, host: "127.0.0.1", port, logger })).rejects.toThrow(
      /EADDRINUSE/,
    );
  });
});
