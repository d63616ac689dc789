/**
 * The export handler's effects under failure: a blob store outage is a
 * retryable error that leaves no artifact row behind, and a repeated run of a
 * task that already committed adds nothing.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppWorker } from "../../../src/app/server.js";
import { withSystem } from "../../../src/db/owner-scope.js";
import { AppError } from "../../../src/errors.js";
import type { BlobStore } from "../../../src/storage/blob-store.js";
import { readStream } from "../../../src/storage/read-stream.js";
import type { TaskContext } from "../../../src/tasks/types.js";
import { zipEntries } from "../../resume/render/zip-entries.js";
import { as, createHarness, type Harness, json, multipart, OWNER_A, seedJob } from "../../support/http.js";

/** Fails the next `failures` puts as an unreachable store would. */
class FlakyStore {
  failures = 0;
  puts = 0;
  constructor(private readonly inner: BlobStore) {}
  wrap(): BlobStore {
    return new Proxy(this.inner, {
      get: (target, prop, receiver) => {
        if (prop !== "put") return Reflect.get(target, prop, receiver);
        return async (...args: Parameters<BlobStore["put"]>) => {
          this.puts++;
          if (this.failures > 0) {
            this.failures--;
            throw new AppError("storage_unavailable", "blob storage unreachable");
          }
          return target.put(...args);
        };
      },
    });
  }
}

let h: Harness;
let flaky: FlakyStore;

beforeAll(async () => {
  h = await createHarness({
    wrapBlobStore: (store) => {
      flaky = new FlakyStore(store);
      return flaky.wrap();
    },
  });
});
afterAll(async () => {
  await h?.close();
});

async function artifactRows(jobId: string) {
  const result = await h.ctx.database.db.execute(
    sql`SELECT kind, version, task_id FROM artifacts WHERE job_id = ${jobId}::uuid ORDER BY kind, version`,
  );
  return result.rows as { kind: string; version: number; task_id: string }[];
}

describe("upload while the blob store is down", () => {
  it("answers 503 storage_unavailable and creates no job", async () => {
    const owner = "upload-outage@example.test";
    flaky.failures = 1;
    const body = multipart(
      "cv.json",
      Buffer.from(JSON.stringify({ basics: { name: "Ada" } })),
      "application/json",
    );
    const response = await h.app.inject({
      method: "POST",
      url: "/api/v1/jobs",
      headers: as(owner, body.headers),
      payload: body.payload,
    });
    expect(response.statusCode).toBe(503);
    expect(json(response)).toMatchObject({ code: "storage_unavailable" });
    expect(response.headers["retry-after"]).toBeDefined();
    const list = json<{ items: unknown[] }>(await h.app.inject({ url: "/api/v1/jobs", headers: as(owner) }));
    expect(list.items).toEqual([]);
  });
});

