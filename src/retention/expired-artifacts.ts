/**
 * Retention phase 1: expired artifacts that are not the latest of their (job, kind).
 *
 * Each batch is one transaction that picks up to `batchSize` rows with
 * `FOR UPDATE SKIP LOCKED` and deletes them, returning their blob paths. Two
 * runs at once (two pods, or the CronJob overlapping a scheduled task) lock
 * disjoint rows, and a row one run deleted is gone for the other, so every
 * row, and therefore every blob, is deleted by exactly one run.
 *
 * Order: rows first (committed), blobs after. If the process dies between the
 * two, or the store refuses a delete, what is left is a blob without a row,
 * which the orphan sweep removes later. Deleting blobs first would risk the
 * opposite: the transaction fails after the blobs are gone, leaving rows that
 * point at nothing and links that 404.
 *
 * The latest artifact is excluded by the `NOT EXISTS` on the latest pointer.
 * The pointer only moves forward, so an artifact that is not the latest now
 * can never become the latest again: the check cannot go stale before commit.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { withSystem } from "../db/owner-scope.js";
import type { Logger } from "../observability/logger.js";
import type { BlobStore } from "../storage/blob-store.js";
import { preferOrderedIndexScan } from "./planner-settings.js";
import { DRY_RUN_SAMPLE, type RetentionSample } from "./retention-types.js";

type DeletedArtifact = { id: string; job_id: string; blob_path: string; expires_at: string };

export type ExpiredArtifactCounts = {
  rows: number;
  blobs: number;
  blobFailures: number;
  batches: number;
};

/** How many blob deletes run at once within a batch. */
const BLOB_DELETE_CONCURRENCY = 8;

/** Delete expired, non-latest artifacts in batches: rows first, then their blobs. */
export async function deleteExpiredArtifacts(options: {
  database: Database;
  blobStore: BlobStore;
  logger: Logger;
  now: Date;
  batchSize: number;
  signal?: AbortSignal | undefined;
}): Promise<ExpiredArtifactCounts> {
  const { database, blobStore, logger, now, batchSize } = options;
  const counts: ExpiredArtifactCounts = { rows: 0, blobs: 0, blobFailures: 0, batches: 0 };
  // Keyset cursor: each batch starts after the last row the previous one deleted. Without it every
  // batch would walk the index over all the dead entries earlier batches left (quadratic in the backlog).
  // Rows of one export share expires_at, so the cursor is (expires_at, id), read in two index ranges:
  // the rest of the current expires_at (= T, id > X) and everything later (> T). Not spelled as
  // `(expires_at, id) > (T, X)`: under row-level security only leakproof operators reach an index
  // scan and the row comparison is not one; nor as `expires_at >= T AND (expires_at > T OR id > X)`,
  // which rescans the whole group of equal expiry times on every batch.
  let after = { expiresAt: "-infinity", id: "00000000-0000-0000-0000-000000000000" };
  while (!options.signal?.aborted) {
    const cursor = after;
    const deleted = await withSystem(database, async (tx) => {
      await preferOrderedIndexScan(tx);
      // Both legs walk artifacts_expires_idx (expires_at, id) in order and stop after batchSize rows;
      // the latest-pointer probe uses job_artifact_latest_artifact_idx. SKIP LOCKED: rows another run
      // holds are its to delete.
      const result = await tx.execute(sql`
        WITH candidates AS MATERIALIZED (
          (SELECT a.id, a.expires_at
           FROM artifacts a
           WHERE a.expires_at = ${cursor.expiresAt}::timestamptz AND a.id > ${cursor.id}::uuid
             AND a.expires_at <= ${now.toISOString()}::timestamptz
             AND NOT EXISTS (SELECT 1 FROM job_artifact_latest l WHERE l.latest_artifact_id = a.id)
           ORDER BY a.id
           LIMIT ${batchSize})
          UNION ALL
          (SELECT a.id, a.expires_at
           FROM artifacts a
           WHERE a.expires_at > ${cursor.expiresAt}::timestamptz
             AND a.expires_at <= ${now.toISOString()}::timestamptz
             AND NOT EXISTS (SELECT 1 FROM job_artifact_latest l WHERE l.latest_artifact_id = a.id)
           ORDER BY a.expires_at, a.id
           LIMIT ${batchSize})
        ),
        doomed AS (
          SELECT a.id
          FROM artifacts a
          JOIN (SELECT id FROM candidates ORDER BY expires_at, id LIMIT ${batchSize}) c ON c.id = a.id
          FOR UPDATE OF a SKIP LOCKED
        ),
        gone AS (
          DELETE FROM artifacts a
          USING doomed
          WHERE a.id = doomed.id
          RETURNING a.id, a.job_id, a.blob_path, a.expires_at
        )
        -- Ordered so the last row is the cursor; expires_at as text keeps its full microsecond precision.
        SELECT id::text AS id, job_id::text AS job_id, blob_path, expires_at::text AS expires_at
        FROM gone
        ORDER BY gone.expires_at, gone.id`);
      return result.rows as DeletedArtifact[];
    });
    if (deleted.length === 0) break;
    const last = deleted[deleted.length - 1] as DeletedArtifact;
    after = { expiresAt: last.expires_at, id: last.id };
    counts.batches++;
    counts.rows += deleted.length;
    // Committed: now the blobs. A failure leaves an orphan for the sweep, never a dangling row.
    await forEachConcurrently(deleted, BLOB_DELETE_CONCURRENCY, async (artifact) => {
      try {
        if (await blobStore.delete(artifact.blob_path)) counts.blobs++;
      } catch (error) {
        counts.blobFailures++;
        logger.warn(
          { err: error, artifact_id: artifact.id, job_id: artifact.job_id },
          "artifact blob not deleted; the orphan sweep will retry",
        );
      }
    });
    logger.debug({ batch: counts.batches, rows: deleted.length }, "expired artifacts deleted");
    // No early exit on a short batch: rows locked by a concurrent run make a batch short while later
    // rows remain. The loop ends on the first empty batch.
  }
  return counts;
}

/** Dry run: how many artifacts would be deleted, and the first few of them. */
export async function planExpiredArtifacts(options: {
  database: Database;
  now: Date;
}): Promise<{ count: number; sample: RetentionSample["artifacts"] }> {
  return withSystem(options.database, async (tx) => {
    const where = sql`a.expires_at <= ${options.now.toISOString()}::timestamptz
      AND NOT EXISTS (SELECT 1 FROM job_artifact_latest l WHERE l.latest_artifact_id = a.id)`;
    const count = await tx.execute(sql`SELECT count(*)::int AS n FROM artifacts a WHERE ${where}`);
    const rows = await tx.execute(sql`
      SELECT a.id::text AS id, a.job_id::text AS job_id, a.kind, a.version, a.blob_path,
             to_char(a.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS expires_at
      FROM artifacts a
      WHERE ${where}
      ORDER BY a.expires_at, a.id
      LIMIT ${DRY_RUN_SAMPLE}`);
    return {
      count: Number(count.rows[0]?.n ?? 0),
      sample: rows.rows as RetentionSample["artifacts"],
    };
  });
}

/** Run `fn` over `items` with at most `limit` in flight. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  });
  await Promise.all(lanes);
}
