/**
 * Variants, versions and share links through the API: a master gets two variants for two postings, a
 * master edit reaches both, a conflict is listed and resolved both ways, a change is promoted back;
 * versions are named, compared, restored and the restore undone; each variant's file is shared with
 * its own recipient, opened without login, views show for the owner, one link is revoked and one
 * expires (410); another owner sees none of it; the public routes are rate-limited.
 */
import { sql } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  as,
  createHarness,
  expectProblem,
  type Harness,
  json,
  OWNER_A,
  OWNER_B,
  seedArtifact,
  seedJob,
} from "../support/http.js";

type Job = { id: string; sections: { basics: Record<string, string> } & Record<string, unknown> };
type Variant = {
  job_id: string;
  master_job_id: string;
  target: Record<string, string>;
  overridden: string[];
  conflicts: { path: string; mine: unknown; master: unknown }[];
  job: Job;
};
type Version = {
  id: string;
  number: number;
  name: string | null;
  reason: string;
  replaced_version_id: string;
  changes?: { count: number; paths: string[] } | null;
};
type Link = {
  id: string;
  recipient: string;
  status: string;
  views: number;
  first_viewed_at: string | null;
  last_viewed_at: string | null;
  artifact: { id: string; version: number; kind: string } | null;
  token?: string;
  path?: string;
};

const SHARE_LIMIT = 40;
let h: Harness;

beforeAll(async () => {
  h = await createHarness({ env: { SHARE_RATE_LIMIT_PER_MINUTE: String(SHARE_LIMIT) } });
});
afterAll(async () => {
  await h?.close();
});

const api = (
  method: "GET" | "POST" | "PATCH" | "DELETE",
  url: string,
  owner = OWNER_A,
  payload?: unknown,
  headers = {},
) =>
  h.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: as(owner, headers),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });

const ok = <T>(response: LightMyRequestResponse, status = 200): T => {
  expect(response.statusCode, response.body).toBe(status);
  return json<T>(response);
};

async function getJob(id: string): Promise<{ job: Job; etag: string }> {
  const response = await api("GET", `/jobs/${id}`);
  return { job: ok<Job>(response), etag: String(response.headers.etag) };
}

/** Edit one basics field of a job through the ordinary PATCH with If-Match. */
async function editBasics(id: string, field: string, value: string): Promise<Job> {
  const { job, etag } = await getJob(id);
  const sections = { ...job.sections, basics: { ...job.sections.basics, [field]: value } };
  return ok<Job>(await api("PATCH", `/jobs/${id}`, OWNER_A, { sections }, { "if-match": etag }));
}

