/**
 * Retention phase 2: blobs no row references, older than the grace period.
 *
 * Writers always put the blob first and commit the row after (uploads,
 * exports), and deleters remove the row first and the blob after (retention,
 * job deletion). Every crash window therefore leaves a blob without a row and
 * never the reverse; this sweep is what cleans those up.
 *
 * A blob is an orphan when its path is neither an `artifacts.blob_path` nor
 * the `jobs.upload_blob_path` or `jobs.photo_blob_path` of the job its path names. Both probes are index
 * lookups (the unique index on `artifacts.blob_path`, the primary key of
 * `jobs`), batched through `unnest` so one query checks hundreds of paths.
 *
 * The grace period protects blobs whose row is about to be committed: it must
 * be longer than any task's time budget (hours against minutes by default).
 * Paths that do not follow our layout are left alone: we delete only what we
 * can prove is ours and unreferenced.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.js";
import { withSystem } from "../db/owner-scope.js";
import type { Logger } from "../observability/logger.js";
import { parseBlobPath, USERS_PREFIX } from "../storage/blob-paths.js";
import type { BlobListing, BlobStore } from "../storage/blob-store.js";
import { forEachConcurrently } from "./expired-artifacts.js";
import { DRY_RUN_SAMPLE, type RetentionSample } from "./retention-types.js";

/** Paths checked against the database per query. */
const CHECK_CHUNK = 500;

export type OrphanCounts = {
  scanned: number;
  orphans: number;
  deleted: number;
  sample: RetentionSample["orphan_blobs"];
};

/** Find (and unless `dryRun`, delete) orphan blobs older than `graceHours`. */
export async function sweepOrphanBlobs(options: {
  database: Database;
  blobStore: BlobStore;
  logger: Logger;
  now: Date;
  graceHours: number;
  dryRun: boolean;
  signal?: AbortSignal | undefined;
}): Promise<OrphanCounts> {
  const { database, blobStore, logger } = options;
  const cutoff = options.now.getTime() - options.graceHours * 3_600_000;
  const counts: OrphanCounts = { scanned: 0, orphans: 0, deleted: 0, sample: [] };
  let pending: { blob: BlobListing; jobId: string }[] = [];

  const flush = async () => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    const unreferenced = await findUnreferenced(database, batch);
    const orphans = batch.filter((c) => unreferenced.has(c.blob.path));
    counts.orphans += orphans.length;
    for (const { blob } of orphans) {
      if (counts.sample.length >= DRY_RUN_SAMPLE) break;
      counts.sample.push({
        path: blob.path,
        last_modified: blob.lastModified.toISOString(),
        size: blob.size,
      });
    }
    if (options.dryRun) return;
    await forEachConcurrently(orphans, 8, async ({ blob }) => {
      try {
        if (await blobStore.delete(blob.path)) counts.deleted++;
      } catch (error) {
        logger.warn({ err: error }, "orphan blob not deleted; the next run will retry");
      }
    });
  };

  for await (const blob of blobStore.list(USERS_PREFIX)) {
    if (options.signal?.aborted) break;
    counts.scanned++;
    if (blob.lastModified.getTime() >= cutoff) continue;
    const parsed = parseBlobPath(blob.path);
    if (!parsed) continue;
    pending.push({ blob, jobId: parsed.jobId });
    if (pending.length >= CHECK_CHUNK) await flush();
  }
  await flush();
  return counts;
}

/** The subset of `candidates` that no row references. */
async function findUnreferenced(
  database: Database,
  candidates: { blob: BlobListing; jobId: string }[],
): Promise<Set<string>> {
  const paths = candidates.map((c) => c.blob.path);
  const jobIds = candidates.map((c) => c.jobId);
  const result = await withSystem(database, (tx) =>
    tx.execute(sql`
      SELECT c.path
      FROM unnest(${toPgArray(paths)}::text[], ${toPgArray(jobIds)}::uuid[]) AS c(path, job_id)
      WHERE NOT EXISTS (SELECT 1 FROM artifacts a WHERE a.blob_path = c.path)
        AND NOT EXISTS (
          SELECT 1 FROM jobs j
          WHERE j.id = c.job_id AND (j.upload_blob_path = c.path OR j.photo_blob_path = c.path))`),
  );
  return new Set(result.rows.map((r) => String(r.path)));
}

/**
 * A PostgreSQL array literal. Blob paths and UUIDs contain only `[A-Za-z0-9._/-]`
 * (enforced by `blob-paths.ts`), but quote anyway so the literal is correct for any text.
 */
function toPgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}
