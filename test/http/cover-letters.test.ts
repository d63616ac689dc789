/**
 * Cover letters end to end on a real port with a worker and a configured
 * language model (a local server speaking the OpenAI wire format): optimize
 * with the model, draft the letter with it (a 429 first, then an answer with
 * one invented paragraph the guard replaces), edit it, export it as
 * versioned PDF and DOCX artifacts with signed links and in the ZIP bundle;
 * the template engine on request; tokens counted against the owner's budget.
 */
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppContext, createAppContext } from "../../src/app/context.js";
import { type RunningServer, startServer } from "../../src/app/server.js";
import { loadConfig } from "../../src/config.js";
import { withOwner } from "../../src/db/owner-scope.js";
import { LlmUsageRepository, usageDay } from "../../src/db/repositories/llm-usage-repository.js";
import { TailoringRepository } from "../../src/db/repositories/tailoring-repository.js";
import { extractPdfPlainText } from "../../src/resume/render/index.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import {
  type FakeLlmServer,
  openAiCompletion,
  type RecordedRequest,
  startFakeLlmServer,
} from "../support/fake-llm-server.js";
import { ML_ENGINEER_CV, ML_POSTING } from "../support/tailoring-samples.js";
import { readTaskStream } from "../support/task-stream.js";

const OWNER = "letters-owner@example.test";
let testDb: TestDatabase;
let ctx: AppContext;
let server: RunningServer;
let llm: FakeLlmServer;
let origin: string;
let base: string;
let dir: string;

const CV = ML_ENGINEER_CV;
const POSTING = ML_POSTING;

type Task = { id: string; status: string; result: Record<string, unknown> | null; error: unknown };
type Letter = {
  greeting: string;
  paragraphs: string[];
  closing: string;
  source: string;
  evidence: { path: string }[];
};
type Tailoring = {
  id: string;
  cover_letter: Letter | null;
  proposals: { path: string; proposed: unknown }[];
};
type Artifact = {
  id: string;
  kind: string;
  version: number;
  filename: string;
  content_type: string;
  is_latest: boolean;
  download_url: string;
};

const isLetterRequest = (req: RecordedRequest) => JSON.stringify(req.body).includes("cover letter");

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

beforeAll(async () => {
  llm = await startFakeLlmServer();
  testDb = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), "ra-letters-"));
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATA_DIR: dir,
    PORT: String(port),
    WORKER_POLL_INTERVAL_MS: "100",
    OPTIMIZE_ENGINE: "llm",
    LLM_BASE_URL: llm.url,
    LLM_MODEL: "test-model",
    LLM_MAX_RETRIES: "2",
    LLM_DAILY_TOKEN_BUDGET: "100000",
  });
  ctx = await createAppContext(config, { database: testDb.database, migrate: false });
  server = await startServer(ctx, { worker: true, installSignalHandlers: false });
  origin = `http://127.0.0.1:${port}`;
  base = `${origin}/api/v1`;
});

afterAll(async () => {
  await server?.stop();
  await llm?.close();
  await testDb?.drop();
  await rm(dir, { recursive: true, force: true });
});

