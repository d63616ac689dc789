/**
 * Scans and LinkedIn exports through the whole product on a real port and
 * real PostgreSQL: upload, the parse task followed over SSE, the parsed
 * sections, a review edit and the confirmation; and what /readyz says about
 * OCR, also where the tools are missing.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppContext, createAppContext } from "../../src/app/context.js";
import { type RunningServer, startServer } from "../../src/app/server.js";
import { loadConfig } from "../../src/config.js";
import type { Resume } from "../../src/resume/model.js";
import { renderScanImages } from "../../src/resume/parse/evaluation/render-scan.js";
import { probeOcr } from "../../src/resume/parse/ocr/capability.js";
import { HealthService } from "../../src/services/health-service.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { personaZip } from "../support/linkedin-zip.js";
import { readTaskStream } from "../support/task-stream.js";

const OWNER = "ingest-owner@example.test";
let testDb: TestDatabase;
let ctx: AppContext;
let server: RunningServer;
let base: string;
let dir: string;

type Task = {
  id: string;
  status: string;
  result: { format?: string; warnings?: string[] } | null;
  error: unknown;
};
type Job = {
  id: string;
  content_type: string;
  parse_status: string;
  sections: Resume | null;
  cv_sections_confirmed: boolean;
};

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), "ra-ingest-"));
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATA_DIR: dir,
    PORT: String(port),
    WORKER_POLL_INTERVAL_MS: "100",
    WORKER_CONCURRENCY: "2",
  });
  ctx = await createAppContext(config, { database: testDb.database, migrate: false });
  server = await startServer(ctx, { worker: true, installSignalHandlers: false });
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await server?.stop();
  await testDb?.drop();
  await rm(dir, { recursive: true, force: true });
});

async function api<T>(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${base}${path}`, {
    ...init,
    headers: { "x-owner-user-id": OWNER, ...(init.headers as Record<string, string>) },
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
}

function upload(bytes: Uint8Array, filename: string, type: string) {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type }), filename);
  return api<{ job: Job; task: Task } & { code?: string }>("/api/v1/jobs", { method: "POST", body: form });
}

/** Follows a task over SSE until it ends; resolves with its last state. */
async function settled(taskId: string): Promise<Task> {
  const stream = await readTaskStream<Task>(`${base}/api/v1/tasks/${taskId}/events`, OWNER);
  expect(stream.status).toBe(200);
  return stream.tasks.at(-1)!;
}

/** The review step: fix one field with If-Match, then confirm the version seen. */
async function reviewAndConfirm(jobId: string, edit: (sections: Resume) => void): Promise<Job> {
  const current = await api<Job>(`/api/v1/jobs/${jobId}`);
  const sections = current.body.sections!;
  edit(sections);
  const patched = await api<Job>(`/api/v1/jobs/${jobId}`, {
    method: "PATCH",
    body: JSON.stringify({ sections }),
    headers: { "content-type": "application/json", "if-match": current.headers.get("etag")! },
  });
  expect(patched.status).toBe(200);
  // Items the parse left open (flagged fields, unplaced lines, empty sections) are named and must be
  // acknowledged: a parse always leaves something to check in these inputs.
  const refused = await api<{ code: string; unplaced_lines: number }>(`/api/v1/jobs/${jobId}/confirm`, {
    method: "POST",
    body: "{}",
    headers: { "content-type": "application/json", "if-match": patched.headers.get("etag")! },
  });
  expect(refused.status).toBe(409);
  expect(refused.body.code).toBe("review_flags_open");
  const confirmed = await api<Job>(`/api/v1/jobs/${jobId}/confirm`, {
    method: "POST",
    body: JSON.stringify({ acknowledge_flags: true }),
    headers: { "content-type": "application/json", "if-match": patched.headers.get("etag")! },
  });
  expect(confirmed.status).toBe(200);
  return confirmed.body;
}

