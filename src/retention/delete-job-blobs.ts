/**
 * Remove every blob of one job (the user deleted the job).
 *
 * Called after the job's rows are deleted and committed: a crash or a store
 * outage between the two leaves blobs without rows, which the orphan sweep of
 * `runRetention` removes later; the reverse order could leave rows pointing at
 * deleted blobs.
 */
import { jobBlobPrefix } from "../storage/blob-paths.js";
import type { BlobStore } from "../storage/blob-store.js";

/** Delete everything under `users/{owner}/jobs/{job}/`; returns how many blobs were deleted. */
export async function deleteJobBlobs(
  blobStore: BlobStore,
  ownerUserId: string,
  jobId: string,
): Promise<number> {
  const paths: string[] = [];
  // Collect first: deleting while a listing pages through the same prefix can skip entries.
  for await (const blob of blobStore.list(jobBlobPrefix(ownerUserId, jobId))) paths.push(blob.path);
  let deleted = 0;
  for (const path of paths) {
    if (await blobStore.delete(path)) deleted++;
  }
  return deleted;
}
