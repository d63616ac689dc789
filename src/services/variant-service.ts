/**
 * Variants of a master CV: create one for a target (company, role, posting), list a master's
 * variants, show a variant's overrides, conflicts and diff against its master, resolve a conflict
 * (keep mine / take the master's) and promote a variant's field back to the master.
 *
 * A variant is a job of its own (exports, tailorings, share links and versions work on it as on any
 * CV); `job_variants` links it to its master and holds its overrides. Edits of either side go through
 * the job's ordinary PATCH; `afterSectionsChange` carries them across.
 */
import type { Tx } from "../db/client.js";
import { withOwner } from "../db/owner-scope.js";
import { assertJobFits } from "../db/quotas.js";
import { ArtifactRepository } from "../db/repositories/artifact-repository.js";
import { JobEventRepository } from "../db/repositories/job-event-repository.js";
import { JobRepository } from "../db/repositories/job-repository.js";
import { JobVariantRepository } from "../db/repositories/job-variant-repository.js";
import type { JobRow, JobVariantRow } from "../db/schema.js";
import { AppError, notFound } from "../errors.js";
import { resumeSchema } from "../resume/model.js";
import {
  applyOverrides,
  conflictsOf,
  type FieldChange,
  type FieldPath,
  getAt,
  type Override,
  pathKey,
  resolveOverride,
} from "../resume/variant-fields.js";
import type { RequestScope, ServiceDeps } from "./deps.js";
import { afterSectionsChange, keepVersion } from "./sections-history.js";

export type VariantTarget = {
  company?: string | undefined;
  role?: string | undefined;
  posting_url?: string | undefined;
  posting?: string | undefined;
};

export type VariantConflict = { path: FieldPath; mine: unknown; master: unknown };

export type VariantView = {
  variant: JobVariantRow;
  job: JobRow;
  conflicts: VariantConflict[];
  /** Set in lists: when the variant was last exported and last shared. */
  lastExportAt?: Date | null;
  lastSharedAt?: Date | null;
};

const shown = (l: { present: boolean; value?: unknown }) => (l.present ? l.value : null);

export class VariantService {
  constructor(private readonly deps: Pick<ServiceDeps, "database" | "config">) {}

  private scoped<T>(scope: RequestScope, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return withOwner(this.deps.database, scope.ownerUserId, fn);
  }

  /** A new variant of the owner's master, with the master's sections, settings, photo and confirmation. */
  create(scope: RequestScope, masterId: string, target: VariantTarget): Promise<VariantView> {
    const owner = scope.ownerUserId;
    return this.scoped(scope, async (tx) => {
      const jobs = new JobRepository(tx);
      const master = await jobs.findByIdForUpdate(masterId, owner);
      if (!master) throw notFound("job");
      if (!master.sections || master.parseStatus !== "parsed") {
        throw new AppError("job_not_parsed", "The CV has no parsed sections to derive a variant from.");
      }
      const variants = new JobVariantRepository(tx);
      if (await variants.findByJob(masterId, owner)) {
        throw new AppError("conflict", "A variant cannot have variants; derive one from its master.");
      }
      await jobs.lockOwnerQuota(owner);
      await assertJobFits(tx, owner, this.deps.config.quotas, 0);
      const created = await jobs.create({
        owner_user_id: owner,
        original_filename: master.originalFilename,
        content_type: master.contentType,
        parse_status: "parsed",
        sections: master.sections,
        export_settings: master.exportSettings,
      });
      const job = await jobs.update(created.id, owner, {
        cv_sections_confirmed: master.cvSectionsConfirmed,
        photo_blob_path: master.photoBlobPath,
      });
      if (!job) throw notFound("job");
      const variant = await variants.create({
        job_id: job.id,
        master_job_id: masterId,
        owner_user_id: owner,
        target: compact(target),
      });
      await keepVersion(tx, owner, job);
      const events = new JobEventRepository(tx);
      for (const [jobId, eventType] of [
        [masterId, "variant.created"],
        [job.id, "job.created"],
      ] as const) {
        await events.append({
          job_id: jobId,
          owner_user_id: owner,
          trace_id: scope.traceId,
          event_type: eventType,
          payload: { master_job_id: masterId, variant_job_id: job.id },
        });
      }
      return { variant, job, conflicts: [] };
    });
  }

  /** The master's variants with their targets and open conflicts. */
  list(scope: RequestScope, masterId: string): Promise<VariantView[]> {
    const owner = scope.ownerUserId;
    return this.scoped(scope, async (tx) => {
      const jobs = new JobRepository(tx);
      const master = await jobs.findById(masterId, owner);
      if (!master) throw notFound("job");
      const repo = new JobVariantRepository(tx);
      const links = await repo.listByMaster(masterId, owner);
      const activity = await repo.activity(links.map((v) => v.jobId));
      const out: VariantView[] = [];
      for (const variant of links) {
        const job = await jobs.findById(variant.jobId, owner);
        const seen = activity.get(variant.jobId);
        if (job) {
          out.push({
            variant,
            job,
            conflicts: conflicts(master, variant),
            lastExportAt: seen?.lastExportAt ?? null,
            lastSharedAt: seen?.lastSharedAt ?? null,
          });
        }
      }
      return out;
    });
  }

