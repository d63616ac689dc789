import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { trace } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { otlpTracesUrl, startTracing, traceablePath } from "../../src/observability/tracing.js";

type Received = { url: string; contentType: string; body: string };

/** A minimal OTLP/HTTP receiver on loopback that records what it is sent. */
async function startCollector() {
  const received: Received[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({
      url: req.url ?? "",
      contentType: String(req.headers["content-type"]),
      body: Buffer.concat(chunks).toString("utf8"),
    });
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return { received, endpoint: `http://127.0.0.1:${port}`, close: () => server.close() };
}

describe("tracing", () => {
  it("is a no-op without an endpoint", async () => {
    const tracing = await startTracing({ endpoint: undefined, serviceName: "resume-agent" });
    expect(tracing.enabled).toBe(false);
    await tracing.shutdown();
  });

  it("builds the traces URL from a base endpoint or keeps a full one", () => {
    expect(otlpTracesUrl("http://collector:4318")).toBe("http://collector:4318/v1/traces");
    expect(otlpTracesUrl("http://collector:4318/")).toBe("http://collector:4318/v1/traces");
    expect(otlpTracesUrl("http://collector:4318/v1/traces")).toBe("http://collector:4318/v1/traces");
  });

  it("keeps share tokens and query strings (signatures) out of traced URLs", () => {
    expect(traceablePath("/api/v1/shared/s3cr3t-token/file?x=1")).toBe("/api/v1/shared/{token}/file");
    expect(traceablePath("/api/v1/shared/s3cr3t-token")).toBe("/api/v1/shared/{token}");
    expect(traceablePath("/api/v1/blobs/download?p=a&e=1&sig=abc")).toBe("/api/v1/blobs/download");
    expect(traceablePath("/api/v1/jobs/1")).toBe("/api/v1/jobs/1");
    expect(traceablePath("")).toBe("/");
  });

  it("exports spans with the service name to the configured collector", async () => {
    const collector = await startCollector();
    try {
      const tracing = await startTracing({
        endpoint: collector.endpoint,
        serviceName: "resume-agent-test",
        serviceVersion: "9.9.9",
      });
      expect(tracing.enabled).toBe(true);
      const span = trace.getTracer("tracing-test").startSpan("export.render");
      span.setAttribute("task.type", "export");
      span.end();
      await tracing.shutdown(); // flushes the batch processor
      await tracing.shutdown(); // idempotent

      const posts = collector.received.filter((r) => r.url === "/v1/traces");
      expect(posts.length).toBeGreaterThanOrEqual(1);
      const body = posts.map((p) => p.body).join("\n");
      expect(body).toContain("resume-agent-test");
      expect(body).toContain("export.render");
      expect(body).toContain("9.9.9");
    } finally {
      collector.close();
    }
  });
});
