/**
 * What follows every change of a job's sections, in the transaction that made it:
 * - a version is kept (unnamed; the oldest unnamed ones beyond `UNNAMED_VERSIONS_KEPT` go);
 * - a master's change reaches its variants: each variant becomes the new master with its overrides
 *   laid over it, and overrides the master now agrees with disappear;
 * - a variant's change becomes its overrides over the master.
 * Every path that writes sections through a service calls `afterSectionsChange`.
 */
import { createHash } from "node:crypto";
import stringify from "safe-stable-stringify";
import type { Tx } from "../db/client.js";
import { ArtifactRepository } from "../db/repositories/artifact-repository.js";
import { JobRepository } from "../db/repositories/job-repository.js";
import { JobVariantRepository } from "../db/repositories/job-variant-repository.js";
import { JobVersionRepository } from "../db/repositories/job-version-repository.js";
import type { JobRow, JobVersionRow } from "../db/schema.js";
import { resumeSchema } from "../resume/model.js";
import { applyOverrides, type Override, overridesFor } from "../resume/variant-fields.js";

/** Unnamed versions kept per CV; named ones are kept until deleted with the CV. */
export const UNNAMED_VERSIONS_KEPT = 50;

// Keys in sorted order: jsonb does not keep the order the sections were written in.
export const sectionsSha = (value: unknown) =>
  createHash("sha256")
    .update(stringify(value) ?? "")
    .digest("hex");

export type VersionNote = {
  reason?: JobVersionRow["reason"];
  name?: string | null;
  restoredFromId?: string | null;
  replacedVersionId?: string | null;
};

/** Keep the job's current sections as a version (unless an unnamed edit repeats the newest one). */
export async function keepVersion(tx: Tx, owner: string, job: JobRow, note: VersionNote = {}) {
  if (!job.sections) return null;
  const versions = new JobVersionRepository(tx);
  const sha = sectionsSha(job.sections);
  const reason = note.reason ?? "edit";
  if (reason === "edit") {
    const latest = await versions.latest(job.id, owner);
    if (latest?.sectionsSha256 === sha) return latest;
  }
  const row = await versions.create({
    job_id: job.id,
    owner_user_id: owner,
    reason,
    name: note.name ?? null,
    restored_from_id: note.restoredFromId ?? null,
    replaced_version_id: note.replacedVersionId ?? null,
    sections: job.sections,
    sections_sha256: sha,
  });
  await versions.pruneUnnamed(job.id, owner, UNNAMED_VERSIONS_KEPT);
  return row;
}

/** Keep a version of the changed job and carry the change to or from its variants. */
export async function afterSectionsChange(tx: Tx, owner: string, job: JobRow, note: VersionNote = {}) {
  const version = await keepVersion(tx, owner, job, note);
  const variants = new JobVariantRepository(tx);
  const link = await variants.findByJob(job.id, owner);
  if (link && job.sections) {
    const master = await new JobRepository(tx).findById(link.masterJobId, owner);
    if (master?.sections) {
      const overrides = overridesFor(master.sections, job.sections, link.overrides as Override[]);
      await variants.update(job.id, owner, { overrides });
    }
  }
  if (job.sections) await reachVariants(tx, owner, job);
  return version;
}

/** Lay each variant's overrides over the master's new sections and store what changed. */
async function reachVariants(tx: Tx, owner: string, master: JobRow): Promise<void> {
  const sections = master.sections;
  if (!sections) return;
  const variants = new JobVariantRepository(tx);
  const jobs = new JobRepository(tx);
  for (const listed of await variants.listByMaster(master.id, owner)) {
    // Lock order everywhere: job rows (master, then variant), then the variant link. The link is read
    // again under the variant's lock, so an edit of the variant committed meanwhile is not lost.
    const variant = await jobs.findByIdForUpdate(listed.jobId, owner);
    const link = variant ? await variants.findByJob(listed.jobId, owner) : null;
    if (!variant || !link) continue;
    const previous = link.overrides as Override[];
    const next = applyOverrides(sections, previous);
    const parsed = resumeSchema.safeParse(next);
    // A master change that leaves a variant's overrides outside the model keeps the variant as it
    // was; its conflicts still show.
    if (!parsed.success) continue;
    const effective = parsed.data as unknown as Record<string, unknown>;
    const overrides = overridesFor(sections, effective, previous);
    await variants.update(link.jobId, owner, { overrides });
    if (sectionsSha(variant.sections) === sectionsSha(effective)) continue;
    const exported = await new ArtifactRepository(tx).jobHasExports(variant.id, owner);
    const updated = await jobs.update(variant.id, owner, {
      sections: effective,
      ...(exported ? { schema_dirty: true } : {}),
    });
    if (updated) await keepVersion(tx, owner, updated);
  }
}