describe("variants of a master CV", () => {
  let masterId: string;
  let acme: string;
  let globex: string;

  beforeAll(async () => {
    masterId = (await seedJob(h.ctx, OWNER_A, { confirmed: true })).id;
  });

  it("derives two variants for two postings, each starting as the master", async () => {
    const a = ok<Variant>(
      await api("POST", `/jobs/${masterId}/variants`, OWNER_A, {
        company: "Acme",
        role: "Inference Engineer",
      }),
      201,
    );
    const g = ok<Variant>(
      await api("POST", `/jobs/${masterId}/variants`, OWNER_A, {
        company: "Globex",
        posting_url: "https://jobs.example.com/globex/42",
      }),
      201,
    );
    acme = a.job_id;
    globex = g.job_id;
    expect(a).toMatchObject({
      master_job_id: masterId,
      target: { company: "Acme" },
      overridden: [],
      conflicts: [],
    });
    const { job: master } = await getJob(masterId);
    expect(a.job.sections.basics).toEqual(master.sections.basics);
    const list = ok<{ items: Variant[] }>(await api("GET", `/jobs/${masterId}/variants`));
    expect(list.items.map((v) => v.target.company)).toEqual(["Acme", "Globex"]);
    // A variant of a variant is refused; another owner cannot derive from this master.
    expectProblem(await api("POST", `/jobs/${acme}/variants`, OWNER_A, {}), 409, "conflict");
    expectProblem(await api("POST", `/jobs/${masterId}/variants`, OWNER_B, {}), 404, "not_found");
  });

  it("carries a master edit into both variants except the fields a variant changed, and lists the conflict", async () => {
    await editBasics(acme, "label", "Inference Engineer");
    await editBasics(globex, "summary", "Builds compression for Globex.");
    expect(ok<Variant>(await api("GET", `/variants/${globex}`)).overridden).toEqual(["basics/summary"]);

    await editBasics(masterId, "summary", "Builds compression at scale.");
    await editBasics(masterId, "phone", "+1 555 0199");

    const a = ok<Variant>(await api("GET", `/variants/${acme}`));
    expect(a.job.sections.basics).toMatchObject({
      label: "Inference Engineer",
      summary: "Builds compression at scale.",
      phone: "+1 555 0199",
    });
    expect(a.conflicts).toEqual([]);
    const g = ok<Variant>(await api("GET", `/variants/${globex}`));
    expect(g.job.sections.basics).toMatchObject({
      summary: "Builds compression for Globex.",
      phone: "+1 555 0199",
    });
    expect(g.conflicts).toEqual([
      {
        path: "basics/summary",
        mine: "Builds compression for Globex.",
        master: "Builds compression at scale.",
      },
    ]);
    const diff = ok<{ changes: { path: string; before: unknown; after: unknown }[] }>(
      await api("GET", `/variants/${acme}/diff`),
    );
    expect(diff.changes).toEqual([
      { path: "basics/label", before: "Programmer", after: "Inference Engineer" },
    ]);
  });

  it("resolves a conflict by keeping the variant's value, then another by taking the master's", async () => {
    const kept = ok<Variant>(
      await api("POST", `/variants/${globex}/conflicts/resolve`, OWNER_A, {
        path: "basics/summary",
        choice: "keep_mine",
      }),
    );
    expect(kept.conflicts).toEqual([]);
    expect(kept.job.sections.basics.summary).toBe("Builds compression for Globex.");
    expectProblem(
      await api("POST", `/variants/${globex}/conflicts/resolve`, OWNER_A, {
        path: "basics/summary",
        choice: "keep_mine",
      }),
      404,
      "not_found",
    );

    await editBasics(masterId, "summary", "Builds and serves compression.");
    expect(ok<Variant>(await api("GET", `/variants/${globex}`)).conflicts).toHaveLength(1);
    const taken = ok<Variant>(
      await api("POST", `/variants/${globex}/conflicts/resolve`, OWNER_A, {
        path: "basics/summary",
        choice: "take_master",
      }),
    );
    expect(taken).toMatchObject({ conflicts: [], overridden: [] });
    expect(taken.job.sections.basics.summary).toBe("Builds and serves compression.");
  });

  it("promotes a variant's change to the master, which carries it to the other variant", async () => {
    const { master } = ok<{ master: Job }>(
      await api("POST", `/variants/${acme}/promote`, OWNER_A, { path: "basics/label" }),
    );
    expect(master.sections.basics.label).toBe("Inference Engineer");
    expect(ok<Variant>(await api("GET", `/variants/${acme}`)).overridden).toEqual([]);
    expect(ok<Variant>(await api("GET", `/variants/${globex}`)).job.sections.basics.label).toBe(
      "Inference Engineer",
    );
    expectProblem(
      await api("POST", `/variants/${acme}/promote`, OWNER_A, { path: "basics/label" }),
      404,
      "not_found",
    );
  });

  it("takes a master edit and a variant edit at the same time without deadlock or a lost change", async () => {
    const scope = { ownerUserId: OWNER_A, traceId: "00000000-0000-4000-8000-000000000000" };
    const master = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    const { job: variant } = await h.ctx.services.variants.create(scope, master.id, { company: "Race" });
    // As a client does: a 412 (the other side wrote first) means reload and retry; anything else fails.
    const edit = async (id: string, field: string, value: string) => {
      for (;;) {
        const job = await h.ctx.services.jobs.get(OWNER_A, id);
        const sections = structuredClone(job.sections) as { basics: Record<string, string> };
        sections.basics[field] = value;
        try {
          return await h.ctx.services.jobs.update(scope, id, { sections }, job.updatedAt);
        } catch (error) {
          if ((error as { code?: string }).code !== "precondition_failed") throw error;
        }
      }
    };
    for (let round = 0; round < 8; round++) {
      await Promise.all([
        edit(master.id, "phone", `+1 555 01${round}`),
        edit(variant.id, "label", `Label ${round}`),
      ]);
    }
    const v = ok<Variant>(await api("GET", `/variants/${variant.id}`));
    expect(v.job.sections.basics).toMatchObject({ label: "Label 7", phone: "+1 555 017" });
    expect(v.overridden).toEqual(["basics/label"]);
  });

  it("shows another owner nothing of them", async () => {
    expectProblem(await api("GET", `/variants/${acme}`, OWNER_B), 404, "not_found");
    expectProblem(await api("GET", `/variants/${acme}/diff`, OWNER_B), 404, "not_found");
    expectProblem(await api("GET", `/jobs/${masterId}/variants`, OWNER_B), 404, "not_found");
    expectProblem(
      await api("POST", `/variants/${acme}/promote`, OWNER_B, { path: "basics/label" }),
      404,
      "not_found",
    );
  });
});

