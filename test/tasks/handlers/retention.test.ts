/**
 * The `retention` task type, run by a real worker: enqueue (idempotent per hour), claim, run, result.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { withSystem } from "../../../src/db/owner-scope.js";
import { LocalBlobStore } from "../../../src/storage/local-blob-store.js";
import { createRetentionHandler, enqueueRetention } from "../../../src/tasks/handlers/retention.js";
import { createHandlerRegistry } from "../../../src/tasks/registry.js";
import { createWorker } from "../../../src/tasks/worker.js";
import { artifactIds, DAY, seedArtifact, seedJob, silentLogger } from "../../retention/retention-fixtures.js";
import { createTestDatabase, hasPostgres, type TestDatabase } from "../../support/database.js";

let testDb: TestDatabase;
let root: string;
beforeAll(async () => {
  testDb = await createTestDatabase();
  root = await mkdtemp(join(tmpdir(), "ra-retention-task-"));
});
afterAll(async () => {
  await testDb.drop();
  await rm(root, { recursive: true, force: true });
});

describe.skipIf(!(await hasPostgres()))("retention task", () => {
  it("is enqueued once per hour and deletes what is due when a worker runs it", async () => {
    const { database } = testDb;
    const config = loadConfig({ NODE_ENV: "test", STORAGE_LOCAL_DIR: root });
    const blobStore = new LocalBlobStore({
      root,
      signingKeys: config.storage.signingKeys,
      publicBaseUrl: "",
      defaultTtlSeconds: 60,
    });
    const job = await seedJob(database, blobStore, "owner-1");
    const old = await seedArtifact(database, blobStore, "owner-1", job.id, "pdf", new Date(Date.now() - DAY));
    const latest = await seedArtifact(
      database,
      blobStore,
      "owner-1",
      job.id,
      "pdf",
      new Date(Date.now() - DAY),
    );

    const registry = createHandlerRegistry([
      createRetentionHandler({ config, database, blobStore, logger: silentLogger }),
    ]);
    const now = new Date();
    const first = await withSystem(database, (tx) => enqueueRetention(tx, registry, { now }));
    const second = await withSystem(database, (tx) => enqueueRetention(tx, registry, { now }));
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.task.id).toBe(first.task.id);

    const worker = createWorker({
      database,
      registry,
      logger: silentLogger,
      concurrency: 1,
      leaseSeconds: 30,
      pollIntervalMs: 50,
      shutdownGraceMs: 1_000,
    });
    const settled = new Promise<string>((resolve) => {
      worker.events.on("settled", ({ task, outcome }) => {
        if (task.id === first.task.id) resolve(String(outcome));
      });
    });
    await worker.start();
    try {
      expect(await settled).toBe("completed");
    } finally {
      await worker.stop();
    }
    const row = await withSystem(database, (tx) =>
      tx.execute(sql`SELECT status, result FROM tasks WHERE id = ${first.task.id}::uuid`),
    );
    expect(row.rows[0]?.status).toBe("completed");
    expect(row.rows[0]?.result).toMatchObject({
      dry_run: false,
      artifacts_deleted: 1,
      artifact_blobs_deleted: 1,
    });
    expect(await artifactIds(database)).toEqual([latest.id]);
    expect(await blobStore.head(old.blobPath)).toBeNull();
  });
});
