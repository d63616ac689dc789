/**
 * Artifacts: versioned export files, their version counters and latest pointers.
 *
 * A series is (job, kind, language): the CV's English PDF and its German PDF
 * are versioned separately. Versions come from `artifact_counters`, one row
 * per series, bumped by a single upsert. `createNextVersion` allocates,
 * inserts and moves the latest pointer in one transaction: the counter row
 * stays locked until commit, so concurrent exports of one series serialize
 * there, a rolled-back export gives its number back, and versions have no gaps.
 *
 * Retention is applied when reading (`listVisible`): per series, the latest
 * version plus the five before it; older or expired rows stay until the
 * retention job deletes them, but nobody sees them.
 */
import { and, eq, type SQL, sql } from "drizzle-orm";
import { AppError, notFound } from "../../errors.js";
import type { Queryable, Tx } from "../client.js";
import {
  ARTIFACT_KINDS,
  type ArtifactKind,
  type ArtifactRow,
  artifacts,
  jobArtifactLatest,
  jobs,
} from "../schema.js";
import { isUniqueViolation, rethrowInputError } from "./database-errors.js";
import { isUuid } from "./ids.js";
import { mapFirst, mapRow } from "./row-mapping.js";

/**
 * The order in which one transaction locks a job's version counters. The bundle
 * comes last because an export allocates the files' versions, then writes the
 * ZIP whose manifest names them, then allocates the ZIP's own version.
 */
export const LOCK_ORDER: readonly ArtifactKind[] = [
  "pdf",
  "docx",
  "json",
  "html",
  "markdown",
  "cover_letter_pdf",
  "cover_letter_docx",
  "zip",
];

/** How many versions before the latest stay visible. */
export const VISIBLE_PREVIOUS_VERSIONS = 5;

export type ArtifactCreate = {
  job_id: string;
  owner_user_id: string;
  /** The export task that produced it; a task makes at most one artifact per kind and language. */
  task_id: string | null;
  kind: ArtifactKind;
  /** The document's language (BCP-47 primary subtag): with `kind`, the version series. */
  language: string;
  version: number;
  blob_path: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  metadata?: Record<string, unknown> | undefined;
  /** Default: the column default (90 days from now). */
  expires_at?: Date | undefined;
};

export type ArtifactCreateNext = Omit<ArtifactCreate, "version">;

export type ArtifactCreateNextResult = {
  artifact: ArtifactRow;
  /** False when the task had already created its artifact of this kind (a retried task). */
  created: boolean;
};

/** An artifact as listed to its owner. */
export type VisibleArtifact = ArtifactRow & { isLatest: boolean };

/**
 * The version allocation: one atomic upsert. The SELECT from jobs is the
 * ownership check (artifact_counters has no owner column of its own, and the
 * foreign key would accept any owner's job): no visible job, no row, nothing
 * returned. The first allocation inserts 1; later ones increment under the
 * row lock that ON CONFLICT DO UPDATE takes, so concurrent callers get
 * distinct, consecutive numbers.
 */
export function allocateVersionStatement(
  jobId: string,
  kind: ArtifactKind,
  language: string,
  owner: string,
): SQL {
  assertKind(kind);
  assertLanguage(language);
  if (!isUuid(jobId)) throw notFound("job");
  return sql`
    INSERT INTO artifact_counters AS c (job_id, kind, language, next_version)
    SELECT j.id, ${kind}, ${language}, 1 FROM jobs j WHERE j.id = ${jobId}::uuid AND j.owner_user_id = ${owner}
    ON CONFLICT (job_id, kind, language) DO UPDATE SET next_version = c.next_version + 1
    RETURNING c.next_version AS version`;
}

/** The version `allocateVersionStatement` returned; `not_found` when it returned nothing. */
export function readAllocatedVersion(rows: readonly Record<string, unknown>[]): number {
  const row = rows[0];
  if (!row) throw notFound("job");
  return Number(row.version);
}

/** Data access for artifacts. Build one per transaction: `new ArtifactRepository(tx)`. */
export class ArtifactRepository<Q extends Queryable = Queryable> {
  constructor(private readonly db: Q) {}