describe("named versions", () => {
  it("names, compares and restores a version, and undoes the restore", async () => {
    const job = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    const named = ok<Version>(
      await api("POST", `/jobs/${job.id}/versions`, OWNER_A, { name: "before tailoring for Acme" }),
      201,
    );
    await editBasics(job.id, "label", "Inference Engineer");
    const edited = await editBasics(job.id, "summary", "Tailored summary.");
    const list = ok<{ items: Version[] }>(await api("GET", `/jobs/${job.id}/versions`));
    expect(list.items.map((v) => [v.number, v.reason, v.name, v.changes])).toEqual([
      [3, "edit", null, { count: 1, paths: ["basics/summary"] }],
      [2, "edit", null, { count: 1, paths: ["basics/label"] }],
      [1, "snapshot", "before tailoring for Acme", null],
    ]);
    const newest = list.items[0]!;
    const compare = ok<{ changes: { path: string }[] }>(
      await api("GET", `/jobs/${job.id}/versions/compare?from=${named.id}&to=${newest.id}`),
    );
    expect(compare.changes.map((c) => c.path)).toEqual(["basics/label", "basics/summary"]);
    ok(await api("PATCH", `/jobs/${job.id}/versions/${newest.id}`, OWNER_A, { name: "tailored" }));

    // A stale If-Match is refused; the current one restores.
    expectProblem(
      await api("POST", `/jobs/${job.id}/versions/${named.id}/restore`, OWNER_A, undefined, {
        "if-match": '"2000-01-01T00:00:00.000Z"',
      }),
      412,
      "precondition_failed",
    );
    const { etag } = await getJob(job.id);
    const restored = ok<{ job: Job; version: Version }>(
      await api("POST", `/jobs/${job.id}/versions/${named.id}/restore`, OWNER_A, undefined, {
        "if-match": etag,
      }),
    );
    expect(restored.job.sections.basics.label).toBe("Programmer");
    expect(restored.version).toMatchObject({ number: 4, reason: "restore", replaced_version_id: newest.id });

    const undone = ok<{ job: Job; version: Version }>(
      await api("POST", `/jobs/${job.id}/versions/${restored.version.id}/undo`),
    );
    expect(undone.job.sections.basics).toMatchObject({
      label: "Inference Engineer",
      summary: "Tailored summary.",
    });
    expect(undone.job.sections).toEqual(edited.sections);
    // The undo is itself a restore, so it can be undone; an edit made since blocks the undo.
    await editBasics(job.id, "label", "Edited after undo");
    expectProblem(await api("POST", `/jobs/${job.id}/versions/${undone.version.id}/undo`), 409, "conflict");
    expectProblem(await api("POST", `/jobs/${job.id}/versions/${named.id}/undo`), 409, "conflict");

    expectProblem(await api("GET", `/jobs/${job.id}/versions`, OWNER_B), 404, "not_found");
    expectProblem(await api("GET", `/jobs/${job.id}/versions/${named.id}`, OWNER_B), 404, "not_found");
    expectProblem(
      await api("POST", `/jobs/${job.id}/versions/${named.id}/restore`, OWNER_B),
      404,
      "not_found",
    );
  });
});

