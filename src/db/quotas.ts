/**
 * Per-owner quotas: how many CVs one owner may keep and how many bytes (uploads plus exported files)
 * they may store. A request that would go over is refused with 403 `quota_exceeded`, naming the quota
 * and its limit, before anything is written.
 */
import type { Config } from "../config.js";
import { AppError } from "../errors.js";
import type { Tx } from "./client.js";
import { JobRepository } from "./repositories/job-repository.js";

export type Quotas = Config["quotas"];

/** Throws `quota_exceeded` unless the owner can add one job of `bytes`. */
export async function assertJobFits(tx: Tx, owner: string, quotas: Quotas, bytes: number): Promise<void> {
  const usage = await new JobRepository(tx).usage(owner);
  if (usage.jobs + 1 > quotas.maxJobs) {
    throw new AppError(
      "quota_exceeded",
      `You can keep at most ${quotas.maxJobs} CVs; delete one to add another.`,
      {
        details: { quota: "jobs", limit: quotas.maxJobs, used: usage.jobs },
      },
    );
  }
  assertBytesFit(usage.storedBytes, bytes, quotas);
}

/** Throws `quota_exceeded` unless `adding` more bytes fit beside the `used` ones. */
export function assertBytesFit(used: number, adding: number, quotas: Quotas): void {
  if (used + adding > quotas.maxStoredBytes) {
    throw new AppError(
      "quota_exceeded",
      `Your files would take more than the ${Math.floor(quotas.maxStoredBytes / 1_048_576)} MB you can store; delete CVs or old exports first.`,
      { details: { quota: "stored_bytes", limit: quotas.maxStoredBytes, used, adding } },
    );
  }
}