async function api<T>(
  path: string,
  init: RequestInit = {},
  owner = OWNER,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${base}${path}`, {
    ...init,
    headers: { "x-owner-user-id": owner, ...(init.headers as Record<string, string>) },
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}
const send = <T>(method: string, path: string, body: unknown, owner = OWNER) =>
  api<T>(
    path,
    { method, body: JSON.stringify(body), headers: { "content-type": "application/json" } },
    owner,
  );

/** Wait for a task's end over its SSE stream (no polling loop, no sleep). */
async function finished(taskId: string): Promise<Task> {
  const stream = await readTaskStream<Task>(`${base}/tasks/${taskId}/events`, OWNER);
  expect(stream.status).toBe(200);
  const last = stream.tasks.at(-1);
  expect(last?.status, JSON.stringify(last?.error)).toBe("completed");
  return last!;
}

async function download(artifact: Artifact): Promise<Buffer> {
  const url = new URL(artifact.download_url, origin);
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain(artifact.content_type);
  return Buffer.from(await response.arrayBuffer());
}

describe("cover letters with a language model", () => {
  it("drafts a guarded letter through the model, keeps the user's edit and exports versioned artifacts", async () => {
    let letterCalls = 0;
    llm.reply((req) => {
      if (!isLetterRequest(req)) {
        return {
          json: openAiCompletion(
            JSON.stringify({
              rewrites: [
                {
                  path: "work.0.positions.0.highlights.1",
                  original: "Built Python feature pipelines in Airflow",
                  proposed: "Built production Python feature pipelines in Airflow",
                  reason: "The posting asks for Python in production",
                  requirement_ids: [],
                },
              ],
              summary: null,
            }),
          ),
        };
      }
      letterCalls += 1;
      // The first letter request is rate limited; the provider waits what Retry-After says and retries.
      if (letterCalls === 1)
        return { status: 429, headers: { "retry-after": "0" }, json: { error: "slow down" } };
      return {
        json: openAiCompletion(
          JSON.stringify({
            greeting: "Dear Acme AI hiring team,",
            paragraphs: [
              "I am applying for the Senior ML Engineer role at Acme AI.",
              "At Nimbus Labs I cut inference costs by 70% with TensorRT on Google Cloud.",
              "I serve PyTorch models with Triton on k8s for 40M daily requests.",
            ],
          }),
        ),
      };
    });

    const form = new FormData();
    form.append("file", new Blob([CV], { type: "text/plain" }), "ada.txt");
    const upload = await api<{ job: { id: string }; task: Task }>("/jobs", { method: "POST", body: form });
    expect(upload.status).toBe(202);
    const jobId = upload.body.job.id;
    await finished(upload.body.task.id);
    expect((await send("POST", `/jobs/${jobId}/confirm`, { acknowledge_flags: true })).status).toBe(200);

    const optimize = await send<{ task: Task }>("POST", `/jobs/${jobId}/optimize`, {
      job_description: POSTING,
    });
    const optimized = await finished(optimize.body.task.id);
    expect(optimized.result?.engine).toBe("llm");
    const tailoringId = optimized.result!.tailoring_id as string;
    const path = `/jobs/${jobId}/tailorings/${tailoringId}`;
    const tailoring = await api<Tailoring>(path);
    expect(tailoring.body.proposals).toContainEqual(
      expect.objectContaining({
        path: "work.0.positions.0.highlights.1",
        proposed: "Built production Python feature pipelines in Airflow",
      }),
    );

    // No letter yet: nothing to export.
    expect((await send("POST", `${path}/cover-letter/exports`, {})).status).toBe(404);

    // The model is the default engine when one is configured: a task, 202.
    const queued = await send<{ task: Task }>("POST", `${path}/cover-letter/draft`, {});
    expect(queued.status).toBe(202);
    const drafted = await finished(queued.body.task.id);
    expect(letterCalls).toBe(2);
    expect(drafted.result?.rejected).toEqual([
      expect.stringMatching(/^paragraph 2: (?=.*70%)(?=.*TensorRT)/),
    ]);
    const kept = (await api<Tailoring>(path)).body.cover_letter!;
    expect(kept.source).toBe("llm");
    expect(kept.paragraphs[0]).toBe("I am applying for the Senior ML Engineer role at Acme AI.");
    expect(kept.paragraphs.join("\n")).not.toContain("TensorRT");
    expect(kept.paragraphs[2]).toContain("Triton on k8s");
    expect(kept.evidence.map((e) => e.path)).toContain("work.0.positions.0.highlights.0");

    // Contact details never left; the prompt and answer are kept for audit; tokens are counted.
    const letterRequest = llm.requests.filter(isLetterRequest).at(-1)!;
    expect(JSON.stringify(letterRequest.body)).not.toMatch(/ada@example\.com|555 0100/);
    const row = await withOwner(testDb.database, OWNER, (tx) =>
      new TailoringRepository(tx).findById(tailoringId, OWNER),
    );
    const audit = (row!.audit as { cover_letter: { raw: string[]; task_id: string } }).cover_letter;
    expect(audit.task_id).toBe(queued.body.task.id);
    expect(audit.raw[0]).toContain("TensorRT");
    expect(row!.auditExpiresAt).not.toBeNull();
    const used = await withOwner(testDb.database, OWNER, (tx) =>
      new LlmUsageRepository(tx).used(OWNER, usageDay(new Date())),
    );
    expect(used).toBe(2 * (11 + 7));

    // The user edits the letter; the export renders the edit.
    const edited = { ...kept, paragraphs: [...kept.paragraphs, "I can start in March."], source: "user" };
    expect((await send("PUT", `${path}/cover-letter`, edited)).status).toBe(200);
    const exportTask = await send<{ task: Task }>("POST", `${path}/cover-letter/exports`, {});
    expect(exportTask.status).toBe(202);
    const exported = await finished(exportTask.body.task.id);
    expect(
      (exported.result!.artifacts as { kind: string; version: number }[]).map((a) => a.kind).sort(),
    ).toEqual(["cover_letter_docx", "cover_letter_pdf"]);
    const listed = await api<{ items: Artifact[] }>(`/jobs/${jobId}/artifacts?kind=cover_letter_pdf`);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        kind: "cover_letter_pdf",
        version: 1,
        filename: "ada-park-cover-letter.pdf",
      }),
    ]);
    const pdfText = (await extractPdfPlainText(await download(listed.body.items[0]!))).text.replace(
      /\s+/g,
      " ",
    );
    expect(pdfText).toContain("I can start in March.");
    expect(pdfText).toContain("Dear Acme AI hiring team,");
    const docx = (await api<{ items: Artifact[] }>(`/jobs/${jobId}/artifacts?kind=cover_letter_docx`)).body
      .items;
    expect((await download(docx[0]!)).subarray(0, 2).toString()).toBe("PK");

    // The template engine on request (200 at once); a second export is version 2.
    const template = await send<Tailoring>("POST", `${path}/cover-letter/draft`, { engine: "builtin" });
    expect(template.status).toBe(200);
    expect(template.body.cover_letter?.source).toBe("template");
    const again = await send<{ task: Task }>("POST", `${path}/cover-letter/exports`, { formats: ["pdf"] });
    await finished(again.body.task.id);
    const versions = (await api<{ items: Artifact[] }>(`/jobs/${jobId}/artifacts?kind=cover_letter_pdf`)).body
      .items;
    expect(versions.map((a) => [a.version, a.is_latest])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect((await extractPdfPlainText(await download(versions[0]!))).text).not.toContain(
      "I can start in March.",
    );

    // The CV and the letter in one bundle.
    const bundle = await send<{ task: Task }>("POST", `/jobs/${jobId}/exports`, {
      formats: ["pdf"],
      bundle: true,
      cover_letter: { tailoring_id: tailoringId, formats: ["pdf"] },
    });
    expect(bundle.status).toBe(202);
    await finished(bundle.body.task.id);
    const zip = (await api<{ items: Artifact[] }>(`/jobs/${jobId}/artifacts?kind=zip`)).body.items[0]!;
    const zipBytes = await download(zip);
    expect(zipBytes.includes("ada-park-resume.pdf")).toBe(true);
    expect(zipBytes.includes("ada-park-cover-letter.pdf")).toBe(true);

    // A letter of a tailoring that is not this job's: 404 before any task exists.
    const missing = await send("POST", `/jobs/${jobId}/exports`, {
      formats: ["pdf"],
      cover_letter: { tailoring_id: "00000000-0000-4000-8000-000000000000", formats: ["pdf"] },
    });
    expect(missing.status).toBe(404);

    // Another owner: the same 404 as for a missing tailoring, and no task.
    expect((await send("POST", `${path}/cover-letter/draft`, {}, "mallory@example.test")).status).toBe(404);
    expect((await send("POST", `${path}/cover-letter/exports`, {}, "mallory@example.test")).status).toBe(404);
  }, 120_000);
});