describe("export handler", () => {
  it("retries a blob store outage without leaving a half-written artifact", async () => {
    const job = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    const worker = createAppWorker(h.ctx);
    const outcomes: string[] = [];
    const done = new Promise<void>((resolve) => {
      worker.events.on("settled", ({ outcome }) => {
        outcomes.push(outcome);
        if (outcomes.length === 2) resolve();
      });
    });
    flaky.failures = 1; // the first upload of the first attempt fails
    const started = await h.app.inject({
      method: "POST",
      url: `/api/v1/jobs/${job.id}/exports`,
      headers: as(OWNER_A),
      payload: { formats: ["pdf", "json"] },
    });
    const taskId = json<{ task: { id: string } }>(started).task.id;
    const firstSettled = new Promise<void>((resolve) => worker.events.once("settled", () => resolve()));
    await worker.start();
    try {
      await firstSettled;
      // After the failed attempt: nothing committed.
      expect(await artifactRows(job.id)).toEqual([]);
      await done;
    } finally {
      await worker.stop();
    }
    const task = json<{
      status: string;
      attempts: number;
      result: { artifacts: { kind: string; version: number }[] };
    }>(await h.app.inject({ url: `/api/v1/tasks/${taskId}`, headers: as(OWNER_A) }));
    expect(task.status).toBe("completed");
    expect(task.attempts).toBe(2);
    expect((await artifactRows(job.id)).map((r) => [r.kind, r.version])).toEqual([
      ["json", 1],
      ["pdf", 1],
    ]);
  });

  it("a second run of a task that already committed returns the same artifacts and adds none", async () => {
    const job = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    const { handler, context } = await exportTask(job.id);
    const input = handler.input.parse({ job_id: job.id, formats: ["pdf"], bundle: true });
    const first = await handler.run(input, context());
    const second = await handler.run(input, context());
    expect(second).toEqual(first);
    expect((await artifactRows(job.id)).map((r) => [r.kind, r.version])).toEqual([
      ["pdf", 1],
      ["zip", 1],
    ]);
  });

  it("writes a bundle manifest naming the files' versions and the job description's hash", async () => {
    const job = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    const jdHash = "a".repeat(64);
    await h.ctx.database.db.execute(sql`
      UPDATE jobs SET sections = jsonb_set(sections, '{meta,optimized_for}',
        ${JSON.stringify({ task_id: randomUUID(), job_description_sha256: jdHash, applied_at: new Date().toISOString() })}::jsonb)
      WHERE id = ${job.id}::uuid`);
    let manifest: Record<string, unknown> = {};
    for (let round = 1; round <= 2; round++) {
      const { handler, context } = await exportTask(job.id);
      const input = handler.input.parse({ job_id: job.id, formats: ["docx", "pdf"], bundle: true });
      const result = (await handler.run(input, context())) as { artifacts: { id: string; kind: string }[] };
      const zipId = result.artifacts.find((a) => a.kind === "zip")!.id;
      const path = await h.ctx.database.db.execute(
        sql`SELECT blob_path FROM artifacts WHERE id = ${zipId}::uuid`,
      );
      const stream = await h.ctx.blobStore.get((path.rows[0] as { blob_path: string }).blob_path);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
      const entries = await zipEntries(Buffer.concat(chunks));
      manifest = JSON.parse(entries.get("manifest.json")!.toString("utf8"));
    }
    expect(manifest).toMatchObject({
      job_id: job.id,
      artifact_versions: { pdf: 2, docx: 2 },
      job_description_sha256: jdHash,
    });
    expect((await artifactRows(job.id)).filter((r) => r.kind === "zip").map((r) => r.version)).toEqual([
      1, 2,
    ]);
  });
});

describe("exports of a variant", () => {
  it("render the variant's own content as its own artifact series; the manifest names master and variant", async () => {
    const master = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    const scope = { ownerUserId: OWNER_A, traceId: randomUUID() };
    const { job: variant } = await h.ctx.services.variants.create(scope, master.id, {
      company: "Acme",
      role: "Inference Engineer",
    });
    const sections = structuredClone(variant.sections) as { basics: { label: string } };
    sections.basics.label = "Inference Engineer for Acme";
    await h.ctx.services.jobs.update(scope, variant.id, { sections }, variant.updatedAt);
    await h.ctx.services.jobs.confirm(scope, variant.id);
    const { handler, context } = await exportTask(variant.id);
    const input = handler.input.parse({ job_id: variant.id, formats: ["json"], bundle: true });
    const result = (await handler.run(input, context())) as { artifacts: { id: string; kind: string }[] };
    const read = async (kind: string) => {
      const id = result.artifacts.find((a) => a.kind === kind)!.id;
      const path = await h.ctx.database.db.execute(
        sql`SELECT blob_path FROM artifacts WHERE id = ${id}::uuid`,
      );
      return readStream(await h.ctx.blobStore.get((path.rows[0] as { blob_path: string }).blob_path));
    };
    expect((await read("json")).toString("utf8")).toContain("Inference Engineer for Acme");
    const manifest = JSON.parse((await zipEntries(await read("zip"))).get("manifest.json")!.toString("utf8"));
    expect(manifest).toMatchObject({
      job_id: variant.id,
      variant: {
        master_job_id: master.id,
        variant_job_id: variant.id,
        company: "Acme",
        role: "Inference Engineer",
      },
      artifact_versions: { json: 1 },
    });
    expect(await artifactRows(master.id)).toEqual([]);
  });
});