  /** One variant: its link, job and open conflicts. */
  get(scope: RequestScope, variantId: string): Promise<VariantView> {
    return this.scoped(scope, async (tx) => {
      const { variant, job, master } = await this.load(tx, scope, variantId);
      return { variant, job, conflicts: conflicts(master, variant) };
    });
  }

  /** The fields where the variant differs from its master (master value `before`, variant `after`). */
  diff(scope: RequestScope, variantId: string): Promise<FieldChange[]> {
    return this.scoped(scope, async (tx) => {
      const { variant, master } = await this.load(tx, scope, variantId);
      return (variant.overrides as Override[]).map((o) => {
        const before = getAt(master.sections, o.path);
        return {
          path: o.path,
          ...(before.present ? { before: before.value } : {}),
          ...(o.removed ? {} : { after: o.value }),
        };
      });
    });
  }

  /** Resolve one conflict: keep the variant's value, or take the master's (the override goes). */
  resolve(
    scope: RequestScope,
    variantId: string,
    path: FieldPath,
    choice: "keep_mine" | "take_master",
  ): Promise<VariantView> {
    const owner = scope.ownerUserId;
    return this.scoped(scope, async (tx) => {
      const { variant, master } = await this.load(tx, scope, variantId, { lock: true });
      const overrides = variant.overrides as Override[];
      if (!conflictsOf(master.sections, overrides).some((c) => pathKey(c.path) === pathKey(path))) {
        throw new AppError("not_found", "No conflict at this field.");
      }
      const next = resolveOverride(master.sections, overrides, path, choice);
      const updatedLink = await new JobVariantRepository(tx).update(variantId, owner, { overrides: next });
      let job = (await new JobRepository(tx).findById(variantId, owner)) as JobRow;
      if (choice === "take_master") {
        job = await this.writeEffective(tx, owner, job, applyOverrides(master.sections ?? {}, next));
      }
      await appendEvent(tx, scope, variantId, "variant.resolved", { path: pathKey(path), choice });
      return { variant: updatedLink, job, conflicts: conflicts(master, updatedLink) };
    });
  }

  /** Carry the variant's value of one field into the master (and so into every other variant). */
  promote(scope: RequestScope, variantId: string, path: FieldPath): Promise<{ master: JobRow }> {
    const owner = scope.ownerUserId;
    return this.scoped(scope, async (tx) => {
      const { variant, master } = await this.load(tx, scope, variantId, { lock: true });
      const override = (variant.overrides as Override[]).find((o) => pathKey(o.path) === pathKey(path));
      if (!override) throw new AppError("not_found", "The variant does not change this field.");
      const next = applyOverrides(master.sections ?? {}, [override]);
      const parsed = resumeSchema.safeParse(next);
      if (!parsed.success) {
        throw new AppError("conflict", "This change no longer fits the master; resolve the conflict first.");
      }
      const updated = await this.writeEffective(
        tx,
        owner,
        master,
        parsed.data as unknown as Record<string, unknown>,
      );
      await appendEvent(tx, scope, master.id, "variant.promoted", {
        variant_job_id: variantId,
        path: pathKey(path),
      });
      return { master: updated };
    });
  }

  private async writeEffective(
    tx: Tx,
    owner: string,
    job: JobRow,
    sections: Record<string, unknown>,
  ): Promise<JobRow> {
    const exported = await new ArtifactRepository(tx).jobHasExports(job.id, owner);
    const updated = await new JobRepository(tx).update(job.id, owner, {
      sections,
      ...(exported ? { schema_dirty: true } : {}),
    });
    if (!updated) throw notFound("job");
    await afterSectionsChange(tx, owner, updated);
    return updated;
  }

  private async load(tx: Tx, scope: RequestScope, variantId: string, options: { lock?: boolean } = {}) {
    const owner = scope.ownerUserId;
    const jobs = new JobRepository(tx);
    const links = new JobVariantRepository(tx);
    const first = await links.findByJob(variantId, owner);
    if (!first) throw notFound("variant");
    // Master first, then the variant, then the link: the order `afterSectionsChange` locks them in.
    const master = options.lock
      ? await jobs.findByIdForUpdate(first.masterJobId, owner)
      : await jobs.findById(first.masterJobId, owner);
    const job = options.lock
      ? await jobs.findByIdForUpdate(variantId, owner)
      : await jobs.findById(variantId, owner);
    // Read again under the locks: an edit committed meanwhile changed the overrides.
    const variant = options.lock ? await links.findByJob(variantId, owner) : first;
    if (!master || !job || !variant) throw notFound("variant");
    return { variant, job, master };
  }
}

function conflicts(master: JobRow, variant: JobVariantRow): VariantConflict[] {
  return conflictsOf(master.sections, variant.overrides as Override[]).map((c) => ({
    path: c.path,
    mine: shown(c.mine),
    master: shown(c.master),
  }));
}

function compact(target: VariantTarget): Record<string, string> {
  return Object.fromEntries(
    Object.entries(target).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""),
  );
}

async function appendEvent(
  tx: Tx,
  scope: RequestScope,
  jobId: string,
  eventType: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await new JobEventRepository(tx).append({
    job_id: jobId,
    owner_user_id: scope.ownerUserId,
    trace_id: scope.traceId,
    event_type: eventType,
    payload,
  });
}
