/**
 * Retention against real PostgreSQL and a real local blob store.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "../../src/db/client.js";
import { withOwner, withSystem } from "../../src/db/owner-scope.js";
import { ArtifactRepository } from "../../src/db/repositories/artifact-repository.js";
import { JobRepository } from "../../src/db/repositories/job-repository.js";
import { TaskRepository } from "../../src/db/repositories/task-repository.js";
import { deleteJobBlobs } from "../../src/retention/delete-job-blobs.js";
import { taskCutoff } from "../../src/retention/history.js";
import { runRetention } from "../../src/retention/run-retention.js";
import { photoBlobPath, taskArtifactBlobPath, uploadBlobPath } from "../../src/storage/blob-paths.js";
import type { BlobStore } from "../../src/storage/blob-store.js";
import { LocalBlobStore } from "../../src/storage/local-blob-store.js";
import { createTestDatabase, hasPostgres, type TestDatabase } from "../support/database.js";
import {
  artifactIds,
  backdateLocalBlob,
  blobPaths,
  DAY,
  retentionConfig,
  type SeededArtifact,
  seedArtifact,
  seedJob,
  silentLogger,
} from "./retention-fixtures.js";

const ALICE = "alice";
const postgres = await hasPostgres();
const BOB = "bob@example.com";

let testDb: TestDatabase;
let database: Database;
let root: string;
let store: LocalBlobStore;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = testDb.database;
});
afterAll(async () => {
  await testDb.drop();
});
beforeEach(async () => {
  // A clean slate per test: no rows, an empty store.
  await withSystem(database, async (tx) => {
    await tx.execute(sql`DELETE FROM jobs`);
    await tx.execute(sql`DELETE FROM tasks`);
  });
  if (root) await rm(root, { recursive: true, force: true });
  root = await mkdtemp(join(tmpdir(), "ra-retention-"));
  store = new LocalBlobStore({
    root,
    signingKeys: [{ kid: "t", secret: "x".repeat(32) }],
    publicBaseUrl: "",
    defaultTtlSeconds: 60,
  });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const run = (options: {
  now: Date;
  dryRun?: boolean;
  batchSize?: number;
  blobStore?: BlobStore;
  db?: Database;
}) =>
  runRetention({
    database: options.db ?? database,
    blobStore: options.blobStore ?? store,
    logger: silentLogger,
    config: retentionConfig({ batchSize: options.batchSize ?? 500 }),
    dryRun: options.dryRun ?? false,
    now: options.now,
  });

/** 8 pdf versions with mixed expiry (the latest expired too), 2 docx, and another owner's expired v1. */
async function seedHistory(now: Date) {
  const job = await seedJob(database, store, ALICE);
  const expired = new Date(now.getTime() - DAY);
  const fresh = new Date(now.getTime() + 30 * DAY);
  const pdfExpiry = [expired, fresh, expired, expired, fresh, expired, fresh, expired];
  const pdf: SeededArtifact[] = [];
  for (const e of pdfExpiry) pdf.push(await seedArtifact(database, store, ALICE, job.id, "pdf", e));
  const docx = [
    await seedArtifact(database, store, ALICE, job.id, "docx", expired),
    await seedArtifact(database, store, ALICE, job.id, "docx", expired),
  ];
  const other = await seedJob(database, store, BOB);
  const bob = [
    await seedArtifact(database, store, BOB, other.id, "pdf", expired),
    await seedArtifact(database, store, BOB, other.id, "pdf", fresh),
  ];
  const doomed = [pdf[0], pdf[2], pdf[3], pdf[5], docx[0], bob[0]] as SeededArtifact[];
  const kept = [pdf[1], pdf[4], pdf[6], pdf[7], docx[1], bob[1]] as SeededArtifact[];
  return { job, other, pdf, docx, bob, doomed, kept };
}

