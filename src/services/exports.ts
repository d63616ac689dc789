/**
 * Small queries about a job's exports that several services share.
 */
import { eq, sql } from "drizzle-orm";
import type { Tx } from "../db/client.js";
import { jobArtifactLatest } from "../db/schema.js";

/** True once any export of the job has committed (a latest pointer exists for some kind). */
export async function hasExports(tx: Tx, jobId: string): Promise<boolean> {
  const rows = await tx
    .select({ one: sql<number>`1` })
    .from(jobArtifactLatest)
    .where(eq(jobArtifactLatest.jobId, jobId))
    .limit(1);
  return rows.length > 0;
}
