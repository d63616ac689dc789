/**
 * PostgreSQL going away: the API answers 503 `database_unavailable` (never a
 * stack trace, never a crash) and recovers by itself when the database is back.
 * The outage is real: connections run through a loopback proxy that the test
 * cuts, and a backend is terminated mid-request with `pg_terminate_backend`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppContext, closeAppContext, createAppContext } from "../../src/app/context.js";
import { buildServer } from "../../src/app/server.js";
import { loadConfig } from "../../src/config.js";
import { createDatabase, type Database } from "../../src/db/client.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { as, json, OWNER_A, seedJob } from "../support/http.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

let testDb: TestDatabase;
let proxy: TcpProxy;
let database: Database;
let ctx: AppContext;
let app: Awaited<ReturnType<typeof buildServer>>;
let dir: string;

beforeAll(async () => {
  testDb = await createTestDatabase({ engine: "postgres" });
  const target = new URL(testDb.url!);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const proxied = new URL(testDb.url!);
  proxied.port = String(proxy.port);
  database = await createDatabase({ url: proxied.toString(), poolMax: 4, onError: () => {} });
  dir = await mkdtemp(join(tmpdir(), "ra-outage-"));
  ctx = await createAppContext(loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", DATA_DIR: dir }), {
    database,
    migrate: false,
  });
  app = await buildServer(ctx);
});

afterAll(async () => {
  await app?.close();
  if (ctx) await closeAppContext(ctx);
  await database?.close();
  await proxy?.close();
  await testDb?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("database outage", () => {
  it("answers 503 while PostgreSQL is unreachable and recovers when it is back, outage after outage", async () => {
    const job = await seedJob(ctx, OWNER_A);
    const url = `/api/v1/jobs/${job.id}`;
    // More outages than the pool has connections: a leaked connection per outage would starve it.
    for (let outage = 0; outage < 6; outage++) {
      expect((await app.inject({ url, headers: as(OWNER_A) })).statusCode).toBe(200);

      await proxy.down();
      const during = await app.inject({ url, headers: as(OWNER_A) });
      expect(during.statusCode).toBe(503);
      expect(during.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(json(during)).toMatchObject({ status: 503, code: "database_unavailable" });
      expect(during.headers["retry-after"]).toBeDefined();
      expect((await app.inject({ url: "/readyz" })).statusCode).toBe(503);
      expect((await app.inject({ url: "/healthz" })).statusCode).toBe(200);

      await proxy.up();
      const after = await app.inject({ url, headers: as(OWNER_A) });
      expect(after.statusCode).toBe(200);
      expect(json(after)).toMatchObject({ id: job.id });
    }
    expect((await app.inject({ url: "/readyz" })).statusCode).toBe(200);
    expect(database.pool!.totalCount).toBeLessThanOrEqual(4);
  });

  it("answers 503 when its backend is terminated mid-request, then serves the next request", async () => {
    const job = await seedJob(ctx, OWNER_A);
    const admin = new pg.Client({ connectionString: testDb.url });
    await admin.connect();
    try {
      // Hold the job's row lock so the PATCH below waits inside PostgreSQL, then kill that backend.
      await admin.query("BEGIN");
      await admin.query("SELECT 1 FROM jobs WHERE id = $1 FOR UPDATE", [job.id]);
      const pending = app.inject({
        method: "PATCH",
        url: `/api/v1/jobs/${job.id}`,
        headers: as(OWNER_A, { "if-match": `"${job.updatedAt.toISOString()}"` }),
        payload: { export_settings: { template: "modern" } },
      });
      let victim: number | undefined;
      while (victim === undefined) {
        const waiting = await admin.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
        );
        victim = waiting.rows[0]?.pid;
        if (victim === undefined) await new Promise((r) => setImmediate(r));
      }
      await admin.query("SELECT pg_terminate_backend($1)", [victim]);
      const response = await pending;
      expect(response.statusCode).toBe(503);
      expect(json(response)).toMatchObject({ code: "database_unavailable" });
      await admin.query("ROLLBACK");
    } finally {
      await admin.end();
    }
    const retry = await app.inject({
      method: "PATCH",
      url: `/api/v1/jobs/${job.id}`,
      headers: as(OWNER_A, { "if-match": `"${job.updatedAt.toISOString()}"` }),
      payload: { export_settings: { template: "modern" } },
    });
    expect(retry.statusCode).toBe(200);
  });
});