// Runs on whichever engine the suite has (PostgreSQL, or PGlite on a machine without one); only the
// two-pool concurrency case needs a real server.
describe("runRetention", () => {
  it("deletes exactly the expired non-latest artifacts, rows and blobs, and never the latest", async () => {
    const now = new Date();
    const h = await seedHistory(now);
    expect(h.pdf.map((a) => a.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    const result = await run({ now, batchSize: 2 });
    expect(result.artifacts_deleted).toBe(6);
    expect(result.artifact_blobs_deleted).toBe(6);
    expect(result.blob_delete_failures).toBe(0);
    expect(result.batches).toBeGreaterThanOrEqual(3); // 6 rows in batches of 2

    expect(await artifactIds(database)).toEqual(h.kept.map((a) => a.id).sort());
    const paths = await blobPaths(store);
    for (const a of h.doomed) expect(paths).not.toContain(a.blobPath);
    for (const a of h.kept) expect(paths).toContain(a.blobPath);
    expect(paths).toContain(h.job.uploadPath);

    // The expired latest (pdf v8, docx v2) is still the owner's latest and still listed.
    const latest = await withOwner(database, ALICE, (tx) =>
      new ArtifactRepository(tx).getLatest(h.job.id, "pdf", "en", ALICE),
    );
    expect(latest?.version).toBe(8);
    const visible = await withOwner(database, ALICE, (tx) =>
      new ArtifactRepository(tx).listVisible(h.job.id, ALICE),
    );
    expect(visible.map((a) => `${a.kind}${a.version}`)).toEqual(["docx2", "pdf8", "pdf7", "pdf5", "pdf2"]);

    // Idempotent: a second run finds nothing.
    const again = await run({ now });
    expect(again.artifacts_deleted).toBe(0);
    expect(again.orphan_blobs_deleted).toBe(0);
  });

  it("dry run reports what a real run then deletes, and deletes nothing", async () => {
    const now = new Date();
    const h = await seedHistory(now);
    // An orphan old enough to be swept.
    const orphan = uploadBlobPath(ALICE, randomUUID(), "lost.pdf");
    await store.put(orphan, Buffer.from("lost"), { contentType: "application/pdf" });
    await backdateLocalBlob(root, orphan, new Date(now.getTime() - 2 * DAY));
    const rowsBefore = await artifactIds(database);
    const blobsBefore = await blobPaths(store);

    const dry = await run({ now, dryRun: true });
    expect(dry.dry_run).toBe(true);
    expect(dry.artifacts_deleted).toBe(6);
    expect(dry.orphan_blobs_deleted).toBe(1);
    expect(dry.sample?.artifacts.map((a) => a.id).sort()).toEqual(h.doomed.map((a) => a.id).sort());
    expect(dry.sample?.orphan_blobs.map((b) => b.path)).toEqual([orphan]);
    expect(await artifactIds(database)).toEqual(rowsBefore);
    expect(await blobPaths(store)).toEqual(blobsBefore);

    const real = await run({ now });
    expect(real.artifacts_deleted).toBe(dry.artifacts_deleted);
    expect(real.orphan_blobs_deleted).toBe(dry.orphan_blobs_deleted);
    expect(real.sample).toBeUndefined();
  });

  it.skipIf(!postgres)(
    "two concurrent runs (two connection pools, like two pods) delete every object exactly once",
    async () => {
      const now = new Date();
      const expected: string[] = [];
      for (let j = 0; j < 3; j++) {
        const job = await seedJob(database, store, `owner-${j}`);
        for (let v = 1; v <= 25; v++) {
          const a = await seedArtifact(
            database,
            store,
            `owner-${j}`,
            job.id,
            "pdf",
            new Date(now.getTime() - v * 60_000),
          );
          if (v < 25) expected.push(a.blobPath);
        }
      }
      // Record every delete the two runs issue (the real store underneath does the work).
      const calls: string[] = [];
      const recording: BlobStore = Object.assign(Object.create(store) as BlobStore, {
        delete: async (path: string) => {
          calls.push(path);
          return store.delete(path);
        },
      });
      const second = await createDatabase({ url: testDb.url, poolMax: 4 });
      try {
        const [a, b] = await Promise.all([
          run({ now, batchSize: 5, blobStore: recording }),
          run({ now, batchSize: 5, blobStore: recording, db: second }),
        ]);
        expect(a.artifacts_deleted + b.artifacts_deleted).toBe(72);
        expect(a.artifact_blobs_deleted + b.artifact_blobs_deleted).toBe(72);
        expect([...calls].sort()).toEqual([...expected].sort()); // each path once, no duplicates
        expect((await artifactIds(database)).length).toBe(3);
      } finally {
        await second.close();
      }
    },
  );

  it("sweeps orphan blobs past the grace period and keeps everything referenced or recent", async () => {
    const now = new Date();
    const old = new Date(now.getTime() - 25 * 3_600_000);
    const job = await seedJob(database, store, ALICE);
    const artifact = await seedArtifact(database, store, ALICE, job.id, "pdf", new Date(now.getTime() + DAY));
    const orphanOfLiveJob = taskArtifactBlobPath(ALICE, job.id, "docx", randomUUID(), "cv.docx");
    const orphanOfDeletedJob = uploadBlobPath(BOB, randomUUID(), "cv.pdf");
    const recentOrphan = uploadBlobPath(BOB, randomUUID(), "cv.pdf");
    const notOurs = "users/not-a-layout/readme.txt";
    // The job's photo is referenced by jobs.photo_blob_path; an older photo it replaced is not.
    const photo = photoBlobPath(ALICE, job.id, "a".repeat(32));
    const replacedPhoto = photoBlobPath(ALICE, job.id, "b".repeat(32));
    await withOwner(database, ALICE, (tx) =>
      new JobRepository(tx).update(job.id, ALICE, { photo_blob_path: photo }),
    );
    for (const p of [orphanOfLiveJob, orphanOfDeletedJob, recentOrphan, notOurs, photo, replacedPhoto]) {
      await store.put(p, Buffer.from(p), { contentType: "text/plain" });
    }
    for (const p of [
      job.uploadPath,
      artifact.blobPath,
      orphanOfLiveJob,
      orphanOfDeletedJob,
      notOurs,
      photo,
      replacedPhoto,
    ]) {
      await backdateLocalBlob(root, p, old);
    }

    const result = await run({ now });
    expect(result.blobs_scanned).toBe(8);
    expect(result.orphan_blobs_deleted).toBe(3);
    expect(await blobPaths(store)).toEqual(
      [job.uploadPath, artifact.blobPath, recentOrphan, notOurs, photo].sort(),
    );
  });

  it("refuses to start while the store is unavailable, before deleting any row", async () => {
    const now = new Date();
    await seedHistory(now);
    const before = await artifactIds(database);
    const broken = new LocalBlobStore({
      root: "/proc/version/blobs",
      signingKeys: [],
      publicBaseUrl: "",
      defaultTtlSeconds: 60,
    });
    await expect(run({ now, blobStore: broken })).rejects.toMatchObject({
      code: "storage_unavailable",
      retryable: true,
    });
    expect(await artifactIds(database)).toEqual(before);
  });

  it("deletes finished tasks past the horizon (never sooner than 24 h) and old job events", async () => {
    const now = new Date();
    const job = await seedJob(database, store, ALICE);
    const finishedAgo = async (hours: number | null, status: string) => {
      const { task } = await withOwner(database, ALICE, (tx) =>
        new TaskRepository(tx).create({
          job_id: job.id,
          owner_user_id: ALICE,
          idempotency_key: randomUUID(),
          task_type: "export",
          input_payload: {},
          trace_id: randomUUID(),
        }),
      );
      if (hours !== null) {
        const finished = new Date(now.getTime() - hours * 3_600_000).toISOString();
        await withSystem(database, (tx) =>
          tx.execute(sql`UPDATE tasks SET status = ${status}, finished_at = ${finished}::timestamptz,
            error_code = CASE WHEN ${status} = 'failed' THEN 'internal' END WHERE id = ${task.id}::uuid`),
        );
      }
      return task.id;
    };
    const gone = [
      await finishedAgo(31 * 24, "completed"),
      await finishedAgo(40 * 24, "failed"),
      await finishedAgo(31 * 24, "canceled"),
    ];
    const kept = [await finishedAgo(29 * 24, "completed"), await finishedAgo(null, "queued")];
    const eventAt = async (daysAgo: number) => {
      const at = new Date(now.getTime() - daysAgo * DAY).toISOString();
      await withSystem(database, (tx) =>
        tx.execute(sql`INSERT INTO job_events (job_id, owner_user_id, trace_id, event_type, created_at)
          VALUES (${job.id}::uuid, ${ALICE}, ${randomUUID()}::uuid, 'test', ${at}::timestamptz)`),
      );
    };
    for (const d of [400, 366, 364, 1]) await eventAt(d);

    const result = await run({ now, batchSize: 2 });
    expect(result.tasks_deleted).toBe(3);
    expect(result.job_events_deleted).toBe(2);
    const remaining = await withSystem(database, (tx) => tx.execute(sql`SELECT id::text AS id FROM tasks`));
    expect(remaining.rows.map((r) => r.id).sort()).toEqual(kept.sort());
    expect(gone.every((id) => !remaining.rows.some((r) => r.id === id))).toBe(true);
    const events = await withSystem(database, (tx) =>
      tx.execute(sql`SELECT count(*)::int AS n FROM job_events`),
    );
    expect(events.rows[0]?.n).toBe(2);

    // Idempotency keys outlive their tasks by at least 24 h even with a tiny horizon.
    expect(now.getTime() - taskCutoff(now, 0.001).getTime()).toBe(24 * 3_600_000);
  });
});

describe("deleteJobBlobs", () => {
  it("removes every blob of the job and nothing else", async () => {
    const job = await seedJob(database, store, ALICE);
    await seedArtifact(database, store, ALICE, job.id, "pdf", new Date(Date.now() + DAY));
    await seedArtifact(database, store, ALICE, job.id, "zip", new Date(Date.now() + DAY));
    const other = await seedJob(database, store, ALICE);
    await withOwner(database, ALICE, (tx) => new JobRepository(tx).delete(job.id, ALICE));

    expect(await deleteJobBlobs(store, ALICE, job.id)).toBe(3);
    expect(await blobPaths(store)).toEqual([other.uploadPath]);
    expect(await deleteJobBlobs(store, ALICE, job.id)).toBe(0);
  });
});
