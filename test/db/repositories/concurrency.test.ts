/**
 * The data layer under real parallel connections (PostgreSQL only: PGlite has
 * a single connection, so nothing would run concurrently there).
 */
import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withOwner, withSystem } from "../../../src/db/owner-scope.js";
import { ArtifactRepository } from "../../../src/db/repositories/artifact-repository.js";
import { JobRepository } from "../../../src/db/repositories/job-repository.js";
import { TaskRepository } from "../../../src/db/repositories/task-repository.js";
import { artifacts, tasks } from "../../../src/db/schema.js";
import { artifactInput, makeJob } from "../../support/data-fixtures.js";
import {
  createTestDatabase,
  hasPostgres,
  noteSkippedWithoutPostgres,
  type TestDatabase,
} from "../../support/database.js";

const postgres = await hasPostgres();
if (!postgres)
  noteSkippedWithoutPostgres("data-layer concurrency tests (200 allocations, 100 idempotent creates)");

describe.skipIf(!postgres)("data layer under concurrency on PostgreSQL", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ engine: "postgres", poolMax: 20 });
  });
  afterAll(() => t.drop());

  it("hands out exactly 1..200 to 200 concurrent allocateVersion calls", async () => {
    const job = await makeJob(t.database, "alice");
    const versions = await Promise.all(
      Array.from({ length: 200 }, () =>
        withOwner(t.database, "alice", (tx) =>
          new ArtifactRepository(tx).allocateVersion(job.id, "pdf", "en", "alice"),
        ),
      ),
    );
    expect(versions.sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it("creates one row for 100 concurrent creates with one key and gives every caller its id", async () => {
    const job = await makeJob(t.database, "alice");
    const key = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        withOwner(t.database, "alice", (tx) =>
          new TaskRepository(tx).create({
            job_id: job.id,
            owner_user_id: "alice",
            idempotency_key: key,
            task_type: "export",
            input_payload: { formats: ["pdf"] },
            trace_id: randomUUID(),
          }),
        ),
      ),
    );
    const ids = new Set(results.map((r) => r.task.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const [row] = await withSystem(t.database, (tx) =>
      tx.select({ n: count() }).from(tasks).where(eq(tasks.idempotencyKey, key)),
    );
    expect(row?.n).toBe(1);
  });

  it("keeps concurrent createNextVersion gapless with the pointer on the maximum", async () => {
    const job = await makeJob(t.database, "alice");
    const made = await Promise.all(
      Array.from({ length: 60 }, () =>
        withOwner(t.database, "alice", (tx) =>
          new ArtifactRepository(tx).createNextVersion(artifactInput(job)),
        ),
      ),
    );
    expect(made.map((m) => m.artifact.version).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 60 }, (_, i) => i + 1),
    );
    const latest = await withOwner(t.database, "alice", (tx) =>
      new ArtifactRepository(tx).getLatest(job.id, "pdf", "en", "alice"),
    );
    expect(latest?.version).toBe(60);
    const stored = await withSystem(t.database, (tx) =>
      tx.select({ version: artifacts.version }).from(artifacts).where(eq(artifacts.jobId, job.id)),
    );
    expect(stored).toHaveLength(60);
  });

  it("leaves the pointer on the maximum when pointer updates race in any order", async () => {
    const job = await makeJob(t.database, "alice");
    const made = await withOwner(t.database, "alice", async (tx) => {
      const repo = new ArtifactRepository(tx);
      const rows = [];
      for (let i = 0; i < 30; i++) {
        const version = await repo.allocateVersion(job.id, "docx", "en", "alice");
        rows.push(await repo.create({ ...artifactInput(job, "docx"), version }));
      }
      return rows;
    });
    // A fixed shuffle (reverse interleaved) so the highest version is not simply last.
    const order = [...made.filter((_, i) => i % 2 === 0).reverse(), ...made.filter((_, i) => i % 2 === 1)];
    await Promise.all(
      order.map((a) =>
        withOwner(t.database, "alice", (tx) =>
          new ArtifactRepository(tx).updateLatestPointer(job.id, "docx", a.id, a.version, "alice"),
        ),
      ),
    );
    const latest = await withOwner(t.database, "alice", (tx) =>
      new ArtifactRepository(tx).getLatest(job.id, "docx", "en", "alice"),
    );
    expect(latest?.version).toBe(30);
  });

  it("does not deadlock when exports list their kinds in opposite orders", async () => {
    const job = await makeJob(t.database, "alice");
    const kinds = ["pdf", "docx", "json", "zip"] as const;
    const exportOnce = (order: readonly (typeof kinds)[number][]) =>
      withOwner(t.database, "alice", (tx) =>
        new ArtifactRepository(tx).createNextVersions(order.map((kind) => artifactInput(job, kind))),
      );
    const runs = await Promise.all(
      Array.from({ length: 20 }, (_, i) => exportOnce(i % 2 === 0 ? kinds : [...kinds].reverse())),
    );
    // Results come back in the order asked for.
    expect(runs[1]!.map((r) => r.artifact.kind)).toEqual([...kinds].reverse());
    for (const kind of kinds) {
      const versions = runs.flatMap((run) =>
        run.filter((r) => r.artifact.kind === kind).map((r) => r.artifact.version),
      );
      expect(versions.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
  });

  it("lets exactly one of 10 concurrent updates with the same token win", async () => {
    const job = await makeJob(t.database, "alice");
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        withOwner(t.database, "alice", (tx) =>
          new JobRepository(tx).update(
            job.id,
            "alice",
            { export_settings: { writer: i } },
            { expectedUpdatedAt: job.updatedAt },
          ),
        ),
      ),
    );
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.filter((o) => o.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost.map((o) => (o.reason as { code?: string }).code)).toEqual(
      Array(9).fill("precondition_failed"),
    );
    const stored = await withOwner(t.database, "alice", (tx) =>
      new JobRepository(tx).findById(job.id, "alice"),
    );
    expect(stored?.exportSettings).toEqual(
      (won[0] as PromiseFulfilledResult<{ exportSettings: unknown }>).value.exportSettings,
    );
  });
});