describe("exports out of date", () => {
  type Listed = {
    kind: string;
    version: number;
    out_of_date: boolean;
    template: string;
    page_size: string;
    language: string;
  };
  const list = async (jobId: string) =>
    json<{ items: Listed[] }>(
      await h.app.inject({ url: `/api/v1/jobs/${jobId}/artifacts`, headers: as(OWNER_A) }),
    ).items.map((a) => [a.kind, a.version, a.out_of_date]);
  const run = async (jobId: string, formats: string[]) => {
    const { handler, context } = await exportTask(jobId);
    await handler.run(handler.input.parse({ job_id: jobId, formats }), context());
  };

  it("an edit after an export keeps the CV exportable and marks the files made before it out of date", async () => {
    const job = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    await run(job.id, ["pdf"]);
    const listed = json<{ items: Listed[] }>(
      await h.app.inject({ url: `/api/v1/jobs/${job.id}/artifacts`, headers: as(OWNER_A) }),
    ).items;
    expect(listed).toEqual([
      expect.objectContaining({
        kind: "pdf",
        out_of_date: false,
        template: "classic",
        page_size: "A4",
        language: "en",
      }),
    ]);

    const read = await h.app.inject({ url: `/api/v1/jobs/${job.id}`, headers: as(OWNER_A) });
    const sections = json<{ sections: { basics: { name: string } } }>(read).sections;
    sections.basics.name = "Richard Hendricks";
    const edited = await h.app.inject({
      method: "PATCH",
      url: `/api/v1/jobs/${job.id}`,
      headers: as(OWNER_A, { "if-match": read.headers.etag as string }),
      payload: { sections },
    });
    // A person's own edit is reviewed: the CV stays confirmed, and the earlier export is out of date.
    expect(json(edited)).toMatchObject({ cv_sections_confirmed: true, schema_dirty: true });
    expect(await list(job.id)).toEqual([["pdf", 1, true]]);

    // Exporting another kind brings that one up to date; the PDF made before the edit stays out of date.
    await run(job.id, ["docx"]);
    expect(await list(job.id)).toEqual([
      ["docx", 1, false],
      ["pdf", 1, true],
    ]);
    expect(json(await h.app.inject({ url: `/api/v1/jobs/${job.id}`, headers: as(OWNER_A) }))).toMatchObject({
      schema_dirty: false,
    });
    await run(job.id, ["pdf"]);
    expect(await list(job.id)).toEqual([
      ["pdf", 2, false],
      ["docx", 1, false],
      ["pdf", 1, true],
    ]);
  });
});

describe("HTML and Markdown exports", () => {
  it("are artifact kinds with their own versions, content types and file names, and go into the bundle", async () => {
    const job = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    for (const round of [1, 2]) {
      const { handler, context } = await exportTask(job.id);
      const input = handler.input.parse({
        job_id: job.id,
        formats: ["html", "markdown"],
        bundle: round === 2,
      });
      await handler.run(input, context());
    }
    const rows = await h.ctx.database.db.execute(
      sql`SELECT kind, version, content_type, filename, blob_path FROM artifacts WHERE job_id = ${job.id}::uuid ORDER BY kind, version`,
    );
    const summary = rows.rows.map((r) => [r.kind, r.version, r.content_type, r.filename]);
    expect(summary).toEqual([
      ["html", 1, "text/html", "richard-hendriks-resume.html"],
      ["html", 2, "text/html", "richard-hendriks-resume.html"],
      ["markdown", 1, "text/markdown", "richard-hendriks-resume.md"],
      ["markdown", 2, "text/markdown", "richard-hendriks-resume.md"],
      ["zip", 1, "application/zip", "richard-hendriks-resume.zip"],
    ]);
    const md = rows.rows.find((r) => r.kind === "markdown")!;
    const bytes = await readStream(await h.ctx.blobStore.get(String(md.blob_path)));
    expect(bytes.toString("utf8")).toMatch(/^# Richard Hendriks\n/);
    const zip = rows.rows.find((r) => r.kind === "zip")!;
    const entries = await zipEntries(await readStream(await h.ctx.blobStore.get(String(zip.blob_path))));
    expect([...entries.keys()].sort()).toEqual([
      "manifest.json",
      "richard-hendriks-resume.html",
      "richard-hendriks-resume.md",
    ]);
  });
});

async function exportTask(jobId: string) {
  const taskId = randomUUID();
  const traceId = randomUUID();
  await h.ctx.database.db.execute(sql`
      INSERT INTO tasks (id, job_id, owner_user_id, idempotency_key, request_hash, task_type, input_payload, trace_id)
      VALUES (${taskId}::uuid, ${jobId}::uuid, ${OWNER_A}, ${`k-${taskId}`}, 'h', 'export', '{}'::jsonb, ${traceId}::uuid)`);
  const handler = h.ctx.handlers.require("export");
  const context = (): TaskContext => ({
    task: {
      id: taskId,
      jobId,
      ownerUserId: OWNER_A,
      traceId,
      attempt: 1,
      maxAttempts: 3,
      taskType: "export",
    },
    signal: new AbortController().signal,
    reportProgress: async () => {},
    fencedTransaction: (fn) => withSystem(h.ctx.database, fn),
    logger: h.ctx.logger,
    workerId: "test-worker",
    now: () => new Date(),
  });
  return { handler, context };
}