describe("ingest end to end on a real port", () => {
  it("a PNG photo of a CV: upload → OCR parse task → sections → review → confirm", async () => {
    const truth = JSON.parse(
      readFileSync(new URL("../fixtures/parse/daniel-obrien.pdf.truth.json", import.meta.url), "utf8"),
    );
    const pdf = new Uint8Array(readFileSync(new URL("../fixtures/parse/daniel-obrien.pdf", import.meta.url)));
    const [png] = await renderScanImages(pdf, { dpi: 150, format: "png" });

    const created = await upload(png!.bytes, "photo-of-cv.png", "image/png");
    expect(created.status).toBe(202);
    expect(created.body.job.content_type).toBe("image/png");
    const task = await settled(created.body.task.id);
    expect(task.status, JSON.stringify(task.error)).toBe("completed");
    expect(task.result).toMatchObject({ format: "image" });
    expect(task.result?.warnings).toContain("ocr");

    const job = (await api<Job>(`/api/v1/jobs/${created.body.job.id}`)).body;
    expect(job.parse_status).toBe("parsed");
    const sections = job.sections!;
    expect(sections.meta.source?.format).toBe("image");
    expect(sections.basics.email).toBe(truth.email);
    expect(sections.work.map((w) => w.name)).toEqual(truth.work.map((w: { company: string }) => w.company));

    const confirmed = await reviewAndConfirm(job.id, (s) => {
      s.basics.name = truth.name;
    });
    expect(confirmed.cv_sections_confirmed).toBe(true);
    expect(confirmed.sections?.basics.name).toBe(truth.name);
  });

  it("a LinkedIn data export: upload → import task → sections with unplaced lines → review → confirm", async () => {
    const zip = await personaZip("amelie-durand");
    const created = await upload(zip, "Complete_LinkedInDataExport_11-30-2026.zip", "application/zip");
    expect(created.status).toBe(202);
    expect(created.body.job.content_type).toBe("application/zip");
    const task = await settled(created.body.task.id);
    expect(task.status, JSON.stringify(task.error)).toBe("completed");
    expect(task.result).toMatchObject({ format: "linkedin", warnings: [] });

    const job = (await api<Job>(`/api/v1/jobs/${created.body.job.id}`)).body;
    const sections = job.sections!;
    expect(sections.meta.source?.format).toBe("linkedin");
    expect(sections.basics).toMatchObject({ name: "Amélie Durand", email: "amelie.durand@example.fr" });
    expect(sections.work.map((w) => [w.name, w.positions.length])).toEqual([
      ["Paymo", 2],
      ["Banque Rhône & Alpes, Direction informatique", 1],
      ["Paymo", 1],
    ]);
    expect(sections.meta.unplaced?.map((u) => u.text)).toContain("Birth Date: Mar 4, 1990");

    const confirmed = await reviewAndConfirm(job.id, (s) => {
      s.basics.label = "Responsable d'équipe plateforme";
    });
    expect(confirmed.cv_sections_confirmed).toBe(true);
  });

  it("refuses an image declared as another type, and image types it does not read", async () => {
    const pdf = new Uint8Array(readFileSync(new URL("../fixtures/parse/daniel-obrien.pdf", import.meta.url)));
    const [png] = await renderScanImages(pdf, { dpi: 50 });
    const mismatch = await upload(png!.bytes, "cv.pdf", "application/pdf");
    expect(mismatch.status).toBe(415);
    expect(mismatch.body.code).toBe("file_type_mismatch");
    const gif = await upload(
      new TextEncoder().encode("GIF89a\u0001\u0000\u0001\u0000"),
      "cv.gif",
      "image/gif",
    );
    expect(gif.status).toBe(415);
    expect(gif.body.code).toBe("unsupported_media_type");
  });

  it("declares OCR in /readyz, and stays ready where the OCR tools are missing", async () => {
    const ready = await api<{ ready: boolean; capabilities: { ocr: Record<string, unknown> } }>("/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body.capabilities.ocr).toMatchObject({ images: true, pdfs: true, missing_languages: [] });
    expect(ready.body.capabilities.ocr.languages).toEqual(
      expect.arrayContaining(["eng", "deu", "chi_sim", "jpn"]),
    );

    const empty = await mkdtemp(join(tmpdir(), "ra-no-ocr-"));
    try {
      const health = new HealthService(ctx, { probeOcr: () => probeOcr({ toolPath: empty }) });
      const readiness = await health.readiness();
      expect(readiness.ready).toBe(true);
      expect(readiness.capabilities.ocr).toEqual({
        images: false,
        pdfs: false,
        languages: [],
        missing_languages: expect.arrayContaining(["eng", "jpn"]),
      });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
