/**
 * A store outage in the middle of an export never leaves an artifact row
 * without its blob.
 *
 * The export handler writes every blob first (paths keyed by task and kind)
 * and commits the rows after, in one transaction. These tests run that same
 * sequence against a real outage: Azurite frozen or stopped, and a local store
 * whose root stops being a directory. The put fails as retryable
 * `storage_unavailable`, the commit is never reached, and the retry (same
 * task, same paths) completes with every row pointing at a readable blob.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/db/client.js";
import { withOwner, withSystem } from "../../../src/db/owner-scope.js";
import { ArtifactRepository } from "../../../src/db/repositories/artifact-repository.js";
import type { ArtifactKind } from "../../../src/db/schema.js";
import { isAppError } from "../../../src/errors.js";
import { runRetention } from "../../../src/retention/run-retention.js";
import { AzureBlobStore } from "../../../src/storage/azure-blob-store.js";
import { taskArtifactBlobPath } from "../../../src/storage/blob-paths.js";
import type { BlobStore } from "../../../src/storage/blob-store.js";
import { LocalBlobStore } from "../../../src/storage/local-blob-store.js";
import { readStream } from "../../../src/storage/read-stream.js";
import { retentionConfig, seedJob, silentLogger } from "../../retention/retention-fixtures.js";
import { startAzurite } from "../../support/azurite.js";
import { createTestDatabase, hasPostgres, type TestDatabase } from "../../support/database.js";

const OWNER = "export-owner";
const KINDS: ArtifactKind[] = ["pdf", "docx", "json"];

let testDb: TestDatabase;
let database: Database;
beforeAll(async () => {
  testDb = await createTestDatabase();
  database = testDb.database;
});
afterAll(async () => {
  await testDb.drop();
});

/**
 * The export's durable steps, in the handler's order: put each blob, then commit all rows at once.
 * `between` runs after the first put (where the outage strikes); later puts go to `after` when given.
 */
async function exportAttempt(
  store: BlobStore,
  jobId: string,
  taskId: string,
  between?: () => Promise<void>,
  after: BlobStore = store,
) {
  const stored: { kind: ArtifactKind; path: string; bytes: Buffer }[] = [];
  for (const [i, kind] of KINDS.entries()) {
    const path = taskArtifactBlobPath(OWNER, jobId, kind, taskId, `cv.${kind}`);
    const bytes = Buffer.from(`${kind} rendered by ${taskId}`);
    await (i === 0 ? store : after).put(path, bytes, { contentType: "application/octet-stream" });
    stored.push({ kind, path, bytes });
    if (i === 0) await between?.();
  }
  await withOwner(database, OWNER, async (tx) => {
    const repo = new ArtifactRepository(tx);
    for (const f of stored) {
      await repo.createNextVersion({
        job_id: jobId,
        owner_user_id: OWNER,
        task_id: null,
        kind: f.kind,
        language: "en",
        blob_path: f.path,
        filename: `cv.${f.kind}`,
        content_type: "application/octet-stream",
        size_bytes: f.bytes.length,
        sha256: createHash("sha256").update(f.bytes).digest("hex"),
      });
    }
  });
}

/** Every artifact row of the job, with whether its blob can be read back byte for byte. */
async function rowsWithBlobs(store: BlobStore, jobId: string) {
  const rows = await withSystem(database, (tx) =>
    tx.execute(sql`SELECT blob_path, size_bytes FROM artifacts WHERE job_id = ${jobId}::uuid`),
  );
  const out = [];
  for (const r of rows.rows) {
    const bytes = await readStream(await store.get(String(r.blob_path)));
    out.push({ path: String(r.blob_path), readable: bytes.length === Number(r.size_bytes) });
  }
  return out;
}

const unavailable = (e: unknown) => isAppError(e, "storage_unavailable") && e.retryable;

describe.skipIf(!(await hasPostgres()))("store outage mid-export", () => {
  it("Azure frozen after the first blob: no rows; the retry commits rows that all have blobs; nothing orphaned", async () => {
    const azurite = await startAzurite();
    try {
      const azure = (requestTimeoutMs: number) =>
        new AzureBlobStore({
          endpoint: azurite.endpoint,
          accountName: azurite.accountName,
          container: "exports",
          auth: { kind: "account-key", accountKey: azurite.accountKey },
          allowHttp: true,
          defaultTtlSeconds: 900,
          requestTimeoutMs,
        });
      // Writes the emulator answers get a deadline a busy machine meets; the frozen ones fail fast (400 ms).
      const patient = azure(10_000);
      const job = await seedJob(database, patient, OWNER);
      const taskId = randomUUID();
      await expect(
        exportAttempt(patient, job.id, taskId, async () => azurite.pause(), azure(400)),
      ).rejects.toSatisfy(unavailable);
      azurite.resume();
      expect(await rowsWithBlobs(patient, job.id)).toEqual([]);

      await exportAttempt(patient, job.id, taskId);
      const rows = await rowsWithBlobs(patient, job.id);
      expect(rows).toHaveLength(3);
      expect(rows.every((r) => r.readable)).toBe(true);

      // The retry overwrote its own paths: a sweep far in the future finds no orphan.
      const swept = await runRetention({
        database,
        blobStore: patient,
        logger: silentLogger,
        config: retentionConfig(),
        dryRun: true,
        now: new Date(Date.now() + 7 * 86_400_000),
      });
      expect(swept.orphan_blobs_deleted).toBe(0);
    } finally {
      await azurite.stop();
    }
  });

  it("Azure stopped after the first blob: the export fails retryably and commits nothing", async () => {
    const azurite = await startAzurite();
    const store = new AzureBlobStore({
      endpoint: azurite.endpoint,
      accountName: azurite.accountName,
      container: "exports",
      auth: { kind: "account-key", accountKey: azurite.accountKey },
      allowHttp: true,
      defaultTtlSeconds: 900,
      requestTimeoutMs: 2_000,
    });
    const job = await seedJob(database, store, OWNER);
    await expect(exportAttempt(store, job.id, randomUUID(), () => azurite.stop())).rejects.toSatisfy(
      unavailable,
    );
    const rows = await withSystem(database, (tx) =>
      tx.execute(sql`SELECT count(*)::int AS n FROM artifacts WHERE job_id = ${job.id}::uuid`),
    );
    expect(rows.rows[0]?.n).toBe(0);
  });

  it("local store whose root stops being a directory: no rows; after repair the retry succeeds", async () => {
    const parent = await mkdtemp(join(tmpdir(), "ra-outage-"));
    const root = join(parent, "blobs");
    try {
      const store = new LocalBlobStore({ root, signingKeys: [], publicBaseUrl: "", defaultTtlSeconds: 60 });
      const job = await seedJob(database, store, OWNER);
      const taskId = randomUUID();
      // The volume "goes away": the root directory is replaced by a plain file.
      const breakRoot = async () => {
        await rename(root, `${root}.saved`);
        await writeFile(root, "not a directory");
      };
      await expect(exportAttempt(store, job.id, taskId, breakRoot)).rejects.toSatisfy(unavailable);
      await rm(root);
      await rename(`${root}.saved`, root);
      expect(await rowsWithBlobs(store, job.id)).toEqual([]);

      await exportAttempt(store, job.id, taskId);
      const rows = await rowsWithBlobs(store, job.id);
      expect(rows).toHaveLength(3);
      expect(rows.every((r) => r.readable)).toBe(true);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});
