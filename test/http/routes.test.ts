/**
 * Route behaviour through Fastify `inject` on real PostgreSQL: shapes, ETags,
 * gates, cursors, downloads, OpenAPI, health, and the error statuses.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../../src/app/server.js";
import { localSigningKey } from "../../src/storage/create-blob-store.js";
import { signLocalDownload } from "../../src/storage/local-signed-url.js";
import {
  as,
  createHarness,
  expectProblem,
  type Harness,
  json,
  multipart,
  OWNER_A,
  OWNER_B,
  pathOf,
  seedArtifact,
  seedJob,
} from "../support/http.js";

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("health and documents", () => {
  it("answers /healthz, /readyz and /metrics", async () => {
    expect(json(await h.app.inject({ url: "/healthz" }))).toEqual({ status: "ok" });
    const ready = await h.app.inject({ url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(json(ready)).toMatchObject({ ready: true, checks: { database: "ok", storage: "ok" } });
    await h.app.inject({ url: "/api/v1/jobs", headers: as(OWNER_A) });
    const metrics = await h.app.inject({ url: "/metrics" });
    expect(metrics.headers["content-type"]).toMatch(/^text\/plain/);
    expect(metrics.body).toContain(
      'http_requests_total{method="GET",route="/api/v1/jobs",status_code="200"}',
    );
    expect(metrics.body).toContain("process_cpu_seconds_total");
  });

  it("serves a valid OpenAPI document listing every route, and the docs UI", async () => {
    const response = await h.app.inject({ url: "/openapi.json" });
    expect(response.statusCode).toBe(200);
    const doc = json<{ paths: Record<string, Record<string, unknown>> }>(response);
    await SwaggerParser.validate(structuredClone(doc) as never);
    const expected: [string, string][] = [
      ["/api/v1/jobs", "post"],
      ["/api/v1/jobs", "get"],
      ["/api/v1/jobs/{id}", "get"],
      ["/api/v1/jobs/{id}", "patch"],
      ["/api/v1/jobs/{id}", "delete"],
      ["/api/v1/jobs/{id}/confirm", "post"],
      ["/api/v1/jobs/{id}/optimize", "post"],
      ["/api/v1/jobs/{id}/proposals/apply", "post"],
      ["/api/v1/jobs/{id}/exports", "post"],
      ["/api/v1/jobs/{id}/artifacts", "get"],
      ["/api/v1/jobs/{id}/events", "get"],
      ["/api/v1/tasks/{id}", "get"],
      ["/api/v1/tasks/{id}/events", "get"],
      ["/api/v1/tasks/{id}/cancel", "post"],
      ["/api/v1/artifacts/{id}/download", "get"],
      ["/api/v1/blobs/download", "get"],
      ["/healthz", "get"],
      ["/readyz", "get"],
      ["/metrics", "get"],
    ];
    for (const [path, method] of expected)
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    const docs = await h.app.inject({ url: "/docs/" });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain("swagger");
  });

  it("sets security headers and no CORS headers by default", async () => {
    const response = await h.app.inject({
      url: "/api/v1/jobs",
      headers: as(OWNER_A, { origin: "https://evil.example" }),
    });
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["content-security-policy"]).toBeDefined();
    expect(response.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("allows only the configured CORS origins when CORS_ORIGINS is set", async () => {
    const withCors = await createHarness({ env: { CORS_ORIGINS: "https://app.example" } });
    try {
      const preflight = await withCors.app.inject({
        method: "OPTIONS",
        url: "/api/v1/jobs",
        headers: { origin: "https://app.example", "access-control-request-method": "POST" },
      });
      expect(preflight.headers["access-control-allow-origin"]).toBe("https://app.example");
      const other = await withCors.app.inject({
        url: "/api/v1/jobs",
        headers: as(OWNER_A, { origin: "https://evil.example" }),
      });
      expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    } finally {
      await withCors.close();
    }
  });

  it("says how to build the UI when dist/web is absent", async () => {
    const app = await buildServer(h.ctx, { webDir: join(h.dir, "no-web-build") });
    try {
      const response = await app.inject({ url: "/" });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toMatch(/text\/html/);
      expect(response.body).toContain("npm run build:web");
    } finally {
      await app.close();
    }
  });

  it("serves the built UI with a single-page-app fallback, and 404s unknown API routes", async () => {
    const webDir = join(h.dir, "web");
    mkdirSync(join(webDir, "assets"), { recursive: true });
    writeFileSync(join(webDir, "index.html"), "<!doctype html><title>ui</title><div id=root></div>");
    writeFileSync(join(webDir, "assets", "app.js"), "console.log(1)");
    const app = await buildServer(h.ctx, { webDir });
    try {
      expect((await app.inject({ url: "/" })).body).toContain("id=root");
      expect((await app.inject({ url: "/jobs/123/review" })).body).toContain("id=root");
      expect((await app.inject({ url: "/assets/app.js" })).headers["content-type"]).toMatch(/javascript/);
      expect((await app.inject({ url: "/assets/missing.js" })).statusCode).toBe(404);
      expectProblem(await app.inject({ url: "/api/v1/nothing", headers: as(OWNER_A) }), 404, "not_found");
    } finally {
      await app.close();
    }
  });
});

describe("jobs", () => {
  it("lists summaries: never the sections, but whose CV each job is", async () => {
    const owner = "summaries@example.test";
    for (let i = 0; i < 3; i++) await seedJob(h.ctx, owner);
    const one = json(await h.app.inject({ url: "/api/v1/jobs?limit=100", headers: as(owner) })) as {
      items: Record<string, unknown>[];
    };
    expect(one.items).toHaveLength(3);
    for (const item of one.items) {
      // Before: every item carried its full sections (100 × 1.4 MB = 139 MB for one page).
      expect(item).not.toHaveProperty("sections");
      expect(item).not.toHaveProperty("export_settings");
      expect(item.name).toBe("Richard Hendriks");
      expect(item.parse_status).toBe("parsed");
    }
  });

  it("reads a job with its ETag and lists jobs by keyset cursor", async () => {
    const owner = "lister@example.test";
    const seeded = [];
    for (let i = 0; i < 5; i++) seeded.push(await seedJob(h.ctx, owner));
    const one = await h.app.inject({ url: `/api/v1/jobs/${seeded[0]!.id}`, headers: as(owner) });
    expect(one.statusCode).toBe(200);
    expect(one.headers.etag).toBe(`"${seeded[0]!.updatedAt.toISOString()}"`);
    const unchanged = await h.app.inject({
      url: `/api/v1/jobs/${seeded[0]!.id}`,
      headers: as(owner, { "if-none-match": one.headers.etag as string }),
    });
    expect(unchanged.statusCode).toBe(304);
    expect(unchanged.body).toBe("");
    expect(json(one)).toMatchObject({
      id: seeded[0]!.id,
      parse_status: "parsed",
      cv_sections_confirmed: false,
      schema_dirty: false,
      export_settings: { template: "classic" },
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${cursor}` : "";
      const page = json<{ items: { id: string }[]; next_cursor: string | null }>(
        await h.app.inject({ url: `/api/v1/jobs?limit=2${q}`, headers: as(owner) }),
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((j) => j.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(seeded.map((j) => j.id).reverse());

    expectProblem(
      await h.app.inject({ url: "/api/v1/jobs?cursor=not-a-cursor", headers: as(owner) }),
      400,
      "invalid_cursor",
    );
  });

  it("requires If-Match to edit, rejects a stale one, and keeps confirmation on a sections edit", async () => {
    const job = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    const url = `/api/v1/jobs/${job.id}`;
    const body = { export_settings: { template: "modern", page_size: "Letter" } };
    expectProblem(
      await h.app.inject({ method: "PATCH", url, headers: as(OWNER_A), payload: body }),
      428,
      "precondition_required",
    );
    expectProblem(
      await h.app.inject({
        method: "PATCH",
        url,
        headers: as(OWNER_A, { "if-match": '"2001-01-01T00:00:00.000Z"' }),
        payload: body,
      }),
      412,
      "precondition_failed",
    );
    const ok = await h.app.inject({
      method: "PATCH",
      url,
      headers: as(OWNER_A, { "if-match": `"${job.updatedAt.toISOString()}"` }),
      payload: body,
    });
    expect(ok.statusCode).toBe(200);
    const edited = json<{ export_settings: { template: string }; cv_sections_confirmed: boolean }>(ok);
    expect(edited.export_settings.template).toBe("modern");
    expect(edited.cv_sections_confirmed).toBe(true); // settings only: confirmation stays

    const sections = json<{ sections: { basics: { name: string } } }>(ok).sections;
    sections.basics.name = "Renamed Person";
    const again = await h.app.inject({
      method: "PATCH",
      url,
      headers: as(OWNER_A, { "if-match": ok.headers.etag as string }),
      payload: { sections },
    });
    expect(again.statusCode).toBe(200);
    // A person's own edit is reviewed: only a new parse withdraws confirmation.
    expect(json(again)).toMatchObject({ cv_sections_confirmed: true, schema_dirty: false });
    expect(again.headers.etag).not.toBe(ok.headers.etag);
  });

  it("reports the failing fields of an invalid body", async () => {
    const job = await seedJob(h.ctx, OWNER_A);
    const problem = expectProblem(
      await h.app.inject({
        method: "PATCH",
        url: `/api/v1/jobs/${job.id}`,
        headers: as(OWNER_A, { "if-match": `"${job.updatedAt.toISOString()}"` }),
        payload: { export_settings: { template: "baroque" } },
      }),
      400,
      "validation_failed",
    );
    expect(JSON.stringify(problem.errors)).toContain("template");

    const sectionsProblem = expectProblem(
      await h.app.inject({
        method: "PATCH",
        url: `/api/v1/jobs/${job.id}`,
        headers: as(OWNER_A, { "if-match": `"${job.updatedAt.toISOString()}"` }),
        payload: { sections: { work: "not a list" } },
      }),
      400,
      "validation_failed",
    );
    expect(sectionsProblem.errors).toEqual([expect.objectContaining({ path: "body.sections.work" })]);

    const exportProblem = expectProblem(
      await h.app.inject({
        method: "POST",
        url: `/api/v1/jobs/${job.id}/exports`,
        headers: as(OWNER_A),
        payload: { formats: [] },
      }),
      400,
      "validation_failed",
    );
    expect(JSON.stringify(exportProblem.errors)).toContain("formats");
    expectProblem(
      await h.app.inject({
        method: "POST",
        url: `/api/v1/jobs/${job.id}/exports`,
        headers: as(OWNER_A, { "content-type": "application/json" }),
        payload: "{not json",
      }),
      400,
      "validation_failed",
    );
  });

  it("gates optimize and export on confirmed sections", async () => {
    const job = await seedJob(h.ctx, OWNER_A);
    for (const [path, payload] of [
      ["optimize", {}],
      ["exports", { formats: ["pdf"] }],
    ] as const) {
      expectProblem(
        await h.app.inject({
          method: "POST",
          url: `/api/v1/jobs/${job.id}/${path}`,
          headers: as(OWNER_A),
          payload,
        }),
        409,
        "sections_not_confirmed",
      );
    }
    // With If-Match, only the version the client saw is confirmed.
    expectProblem(
      await h.app.inject({
        method: "POST",
        url: `/api/v1/jobs/${job.id}/confirm`,
        headers: as(OWNER_A, { "if-match": `"${new Date(job.updatedAt.getTime() - 1000).toISOString()}"` }),
      }),
      412,
      "precondition_failed",
    );
    const confirmed = await h.app.inject({
      method: "POST",
      url: `/api/v1/jobs/${job.id}/confirm`,
      headers: as(OWNER_A, { "if-match": `"${job.updatedAt.toISOString()}"` }),
    });
    expect(json(confirmed)).toMatchObject({ cv_sections_confirmed: true });
    const started = await h.app.inject({
      method: "POST",
      url: `/api/v1/jobs/${job.id}/exports`,
      headers: as(OWNER_A, { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" }),
      payload: { formats: ["pdf", "docx"], bundle: true },
    });
    expect(started.statusCode).toBe(202);
    const { task } = json<{ task: { id: string; status: string; trace_id: string; task_type: string } }>(
      started,
    );
    expect(started.headers.location).toBe(`/api/v1/tasks/${task.id}`);
    expect(task).toMatchObject({ status: "queued", task_type: "export" });
    // The caller's trace id is kept on the task and echoed back.
    expect(task.trace_id).toBe("4bf92f35-77b3-4da6-a3ce-929d0e0e4736");
    expect(started.headers["x-trace-id"]).toBe(task.trace_id);
    expect(started.headers.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);

    const read = await h.app.inject({ url: `/api/v1/tasks/${task.id}`, headers: as(OWNER_A) });
    expect(json(read)).toMatchObject({ id: task.id, job_id: job.id, status: "queued", error: null });

    const events = json<{ items: { event_type: string; trace_id: string }[] }>(
      await h.app.inject({ url: `/api/v1/jobs/${job.id}/events`, headers: as(OWNER_A) }),
    );
    expect(events.items.map((e) => e.event_type)).toEqual(["job.confirmed", "task.queued"]);
    expect(events.items[1]!.trace_id).toBe(task.trace_id);

    const canceled = await h.app.inject({
      method: "POST",
      url: `/api/v1/tasks/${task.id}/cancel`,
      headers: as(OWNER_A),
    });
    expect(canceled.statusCode).toBe(202);
    expect(json(canceled)).toMatchObject({ status: "canceled" });
  });

  it("marks the job dirty when edited after an export", async () => {
    const job = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    await seedArtifact(h.ctx, OWNER_A, job.id, "pdf");
    const edited = await h.app.inject({
      method: "PATCH",
      url: `/api/v1/jobs/${job.id}`,
      headers: as(OWNER_A, { "if-match": `"${job.updatedAt.toISOString()}"` }),
      payload: { export_settings: { template: "compact" } },
    });
    expect(json(edited)).toMatchObject({ schema_dirty: true, cv_sections_confirmed: true });
  });

  it("deletes a job with its files", async () => {
    const job = await seedJob(h.ctx, OWNER_A);
    const { artifact } = await seedArtifact(h.ctx, OWNER_A, job.id);
    const deleted = await h.app.inject({
      method: "DELETE",
      url: `/api/v1/jobs/${job.id}`,
      headers: as(OWNER_A),
    });
    expect(deleted.statusCode).toBe(204);
    expectProblem(
      await h.app.inject({ url: `/api/v1/jobs/${job.id}`, headers: as(OWNER_A) }),
      404,
      "not_found",
    );
    expect(await h.ctx.blobStore.head(artifact.blobPath)).toBeNull();
  });
});

describe("artifacts and downloads", () => {
  it("lists visible versions with signed links that download the bytes", async () => {
    const job = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    const first = await seedArtifact(h.ctx, OWNER_A, job.id, "pdf");
    const second = await seedArtifact(h.ctx, OWNER_A, job.id, "pdf");
    const list = json<{ items: { id: string; version: number; is_latest: boolean; download_url: string }[] }>(
      await h.app.inject({ url: `/api/v1/jobs/${job.id}/artifacts?kind=pdf`, headers: as(OWNER_A) }),
    );
    expect(list.items.map((a) => [a.version, a.is_latest])).toEqual([
      [2, true],
      [1, false],
    ]);
    const download = await h.app.inject({ url: pathOf(list.items[1]!.download_url) });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(first.bytes)).toBe(true);
    expect(download.headers["cache-control"]).toBe("no-store");
    expect(download.headers["content-type"]).toBe("application/pdf");
    expect(download.headers["content-disposition"]).toContain("resume.pdf");

    const redirect = await h.app.inject({
      url: `/api/v1/artifacts/${second.artifact.id}/download`,
      headers: as(OWNER_A),
    });
    expect(redirect.statusCode).toBe(302);
    const viaRedirect = await h.app.inject({ url: pathOf(redirect.headers.location as string) });
    expect(viaRedirect.rawPayload.equals(second.bytes)).toBe(true);
  });

  it("rejects tampered (403) and expired (410) links", async () => {
    const job = await seedJob(h.ctx, OWNER_A, { confirmed: true });
    const { artifact } = await seedArtifact(h.ctx, OWNER_A, job.id);
    const link = await h.ctx.blobStore.signedReadUrl(artifact.blobPath, {
      ownerUserId: OWNER_A,
      downloadFilename: "resume.pdf",
      contentType: "application/pdf",
    });
    const tampered = new URL(link.url);
    tampered.searchParams.set("fn", "other.pdf");
    expectProblem(await h.app.inject({ url: pathOf(tampered.toString()) }), 403, "signature_invalid");
    const expired = signLocalDownload(
      {
        path: artifact.blobPath,
        ownerUserId: OWNER_A,
        downloadFilename: "resume.pdf",
        contentType: "application/pdf",
        expiresAt: new Date(Date.now() - 1_000),
      },
      [localSigningKey(h.ctx.config.storage.signingKeyFile)],
    );
    expectProblem(await h.app.inject({ url: `/api/v1/blobs/download?${expired}` }), 410, "link_expired");
    expectProblem(await h.app.inject({ url: "/api/v1/blobs/download" }), 400, "validation_failed");
  });
});

describe("uploads", () => {
  it("rejects a body that is not multipart (415) and a file of an unsupported type (415)", async () => {
    expectProblem(
      await h.app.inject({
        method: "POST",
        url: "/api/v1/jobs",
        headers: as(OWNER_A),
        payload: { file: "x" },
      }),
      415,
      "unsupported_media_type",
    );
    const exe = multipart(
      "resume.pdf",
      Buffer.from("MZ\x90\x00\x03\x00\x00\x00binary program"),
      "application/pdf",
    );
    const response = await h.app.inject({
      method: "POST",
      url: "/api/v1/jobs",
      headers: as(OWNER_A, exe.headers),
      payload: exe.payload,
    });
    expect(response.statusCode).toBe(415);
    const list = json<{ items: unknown[] }>(
      await h.app.inject({ url: "/api/v1/jobs", headers: as("uploader-415@example.test") }),
    );
    expect(list.items).toEqual([]);
  });

  it("rejects bytes that contradict the declared type (415 file_type_mismatch)", async () => {
    const body = multipart(
      "cv.pdf",
      Buffer.from(JSON.stringify({ basics: { name: "X" } })),
      "application/pdf",
    );
    expectProblem(
      await h.app.inject({
        method: "POST",
        url: "/api/v1/jobs",
        headers: as(OWNER_A, body.headers),
        payload: body.payload,
      }),
      415,
      "file_type_mismatch",
    );
  });

  it("accepts a JSON Resume upload and creates the job with its parse task", async () => {
    const owner = "uploader@example.test";
    const body = multipart(
      "cv.json",
      Buffer.from(JSON.stringify({ basics: { name: "Ada Lovelace", email: "ada@example.com" } })),
      "application/json",
    );
    const response = await h.app.inject({
      method: "POST",
      url: "/api/v1/jobs",
      headers: as(owner, body.headers),
      payload: body.payload,
    });
    expect(response.statusCode).toBe(202);
    const created = json<{
      job: { id: string; parse_status: string; original_filename: string; sha256: string };
      task: { task_type: string; job_id: string };
    }>(response);
    expect(created.job).toMatchObject({ parse_status: "pending", original_filename: "cv.json" });
    expect(created.job.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(created.task).toMatchObject({ task_type: "parse", job_id: created.job.id });
    expect(response.headers.location).toBe(`/api/v1/jobs/${created.job.id}`);
  });
});

describe("limits", () => {
  let small: Harness;
  beforeAll(async () => {
    small = await createHarness({ env: { UPLOAD_MAX_BYTES: "1024", RATE_LIMIT_PER_MINUTE: "5" } });
  });
  afterAll(async () => {
    await small?.close();
  });

  it("answers 413 for an upload over the limit and stores nothing", async () => {
    const big = multipart("big.txt", Buffer.alloc(4096, "a"), "text/plain");
    const response = await small.app.inject({
      method: "POST",
      url: "/api/v1/jobs",
      headers: as("big@example.test", big.headers),
      payload: big.payload,
    });
    expect(response.statusCode).toBe(413);
    expect(json(response)).toMatchObject({ code: "payload_too_large" });
  });

  it("answers 413 for a JSON body over the body limit", async () => {
    const job = await seedJob(small.ctx, "big-json@example.test");
    const response = await small.app.inject({
      method: "PATCH",
      url: `/api/v1/jobs/${job.id}`,
      headers: as("big-json@example.test", {
        "if-match": `"${job.updatedAt.toISOString()}"`,
        "content-type": "application/json",
      }),
      payload: JSON.stringify({ sections: { basics: { summary: "x".repeat(3 * 1024 * 1024) } } }),
    });
    expectProblem(response, 413, "payload_too_large");
  });

  it("rate-limits per owner (429) without affecting other owners", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (await small.app.inject({ url: "/api/v1/jobs", headers: as("busy@example.test") })).statusCode,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const limited = await small.app.inject({ url: "/api/v1/jobs", headers: as("busy@example.test") });
    expectProblem(limited, 429, "rate_limited");
    expect(limited.headers["retry-after"]).toBeDefined();
    expect((await small.app.inject({ url: "/api/v1/jobs", headers: as(OWNER_B) })).statusCode).toBe(200);
    expect((await small.app.inject({ url: "/healthz" })).statusCode).toBe(200);
  });
});