describe("share links", () => {
  const open = (token: string, headers: Record<string, string> = {}) =>
    h.app.inject({ url: `/api/v1/shared/${token}/file`, headers });

  it("shares each variant's file with its own recipient, counts views, and answers 410 when revoked or expired", async () => {
    const master = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    const a = ok<Variant>(
      await api("POST", `/jobs/${master.id}/variants`, OWNER_A, { company: "Acme" }),
      201,
    );
    const g = ok<Variant>(
      await api("POST", `/jobs/${master.id}/variants`, OWNER_A, { company: "Globex" }),
      201,
    );
    const fileA = await seedArtifact(h.ctx, OWNER_A, a.job_id);
    const fileG = await seedArtifact(h.ctx, OWNER_A, g.job_id);

    const linkA = ok<Link>(
      await api("POST", `/jobs/${a.job_id}/shares`, OWNER_A, {
        artifact_id: fileA.artifact.id,
        recipient: "Acme — recruiter",
      }),
      201,
    );
    const linkG = ok<Link>(
      await api("POST", `/jobs/${g.job_id}/shares`, OWNER_A, {
        artifact_id: fileG.artifact.id,
        recipient: "Globex — hiring manager",
        expires_in_days: 7,
      }),
      201,
    );
    expect(linkA.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(linkA.path).toBe(`/s/${linkA.token}`);
    expect(linkA).toMatchObject({
      status: "active",
      views: 0,
      artifact: { id: fileA.artifact.id, version: 1 },
    });
    // Only the token's hash is stored.
    const stored = await h.ctx.database.db.execute(sql`SELECT token_hash FROM share_links`);
    expect(JSON.stringify(stored.rows)).not.toContain(linkA.token);

    // A file of another CV, a life past the maximum, and another owner are refused.
    expectProblem(
      await api("POST", `/jobs/${a.job_id}/shares`, OWNER_A, {
        artifact_id: fileG.artifact.id,
        recipient: "x",
      }),
      404,
      "not_found",
    );
    expectProblem(
      await api("POST", `/jobs/${a.job_id}/shares`, OWNER_A, {
        artifact_id: fileA.artifact.id,
        recipient: "x",
        expires_in_days: 1000,
      }),
      400,
      "validation_failed",
    );
    expectProblem(
      await api("POST", `/jobs/${a.job_id}/shares`, OWNER_B, {
        artifact_id: fileA.artifact.id,
        recipient: "x",
      }),
      404,
      "not_found",
    );

    // The recipient opens the link without any login.
    const info = await h.app.inject({ url: `/api/v1/shared/${linkA.token}` });
    expect(info.statusCode).toBe(200);
    expect(info.headers["x-robots-tag"]).toBe("noindex, nofollow");
    expect(json(info)).toEqual({
      filename: fileA.artifact.filename,
      content_type: "application/pdf",
      size_bytes: fileA.bytes.length,
      expires_at: expect.any(String),
    });
    expect(JSON.stringify(json(info))).not.toContain(OWNER_A);
    const file = await open(linkA.token!, {
      "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
      "cf-ipcountry": "de",
    });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(fileA.bytes)).toBe(true);
    expect(file.headers["x-robots-tag"]).toBe("noindex, nofollow");
    expect(file.headers["cache-control"]).toBe("no-store");
    await open(linkA.token!, { "user-agent": "Mozilla/5.0 (iPhone) Version/17 Mobile Safari/604.1" });
    expect((await open(linkG.token!)).rawPayload.equals(fileG.bytes)).toBe(true);

    const listed = ok<{
      items: (Variant & { last_export_at: string | null; last_shared_at: string | null })[];
    }>(await api("GET", `/jobs/${master.id}/variants`));
    expect(listed.items.map((v) => [v.last_export_at !== null, v.last_shared_at !== null])).toEqual([
      [true, true],
      [true, true],
    ]);
    const fresh = ok<Variant>(
      await api("POST", `/jobs/${master.id}/variants`, OWNER_A, { company: "Initech" }),
      201,
    );
    const again = ok<{
      items: (Variant & { last_export_at: string | null; last_shared_at: string | null })[];
    }>(await api("GET", `/jobs/${master.id}/variants`));
    expect(again.items.find((v) => v.job_id === fresh.job_id)).toMatchObject({
      last_export_at: null,
      last_shared_at: null,
    });

    // The owner sees views per link, and which version each recipient has.
    const links = ok<{ items: Link[] }>(await api("GET", `/jobs/${a.job_id}/shares`));
    expect(links.items).toHaveLength(1);
    expect(links.items[0]).toMatchObject({
      recipient: "Acme — recruiter",
      views: 2,
      artifact: { version: 1 },
    });
    expect(links.items[0]!.first_viewed_at).not.toBeNull();
    const detail = ok<Link & { view_log: { user_agent: string; country: string | null }[] }>(
      await api("GET", `/jobs/${a.job_id}/shares/${linkA.id}`),
    );
    expect(detail.view_log).toEqual([
      { viewed_at: expect.any(String), user_agent: "Firefox", country: "DE" },
      { viewed_at: expect.any(String), user_agent: "Safari mobile", country: null },
    ]);
    expect(ok<{ items: Link[] }>(await api("GET", `/jobs/${g.job_id}/shares`)).items[0]?.views).toBe(1);
    expectProblem(await api("GET", `/jobs/${a.job_id}/shares/${linkA.id}`, OWNER_B), 404, "not_found");
    expectProblem(await api("DELETE", `/jobs/${a.job_id}/shares/${linkA.id}`, OWNER_B), 404, "not_found");
    expectProblem(await api("GET", `/jobs/${g.job_id}/shares/${linkA.id}`), 404, "not_found");

    // Revoked: 410 at once, and no view is counted.
    expect(ok<Link>(await api("DELETE", `/jobs/${a.job_id}/shares/${linkA.id}`)).status).toBe("revoked");
    expectProblem(await open(linkA.token!), 410, "link_revoked");
    expectProblem(await h.app.inject({ url: `/api/v1/shared/${linkA.token}` }), 410, "link_revoked");
    // Expired: 410.
    await h.ctx.database.db.execute(
      sql`UPDATE share_links SET expires_at = now() - interval '1 second' WHERE id = ${linkG.id}::uuid`,
    );
    expectProblem(await open(linkG.token!), 410, "link_expired");
    expect(ok<{ items: Link[] }>(await api("GET", `/jobs/${g.job_id}/shares`)).items[0]).toMatchObject({
      status: "expired",
      views: 1,
    });
    expect(ok<Link>(await api("GET", `/jobs/${a.job_id}/shares/${linkA.id}`)).views).toBe(2);

    // Unknown and malformed tokens are 404; deleting the CV kills its links.
    expectProblem(await open("A".repeat(43)), 404, "not_found");
    expectProblem(await open("not-a-token"), 404, "not_found");
    const linkA2 = ok<Link>(
      await api("POST", `/jobs/${a.job_id}/shares`, OWNER_A, {
        artifact_id: fileA.artifact.id,
        recipient: "Acme",
      }),
      201,
    );
    expect((await open(linkA2.token!)).statusCode).toBe(200);
    expect((await api("DELETE", `/jobs/${a.job_id}`)).statusCode).toBe(204);
    expectProblem(await open(linkA2.token!), 404, "not_found");
  });

  it("states how long a link may live, and refuses a longer life", async () => {
    expect(ok<{ default_days: number; max_days: number }>(await api("GET", "/shares/limits"))).toEqual({
      default_days: 30,
      max_days: 90,
    });
    const job = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    const file = await seedArtifact(h.ctx, OWNER_A, job.id);
    const body = { artifact_id: file.artifact.id, recipient: "Initech — recruiter" };
    expectProblem(
      await api("POST", `/jobs/${job.id}/shares`, OWNER_A, { ...body, expires_in_days: 91 }),
      400,
      "validation_failed",
    );
    const longest = ok<{ expires_at: string; created_at: string }>(
      await api("POST", `/jobs/${job.id}/shares`, OWNER_A, { ...body, expires_in_days: 90 }),
      201,
    );
    const days = (Date.parse(longest.expires_at) - Date.parse(longest.created_at)) / 86_400_000;
    expect(Math.round(days)).toBe(90);
  });

  it("asks for the passcode a link was given, and tells nothing without it", async () => {
    const job = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    const file = await seedArtifact(h.ctx, OWNER_A, job.id);
    const link = ok<Link & { passcode: boolean }>(
      await api("POST", `/jobs/${job.id}/shares`, OWNER_A, {
        artifact_id: file.artifact.id,
        recipient: "Acme — recruiter",
        passcode: "blue-heron-42",
      }),
      201,
    );
    expect(link.passcode).toBe(true);
    const stored = await h.ctx.database.db.execute(
      sql`SELECT passcode_hash FROM share_links WHERE id = ${link.id}::uuid`,
    );
    expect(String((stored.rows[0] as { passcode_hash: string }).passcode_hash)).toMatch(
      /^scrypt\$[0-9a-f]{32}\$[0-9a-f]{64}$/,
    );
    for (const headers of [{}, { "x-share-passcode": "blue-heron-43" }] as Record<string, string>[]) {
      const info = await h.app.inject({ url: `/api/v1/shared/${link.token}`, headers });
      expectProblem(info, 403, "passcode_required");
      expect(info.body).not.toContain(file.artifact.filename);
      expectProblem(await open(link.token!, headers), 403, "passcode_required");
    }
    expect(ok<Link>(await api("GET", `/jobs/${job.id}/shares/${link.id}`)).views).toBe(0);
    const opened = await open(link.token!, { "x-share-passcode": "blue-heron-42" });
    expect(opened.statusCode).toBe(200);
    expect(opened.rawPayload.equals(file.bytes)).toBe(true);
    expect(ok<Link>(await api("GET", `/jobs/${job.id}/shares/${link.id}`)).views).toBe(1);
  });

  it("limits the public routes per client address", async () => {
    let limited: LightMyRequestResponse | undefined;
    for (let i = 0; i <= SHARE_LIMIT && !limited; i++) {
      const response = await h.app.inject({ url: `/api/v1/shared/${"B".repeat(43)}` });
      if (response.statusCode === 429) limited = response;
      else expect(response.statusCode).toBe(404);
    }
    expect(limited).toBeDefined();
    expectProblem(limited!, 429, "rate_limited");
  });
});
