/**
 * The whole product on a real port: upload a corpus PDF, follow parsing over
 * SSE, confirm, optimize, export PDF + DOCX + bundle, download every file
 * through its signed link, edit, export again, and read the retention view.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppContext, createAppContext } from "../../src/app/context.js";
import { type RunningServer, startServer } from "../../src/app/server.js";
import { loadConfig } from "../../src/config.js";
import { zipEntries } from "../resume/render/zip-entries.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { CORPUS } from "../support/http.js";
import { readTaskStream } from "../support/task-stream.js";

const OWNER = "e2e-owner@example.test";
let testDb: TestDatabase;
let ctx: AppContext;
let server: RunningServer;
let base: string;
let dir: string;

type Task = {
  id: string;
  status: string;
  stage: string | null;
  result: Record<string, unknown> | null;
  error: unknown;
};
type Job = {
  id: string;
  parse_status: string;
  sections: { basics: { name: string } } | null;
  schema_dirty: boolean;
  cv_sections_confirmed: boolean;
  review: { needs_attention: number } | null;
};
type Artifact = {
  id: string;
  out_of_date: boolean;
  template: string | null;
  kind: string;
  version: number;
  is_latest: boolean;
  content_type: string;
  sha256: string;
  size_bytes: number;
  download_url: string;
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
  dir = await mkdtemp(join(tmpdir(), "ra-e2e-"));
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

const post = <T>(path: string, body: unknown, headers: Record<string, string> = {}) =>
  api<T>(path, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json", ...headers },
  });

/** Follow a task over SSE until it ends; returns every task state received. */
async function follow(taskId: string): Promise<Task[]> {
  const stream = await readTaskStream<Task>(`${base}/api/v1/tasks/${taskId}/events`, OWNER);
  expect(stream.status).toBe(200);
  expect(stream.contentType).toMatch(/^text\/event-stream/);
  return stream.tasks;
}

async function finished(taskId: string): Promise<Task> {
  const states = await follow(taskId);
  const last = states.at(-1)!;
  expect(last.status, JSON.stringify(last.error)).toBe("completed");
  return last;
}

