/**
 * Trace export end to end: `serve` with OTEL_EXPORTER_OTLP_ENDPOINT sends the
 * spans of a real request (HTTP server and PostgreSQL client spans) to an
 * OTLP/HTTP receiver, and flushes them on SIGTERM.
 */
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  hasPostgres,
  noteSkippedWithoutPostgres,
  type TestDatabase,
} from "../support/database.js";
import { childEnv, spawnCli } from "./run-cli.js";

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}

describe("trace export from serve", () => {
  let testDb: TestDatabase | undefined;
  let dataDir: string;
  beforeAll(async () => {
    if (await hasPostgres()) testDb = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), "ra-trace-"));
  });
  afterAll(async () => {
    await testDb?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("exports HTTP and database spans to the configured collector", { timeout: 120_000 }, async () => {
    if (!testDb?.url) return noteSkippedWithoutPostgres("trace export from serve");
    const bodies: string[] = [];
    const collector = createHttpServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      if (req.url === "/v1/traces") bodies.push(Buffer.concat(chunks).toString("latin1"));
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    collector.listen(0, "127.0.0.1");
    await once(collector, "listening");
    try {
      const port = await freePort();
      const child = spawnCli(["serve", "--no-worker"], {
        env: childEnv({
          DATABASE_URL: testDb.url,
          DATA_DIR: dataDir,
          PORT: String(port),
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
          OTEL_SERVICE_NAME: "resume-agent-trace-test",
        }),
      });
      let output = "";
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      await new Promise<void>((resolve, reject) => {
        child.stdout?.on("data", (d: Buffer) => {
          output += d.toString();
          if (output.includes('"msg":"server listening"')) resolve();
        });
        child.stderr?.on("data", (d: Buffer) => {
          output += d.toString();
        });
        void exited.then((code) => reject(new Error(`serve exited (${code}) before listening\n${output}`)));
      });
      expect(output).toContain('"msg":"trace export enabled"');

      const response = await fetch(`http://127.0.0.1:${port}/api/v1/jobs`, {
        headers: { "x-owner-user-id": "trace-owner" },
      });
      expect(response.status).toBe(200);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);

      const all = bodies.join("\n");
      expect(all).toContain("resume-agent-trace-test");
      expect(all).toMatch(/GET/);
      // The pg instrumentation patched the pool loaded after the SDK started.
      expect(all).toMatch(/pg\.query|postgresql/);
    } finally {
      collector.close();
    }
  });
});
