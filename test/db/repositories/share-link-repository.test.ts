/**
 * Variants, versions and share links in the database, on PostgreSQL and PGlite: owner isolation by
 * row-level security, the share scope that shows exactly one link, view counting, version numbering
 * and retention, and what deleting a CV takes with it.
 */
import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withOwner, withShareToken } from "../../../src/db/owner-scope.js";
import {
  JobRepository,
  JobVariantRepository,
  JobVersionRepository,
  ShareLinkRepository,
} from "../../../src/db/repositories/index.js";
import { makeArtifact, makeJob } from "../../support/data-fixtures.js";
import { createTestDatabase, type TestDatabase, testEngines } from "../../support/database.js";

const engines = await testEngines("variant, version and share link repository tests on PostgreSQL");
const hash = () => createHash("sha256").update(randomBytes(32)).digest("hex");
const DAY = 86_400_000;

describe.each(engines)("variants, versions and share links on %s", (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ engine });
  });
  afterAll(() => t.drop());

  const as = <T>(owner: string, fn: (tx: Parameters<Parameters<typeof withOwner>[2]>[0]) => Promise<T>) =>
    withOwner(t.database, owner, fn);

  it("links a variant to a master of the same owner only, and hides it from everyone else", async () => {
    const master = await makeJob(t.database, "alice");
    const variant = await makeJob(t.database, "alice");
    const foreign = await makeJob(t.database, "bob");
    const row = await as("alice", (tx) =>
      new JobVariantRepository(tx).create({
        job_id: variant.id,
        master_job_id: master.id,
        owner_user_id: "alice",
        target: { company: "Acme" },
      }),
    );
    expect(row).toMatchObject({ masterJobId: master.id, target: { company: "Acme" }, overrides: [] });
    await expect(
      as("bob", (tx) =>
        new JobVariantRepository(tx).create({
          job_id: foreign.id,
          master_job_id: master.id,
          owner_user_id: "bob",
          target: {},
        }),
      ),
    ).rejects.toMatchObject({ code: "not_found" });
    // Row-level security alone hides it, even when the filter names the real owner.
    expect(await as("bob", (tx) => new JobVariantRepository(tx).findByJob(variant.id, "alice"))).toBeNull();
    expect(await as("bob", (tx) => new JobVariantRepository(tx).listByMaster(master.id, "alice"))).toEqual(
      [],
    );
    expect(
      await as("alice", (tx) => new JobVariantRepository(tx).listByMaster(master.id, "alice")),
    ).toHaveLength(1);
    // Deleting the master unlinks the variant; the variant CV itself stays.
    await as("alice", (tx) => new JobRepository(tx).delete(master.id, "alice"));
    expect(await as("alice", (tx) => new JobVariantRepository(tx).findByJob(variant.id, "alice"))).toBeNull();
    expect(await as("alice", (tx) => new JobRepository(tx).findById(variant.id, "alice"))).not.toBeNull();
  });

  it("numbers versions per job and keeps named ones when pruning unnamed ones", async () => {
    const job = await makeJob(t.database, "alice");
    const add = (name: string | null = null) =>
      as("alice", (tx) =>
        new JobVersionRepository(tx).create({
          job_id: job.id,
          owner_user_id: "alice",
          name,
          reason: name ? "snapshot" : "edit",
          sections: { basics: { name: String(Math.random()) } },
          sections_sha256: hash(),
        }),
      );
    const first = await add();
    const named = await add("before tailoring for Acme");
    for (let i = 0; i < 4; i++) await add();
    expect([first.number, named.number]).toEqual([1, 2]);
    const deleted = await as("alice", (tx) => new JobVersionRepository(tx).pruneUnnamed(job.id, "alice", 2));
    expect(deleted).toBe(3);
    const left = await as("alice", (tx) => new JobVersionRepository(tx).list(job.id, "alice"));
    expect(left.map((v) => [v.number, v.name])).toEqual([
      [6, null],
      [5, null],
      [2, "before tailoring for Acme"],
    ]);
    expect(left[0]).not.toHaveProperty("sections");
    expect(await as("bob", (tx) => new JobVersionRepository(tx).list(job.id, "alice"))).toEqual([]);
    await expect(
      as("alice", (tx) => new JobVersionRepository(tx).rename(first.id, job.id, "alice", "gone")),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("shows exactly the link of a token under the share scope, and counts views only while it lives", async () => {
    const job = await makeJob(t.database, "alice");
    const otherJob = await makeJob(t.database, "alice");
    const artifact = await makeArtifact(t.database, job);
    const tokenHash = hash();
    const now = new Date();
    const link = await as("alice", (tx) =>
      new ShareLinkRepository(tx).create({
        owner_user_id: "alice",
        job_id: job.id,
        artifact_id: artifact.id,
        token_hash: tokenHash,
        recipient: "Acme — recruiter",
        expires_at: new Date(now.getTime() + DAY),
      }),
    );
    const other = await as("alice", (tx) =>
      new ShareLinkRepository(tx).create({
        owner_user_id: "alice",
        job_id: job.id,
        artifact_id: artifact.id,
        token_hash: hash(),
        recipient: "Globex",
        expires_at: new Date(now.getTime() + DAY),
      }),
    );
    // Under the share scope, only the link with that hash exists; an unfiltered read proves it.
    const visible = await withShareToken(t.database, tokenHash, async (tx) => {
      const all = await tx.execute(sql`SELECT id FROM share_links`);
      const views = await tx.execute(sql`SELECT id FROM share_views`);
      const jobs = await tx.execute(sql`SELECT id FROM jobs`);
      return { links: all.rows.map((r) => r.id), views: views.rows.length, jobs: jobs.rows.length };
    });
    expect(visible).toEqual({ links: [link.id], views: 0, jobs: 0 });
    // The pinned file lives at least as long as the link, however long the file's own retention.
    const far = new Date(now.getTime() + 400 * DAY);
    await as("alice", (tx) =>
      new ShareLinkRepository(tx).create({
        owner_user_id: "alice",
        job_id: job.id,
        artifact_id: artifact.id,
        token_hash: hash(),
        recipient: "Initech",
        expires_at: far,
      }),
    );
    const kept = await t.database.db.execute(
      sql`SELECT expires_at FROM artifacts WHERE id = ${artifact.id}::uuid`,
    );
    expect(new Date(String((kept.rows[0] as { expires_at: unknown }).expires_at)).getTime()).toBe(
      far.getTime(),
    );
    expect(
      await withShareToken(t.database, hash(), (tx) =>
        new ShareLinkRepository(tx).findByTokenHash(tokenHash),
      ),
    ).toBeNull();
    // Nor can the share scope change the link.
    await withShareToken(t.database, tokenHash, (tx) =>
      tx.execute(sql`UPDATE share_links SET recipient = 'changed'`),
    );
    expect(
      (await as("alice", (tx) => new ShareLinkRepository(tx).findById(link.id, "alice")))?.recipient,
    ).toBe("Acme — recruiter");

    const repo = (fn: (r: ShareLinkRepository) => Promise<unknown>) =>
      as("alice", (tx) => fn(new ShareLinkRepository(tx)));
    const viewer = { userAgent: "Firefox", country: "DE" };
    await repo((r) => r.recordView(link.id, "alice", now, viewer));
    const later = new Date(now.getTime() + 60_000);
    const counted = (await repo((r) => r.recordView(link.id, "alice", later, viewer))) as {
      viewCount: number;
      firstViewedAt: Date;
      lastViewedAt: Date;
    };
    expect(counted.viewCount).toBe(2);
    expect(counted.firstViewedAt.getTime()).toBe(now.getTime());
    expect(counted.lastViewedAt.getTime()).toBe(later.getTime());
    // Past its expiry no view is counted.
    expect(
      await repo((r) => r.recordView(link.id, "alice", new Date(now.getTime() + 2 * DAY), viewer)),
    ).toBeNull();
    // Bob can neither see, count, nor revoke it.
    expect(await as("bob", (tx) => new ShareLinkRepository(tx).findById(link.id, "alice"))).toBeNull();
    expect(
      await as("bob", (tx) => new ShareLinkRepository(tx).recordView(link.id, "alice", now, viewer)),
    ).toBeNull();
    expect(await as("bob", (tx) => new ShareLinkRepository(tx).revoke(link.id, "alice", now))).toBeNull();
    // A revoked link counts no more views; revoking twice keeps the first time.
    await repo((r) => r.revoke(other.id, "alice", now));
    const again = (await repo((r) => r.revoke(other.id, "alice", later))) as { revokedAt: Date };
    expect(again.revokedAt.getTime()).toBe(now.getTime());
    expect(await repo((r) => r.recordView(other.id, "alice", later, viewer))).toBeNull();
    expect(await repo((r) => r.views(link.id, "alice"))).toHaveLength(2);
    expect(await as("bob", (tx) => new ShareLinkRepository(tx).views(link.id, "alice"))).toEqual([]);

    // A variant list reads when each job was last exported and shared.
    const activity = await as("alice", (tx) => new JobVariantRepository(tx).activity([job.id, otherJob.id]));
    expect(activity.get(job.id)?.lastExportAt?.getTime()).toBe(artifact.createdAt.getTime());
    expect(activity.get(job.id)?.lastSharedAt?.getTime()).toBeGreaterThanOrEqual(link.createdAt.getTime());
    expect(activity.get(otherJob.id)).toEqual({ lastExportAt: null, lastSharedAt: null });
    expect((await as("bob", (tx) => new JobVariantRepository(tx).activity([job.id]))).size).toBe(0);

    // Deleting the CV kills its links and their views.
    await as("alice", (tx) => new JobRepository(tx).delete(job.id, "alice"));
    expect(
      await withShareToken(t.database, tokenHash, (tx) =>
        new ShareLinkRepository(tx).findByTokenHash(tokenHash),
      ),
    ).toBeNull();
  });

  it("refuses a link to another owner's artifact or to an artifact of another job", async () => {
    const job = await makeJob(t.database, "alice");
    const otherJob = await makeJob(t.database, "alice");
    const artifact = await makeArtifact(t.database, otherJob);
    const bobs = await makeJob(t.database, "bob");
    const create = (owner: string, jobId: string) =>
      as(owner, (tx) =>
        new ShareLinkRepository(tx).create({
          owner_user_id: owner,
          job_id: jobId,
          artifact_id: artifact.id,
          token_hash: hash(),
          recipient: "x",
          expires_at: new Date(Date.now() + DAY),
        }),
      );
    await expect(create("alice", job.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(create("bob", bobs.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(create("alice", otherJob.id)).resolves.toMatchObject({ jobId: otherJob.id });
  });
});