describe("end to end on a real port", () => {
  it("upload → parse → confirm → optimize → export → download → edit → export again → retention view", async () => {
    const pdfName = "bronzor.pdf"; // one of the Reactive Resume corpus PDFs
    const pdf = readFileSync(join(CORPUS, "reactive-resume", pdfName));
    const form = new FormData();
    form.append("file", new Blob([pdf], { type: "application/pdf" }), pdfName);
    const upload = await api<{ job: Job; task: Task }>("/api/v1/jobs", { method: "POST", body: form });
    expect(upload.status).toBe(202);
    const jobId = upload.body.job.id;

    const parseStates = await follow(upload.body.task.id);
    expect(parseStates.at(-1)!.status).toBe("completed");
    expect(parseStates.length).toBeGreaterThan(1); // queued … completed, streamed as it changed
    const parsed = await api<Job>(`/api/v1/jobs/${jobId}`);
    expect(parsed.body.parse_status).toBe("parsed");
    const truth = JSON.parse(
      readFileSync(join(CORPUS, "reactive-resume", pdfName.replace(/\.pdf$/, ".json")), "utf8"),
    );
    expect(parsed.body.sections?.basics.name).toBe(truth.basics.name);

    expect((await post(`/api/v1/jobs/${jobId}/exports`, { formats: ["pdf"] })).status).toBe(409);
    // The parse left items to check; confirming names them until they are acknowledged.
    const open = parsed.body.review!.needs_attention;
    const refused = await post<{ code: string }>(`/api/v1/jobs/${jobId}/confirm`, {});
    expect(refused.status, JSON.stringify(parsed.body.review)).toBe(open > 0 ? 409 : 200);
    const confirmed = await post<Job>(`/api/v1/jobs/${jobId}/confirm`, { acknowledge_flags: true });
    expect(confirmed.body.cv_sections_confirmed).toBe(true);

    // Optimize against the sample job posting; apply the first proposal.
    const posting = readFileSync(join(CORPUS, "json-resume/sample.job.json"), "utf8");
    const optimize = await post<{ task: Task }>(`/api/v1/jobs/${jobId}/optimize`, {
      job_description: posting,
    });
    const optimized = await finished(optimize.body.task.id);
    const proposals = (optimized.result as { proposals: { id: string; applicable: boolean }[] }).proposals;
    const applicable = proposals.find((p) => p.applicable);
    expect(applicable, "the built-in engine proposes at least one change for the corpus CV").toBeDefined();
    const applied = await post<{ applied: string[]; stale: string[]; skipped: string[]; job: Job }>(
      `/api/v1/jobs/${jobId}/proposals/apply`,
      { task_id: optimize.body.task.id, ids: [applicable!.id] },
    );
    expect(applied.status).toBe(200);
    expect(
      applied.body.applied,
      JSON.stringify({ body: { ...applied.body, job: undefined }, applicable }),
    ).toEqual([applicable!.id]);
    expect(applied.body.job.cv_sections_confirmed).toBe(true);

    // Export PDF + DOCX + bundle and download each file through its signed link.
    const exported = await post<{ task: Task }>(
      `/api/v1/jobs/${jobId}/exports`,
      { formats: ["pdf", "docx"], bundle: true },
      { "idempotency-key": "e2e-export-1" },
    );
    expect(exported.status).toBe(202);
    const done = await finished(exported.body.task.id);
    expect((done.result as { artifacts: unknown[] }).artifacts).toHaveLength(3);

    const listed = await api<{ items: Artifact[] }>(`/api/v1/jobs/${jobId}/artifacts`);
    const byKind = Object.fromEntries(listed.body.items.map((a) => [a.kind, a]));
    expect(Object.keys(byKind).sort()).toEqual(["docx", "pdf", "zip"]);
    const magic: Record<string, [string, string]> = {
      pdf: ["application/pdf", "%PDF-"],
      docx: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK\u0003\u0004"],
      zip: ["application/zip", "PK\u0003\u0004"],
    };
    for (const [kind, [contentType, prefix]] of Object.entries(magic)) {
      const artifact = byKind[kind]!;
      expect(artifact).toMatchObject({ version: 1, is_latest: true, content_type: contentType });
      const download = await fetch(artifact.download_url);
      expect(download.status).toBe(200);
      expect(download.headers.get("content-type")).toBe(contentType);
      expect(download.headers.get("cache-control")).toBe("no-store");
      const bytes = Buffer.from(await download.arrayBuffer());
      expect(bytes.subarray(0, prefix.length).toString("latin1")).toBe(prefix);
      expect(bytes.length).toBe(artifact.size_bytes);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(artifact.sha256);
      if (kind === "zip") {
        const manifest = JSON.parse((await zipEntries(bytes)).get("manifest.json")!.toString("utf8"));
        expect(manifest).toMatchObject({
          job_id: jobId,
          artifact_versions: { pdf: 1, docx: 1 },
          job_description_sha256: createHash("sha256").update(posting).digest("hex"),
        });
      }
    }
    const redirect = await fetch(`${base}/api/v1/artifacts/${byKind.pdf!.id}/download`, {
      headers: { "x-owner-user-id": OWNER },
      redirect: "manual",
    });
    expect(redirect.status).toBe(302);
    expect((await fetch(redirect.headers.get("location")!)).status).toBe(200);

    // Edit after the export: the export is out of date until the next one.
    const current = await api<Job>(`/api/v1/jobs/${jobId}`);
    const edited = await api<Job>(`/api/v1/jobs/${jobId}`, {
      method: "PATCH",
      body: JSON.stringify({ export_settings: { template: "modern", page_size: "Letter" } }),
      headers: { "content-type": "application/json", "if-match": current.headers.get("etag")! },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.schema_dirty).toBe(true);

    const second = await post<{ task: Task }>(`/api/v1/jobs/${jobId}/exports`, { formats: ["pdf"] });
    await finished(second.body.task.id);
    expect((await api<Job>(`/api/v1/jobs/${jobId}`)).body.schema_dirty).toBe(false);
    const pdfs = await api<{ items: Artifact[] }>(`/api/v1/jobs/${jobId}/artifacts?kind=pdf`);
    expect(pdfs.body.items.map((a) => [a.version, a.is_latest, a.out_of_date, a.template])).toEqual([
      [2, true, false, "modern"],
      [1, false, true, "classic"],
    ]);

    // Retention view: eight JSON exports, latest plus the previous five visible.
    for (let i = 0; i < 8; i++) {
      const t = await post<{ task: Task }>(`/api/v1/jobs/${jobId}/exports`, { formats: ["json"] });
      await finished(t.body.task.id);
    }
    const jsons = await api<{ items: Artifact[] }>(`/api/v1/jobs/${jobId}/artifacts?kind=json`);
    expect(jsons.body.items.map((a) => a.version)).toEqual([8, 7, 6, 5, 4, 3]);

    const events = await api<{ items: { event_type: string }[] }>(`/api/v1/jobs/${jobId}/events?limit=100`);
    const types = events.body.items.map((e) => e.event_type);
    expect(types).toContain("parse");
    expect(types).toContain("export");
  });
});