  /**
   * Hand out the next version number of (job, kind, language): 1, 2, 3, … Throws
   * `not_found` when the job is not the owner's. Locks the counter row until
   * the transaction ends, hence transaction-only.
   */
  async allocateVersion(
    this: ArtifactRepository<Tx>,
    jobId: string,
    kind: ArtifactKind,
    language: string,
    owner: string,
  ): Promise<number> {
    const result = await this.db.execute(allocateVersionStatement(jobId, kind, language, owner));
    return readAllocatedVersion(result.rows);
  }

  /**
   * Insert an artifact row for a version allocated earlier. `not_found` when
   * the job (or the task, when given) is not the owner's.
   */
  async create(input: ArtifactCreate): Promise<ArtifactRow> {
    assertKind(input.kind);
    assertLanguage(input.language);
    if (!isUuid(input.job_id)) throw notFound("job");
    if (input.task_id !== null && !isUuid(input.task_id)) throw notFound("task");
    let row: ArtifactRow | null;
    try {
      // Foreign keys ignore row-level security, so the job and task are checked against the owner here.
      const result = await this.db.execute(sql`
        INSERT INTO artifacts (job_id, owner_user_id, task_id, kind, language, version, is_zip, blob_path,
                               filename, content_type, size_bytes, sha256, metadata, expires_at)
        SELECT j.id, j.owner_user_id, ${input.task_id}::uuid, ${input.kind}, ${input.language}, ${input.version}::int,
               ${input.kind === "zip"}::boolean, ${input.blob_path}, ${input.filename}, ${input.content_type},
               ${input.size_bytes}::bigint, ${input.sha256}, ${JSON.stringify(input.metadata ?? {})}::jsonb,
               coalesce(${input.expires_at?.toISOString() ?? null}::timestamptz, now() + interval '90 days')
        FROM jobs j
        WHERE j.id = ${input.job_id}::uuid AND j.owner_user_id = ${input.owner_user_id}
          AND (${input.task_id}::uuid IS NULL OR EXISTS (
                SELECT 1 FROM tasks t WHERE t.id = ${input.task_id}::uuid AND t.owner_user_id = ${input.owner_user_id}))
        RETURNING *`);
      row = mapFirst(artifacts, result.rows);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError("conflict", "An artifact with this version, task or blob path already exists.", {
          cause: error,
        });
      }
      rethrowInputError(error);
    }
    if (!row) throw notFound("job or task");
    return row;
  }

  /**
   * Point the artifact's series (job, kind and its language) at `artifactId`
   * unless it already points at a newer version. Returns whether the pointer moved. `not_found` when no such
   * artifact of this job, kind and version belongs to the owner.
   */
  async updateLatestPointer(
    this: ArtifactRepository<Tx>,
    jobId: string,
    kind: ArtifactKind,
    artifactId: string,
    version: number,
    owner: string,
  ): Promise<boolean> {
    assertKind(kind);
    if (!isUuid(jobId) || !isUuid(artifactId)) throw notFound("artifact");
    // The WHERE on DO UPDATE makes the pointer monotonic: a slow writer finishing after a newer version
    // committed leaves the pointer alone. Selecting from artifacts checks the owner and that the id,
    // job, kind and version belong together.
    const result = await this.db.execute(sql`
      INSERT INTO job_artifact_latest AS l (job_id, kind, language, latest_artifact_id, latest_version, updated_at)
      SELECT a.job_id, a.kind, a.language, a.id, a.version, now()
      FROM artifacts a
      WHERE a.id = ${artifactId}::uuid AND a.job_id = ${jobId}::uuid AND a.kind = ${kind}
        AND a.version = ${version}::int AND a.owner_user_id = ${owner}
      ON CONFLICT (job_id, kind, language) DO UPDATE
        SET latest_artifact_id = EXCLUDED.latest_artifact_id,
            latest_version = EXCLUDED.latest_version,
            updated_at = EXCLUDED.updated_at
        WHERE l.latest_version < EXCLUDED.latest_version
      RETURNING l.latest_version`);
    if (result.rows.length > 0) return true;
    const exists = await this.db.execute(sql`
      SELECT 1 FROM artifacts
      WHERE id = ${artifactId}::uuid AND job_id = ${jobId}::uuid AND kind = ${kind}
        AND version = ${version}::int AND owner_user_id = ${owner}`);
    if (exists.rows.length === 0) throw notFound("artifact");
    return false;
  }

  /**
   * Allocate the next version, insert the artifact and move the latest pointer,
   * all or nothing. A retried task that already created its artifact of this
   * kind gets that artifact back (`created: false`) instead of a new version.
   */
  async createNextVersion(
    this: ArtifactRepository<Tx>,
    input: ArtifactCreateNext,
  ): Promise<ArtifactCreateNextResult> {
    if (input.task_id !== null) {
      const existing = await this.findByTask(input.task_id, input.kind, input.language, input.owner_user_id);
      if (existing) return { artifact: existing, created: false };
    }
    try {
      // A savepoint inside the caller's transaction: a failure rolls back the counter increment too.
      const artifact = await this.db.transaction(async (tx) => {
        const repo = new ArtifactRepository(tx);
        const version = await repo.allocateVersion(
          input.job_id,
          input.kind,
          input.language,
          input.owner_user_id,
        );
        const created = await repo.create({ ...input, version });
        await repo.updateLatestPointer(input.job_id, input.kind, created.id, version, input.owner_user_id);
        return created;
      });
      return { artifact, created: true };
    } catch (error) {
      // The same task finished this kind concurrently (two workers after a lost lease).
      const cause = error instanceof AppError ? error.cause : error;
      if (input.task_id !== null && isUniqueViolation(cause, "artifacts_task_kind_uq")) {
        const existing = await this.findByTask(
          input.task_id,
          input.kind,
          input.language,
          input.owner_user_id,
        );
        if (existing) return { artifact: existing, created: false };
      }
      throw error;
    }
  }

  /**
   * `createNextVersion` for several kinds in one transaction (an export of pdf,
   * docx and a zip, maybe in several languages). The counters are locked in
   * one fixed order (kind, then language) whatever the order of `inputs`, so
   * two exports of the same job with their formats in different orders cannot
   * deadlock. Results come back in input order.
   */
  async createNextVersions(
    this: ArtifactRepository<Tx>,
    inputs: readonly ArtifactCreateNext[],
  ): Promise<ArtifactCreateNextResult[]> {
    const order = inputs
      .map((input, index) => ({ input, index }))
      .sort(
        (a, b) =>
          LOCK_ORDER.indexOf(a.input.kind) - LOCK_ORDER.indexOf(b.input.kind) ||
          (a.input.language < b.input.language ? -1 : a.input.language > b.input.language ? 1 : 0),
      );
    const results: ArtifactCreateNextResult[] = new Array(inputs.length);
    for (const { input, index } of order) results[index] = await this.createNextVersion(input);
    return results;
  }

  /** True once any export of the job has committed (a latest pointer exists for some kind). */
  async jobHasExports(jobId: string, owner: string): Promise<boolean> {
    if (!isUuid(jobId)) return false;
    const rows = await this.db
      .select({ one: sql<number>`1` })
      .from(jobArtifactLatest)
      .innerJoin(jobs, eq(jobs.id, jobArtifactLatest.jobId))
      .where(and(eq(jobArtifactLatest.jobId, jobId), eq(jobs.ownerUserId, owner)))
      .limit(1);
    return rows.length > 0;
  }

  /** The owner's artifact, or null (whether or not it is still visible). */
  async findById(id: string, owner: string): Promise<ArtifactRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db
      .select()
      .from(artifacts)
      .where(and(eq(artifacts.id, id), eq(artifacts.ownerUserId, owner)))
      .limit(1);
    return row ?? null;
  }

  /** The artifact of `kind` in `language` a task created, or null. */
  async findByTask(
    taskId: string,
    kind: ArtifactKind,
    language: string,
    owner: string,
  ): Promise<ArtifactRow | null> {
    if (!isUuid(taskId)) return null;
    const [row] = await this.db
      .select()
      .from(artifacts)
      .where(
        and(
          eq(artifacts.taskId, taskId),
          eq(artifacts.kind, kind),
          eq(artifacts.language, language),
          eq(artifacts.ownerUserId, owner),
        ),
      )
      .limit(1);
    return row ?? null;
  }

  /** The artifact the latest pointer of (job, kind, language) names, or null. Expired or not, the latest stays. */
  async getLatest(
    jobId: string,
    kind: ArtifactKind,
    language: string,
    owner: string,
  ): Promise<ArtifactRow | null> {
    assertKind(kind);
    if (!isUuid(jobId)) return null;
    const [row] = await this.db
      .select({ artifact: artifacts })
      .from(jobArtifactLatest)
      .innerJoin(artifacts, eq(artifacts.id, jobArtifactLatest.latestArtifactId))
      .where(
        and(
          eq(jobArtifactLatest.jobId, jobId),
          eq(jobArtifactLatest.kind, kind),
          eq(jobArtifactLatest.language, language),
          eq(artifacts.ownerUserId, owner),
        ),
      )
      .limit(1);
    return row?.artifact ?? null;
  }

  /**
   * What the owner may see of a job's artifacts: per series (kind and
   * language), the latest version and the five versions before it, newest first; of those, expired ones are
   * hidden except the latest, which stays downloadable until replaced.
   */
  async listVisible(
    jobId: string,
    owner: string,
    options: { kind?: ArtifactKind | undefined; language?: string | undefined } = {},
  ): Promise<VisibleArtifact[]> {
    if (options.kind !== undefined) assertKind(options.kind);
    if (options.language !== undefined) assertLanguage(options.language);
    if (!isUuid(jobId)) return [];
    return this.visible(jobId, owner, { kind: options.kind, language: options.language });
  }

  /** One artifact if `listVisible` would show it, else null: the check before handing out a download link. */
  async findVisibleById(id: string, owner: string): Promise<VisibleArtifact | null> {
    const artifact = await this.findById(id, owner);
    if (!artifact) return null;
    const [row] = await this.visible(artifact.jobId, owner, {
      kind: artifact.kind,
      language: artifact.language,
      id,
    });
    return row ?? null;
  }

  private async visible(
    jobId: string,
    owner: string,
    only: { kind?: ArtifactKind | undefined; language?: string | undefined; id?: string | undefined },
  ): Promise<VisibleArtifact[]> {
    const { kind, language, id } = only;
    // Rank versions at or below the latest pointer per series (a version above it is still being
    // written), keep the top 1 + 5, then drop expired rows other than the latest. Served by
    // artifacts_job_kind_version_uq; the window is applied before the expiry filter so an old
    // version never slides back into view when a newer one expires.
    const result = await this.db.execute(sql`
      SELECT v.*
      FROM (
        SELECT a.*, a.id = l.latest_artifact_id AS is_latest,
               row_number() OVER (PARTITION BY a.kind, a.language ORDER BY a.version DESC) AS position
        FROM job_artifact_latest l
        JOIN artifacts a ON a.job_id = l.job_id AND a.kind = l.kind AND a.language = l.language
                        AND a.version <= l.latest_version
        WHERE l.job_id = ${jobId}::uuid AND a.owner_user_id = ${owner}
          ${kind === undefined ? sql`` : sql`AND l.kind = ${kind}`}
          ${language === undefined ? sql`` : sql`AND l.language = ${language}`}
      ) v
      WHERE v.position <= ${1 + VISIBLE_PREVIOUS_VERSIONS}
        AND (v.is_latest OR v.expires_at > now())
        ${id === undefined ? sql`` : sql`AND v.id = ${id}::uuid`}
      ORDER BY v.kind, v.language, v.version DESC`);
    return result.rows.map((raw) => ({ ...mapRow(artifacts, raw), isLatest: raw.is_latest === true }));
  }
}

function assertLanguage(language: string): void {
  if (!/^[a-z]{2,3}$/.test(language)) {
    throw new AppError("validation_failed", `Not a language tag: ${language}.`);
  }
}

function assertKind(kind: string): asserts kind is ArtifactKind {
  if (!(ARTIFACT_KINDS as readonly string[]).includes(kind)) {
    throw new AppError("validation_failed", `Unknown artifact kind: ${kind}.`);
  }
}
