/**
 * Tailoring through the API on a real port with a worker: a posting gives a
 * kept tailoring (analysis, fit, proposals with evidence, questions); the
 * user edits and accepts proposals, answers a question, re-runs, applies,
 * undoes; another owner sees none of it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppContext, createAppContext } from "../../src/app/context.js";
import { type RunningServer, startServer } from "../../src/app/server.js";
import { loadConfig } from "../../src/config.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { ML_ENGINEER_CV, ML_POSTING } from "../support/tailoring-samples.js";
import { readTaskStream } from "../support/task-stream.js";

const OWNER = "tailor-owner@example.test";
let testDb: TestDatabase;
let ctx: AppContext;
let server: RunningServer;
let base: string;
let dir: string;

const CV = ML_ENGINEER_CV;
const POSTING = ML_POSTING;

type Task = { id: string; status: string; result: Record<string, unknown> | null; error: unknown };
type Stored = {
  id: string;
  path: string;
  proposed: unknown;
  status: string;
  edited?: unknown;
  evidence?: { cv: { path: string }[] };
};
type Tailoring = {
  id: string;
  fit: { score: number; requirements: { status: string; text: string }[] };
  proposals: Stored[];
  questions: { id: string; text: string }[];
  answers: { answer: string }[];
  undo_depth: number;
  cover_letter: unknown;
};
type Job = {
  id: string;
  sections: { work: { positions: { highlights: string[] }[] }[]; basics: { summary: string } };
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
  dir = await mkdtemp(join(tmpdir(), "ra-tailor-"));
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATA_DIR: dir,
    PORT: String(port),
    WORKER_POLL_INTERVAL_MS: "100",
  });
  ctx = await createAppContext(config, { database: testDb.database, migrate: false });
  server = await startServer(ctx, { worker: true, installSignalHandlers: false });
  base = `http://127.0.0.1:${port}/api/v1`;
});

afterAll(async () => {
  await server?.stop();
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
  expect(last, stream.rest).toBeDefined();
  expect(last?.status, JSON.stringify(last?.error)).toBe("completed");
  return last!;
}

describe("tailoring API", () => {
  it("keeps the work, lets the user decide, edit, answer, apply and undo; other owners see nothing", async () => {
    const form = new FormData();
    form.append("file", new Blob([CV], { type: "text/plain" }), "ada.txt");
    const upload = await api<{ job: Job; task: Task }>("/jobs", { method: "POST", body: form });
    expect(upload.status).toBe(202);
    const jobId = upload.body.job.id;
    expect(upload.body.task?.id, JSON.stringify(upload.body)).toBeDefined();
    await finished(upload.body.task.id);
    // The parse left items to check; this flow accepts them as they are.
    expect((await send("POST", `/jobs/${jobId}/confirm`, { acknowledge_flags: true })).status).toBe(200);

    const started = await send<{ task: Task }>("POST", `/jobs/${jobId}/optimize`, {
      job_description: POSTING,
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const done = await finished(started.body.task.id);
    const tailoringId = done.result!.tailoring_id as string;
    expect(tailoringId).toMatch(/^[0-9a-f-]{36}$/);

    const path = `/jobs/${jobId}/tailorings/${tailoringId}`;
    const first = await api<Tailoring>(path);
    expect(first.status).toBe(200);
    expect(first.body.fit.requirements.map((r) => r.status)).toEqual(["met", "missing", "met"]);
    expect(first.body.questions.map((q) => q.text)).toContain(
      "Have you used model quantization? If so, where?",
    );
    const bullet = first.body.proposals.find(
      (p) => p.path.endsWith("highlights.0") && p.status === "pending",
    )!;
    expect(bullet.proposed).toBe("Serve PyTorch models with Triton on Kubernetes for 40M daily requests");
    expect(bullet.evidence?.cv[0]?.path).toBe(bullet.path);

    // Another owner: 404 everywhere, exactly as for a missing tailoring.
    expect((await api(path, {}, "mallory@example.test")).status).toBe(404);
    expect((await send("POST", `${path}/apply`, {}, "mallory@example.test")).status).toBe(404);

    // Edit before accepting, then accept; reload shows both decisions.
    const mine = "Serve PyTorch models with Triton on Kubernetes (k8s) for 40M daily requests";
    await send("PATCH", `${path}/proposals/${bullet.id}`, { edited: mine, status: "accepted" });
    const reloaded = await api<Tailoring>(path);
    expect(reloaded.body.proposals.find((p) => p.id === bullet.id)).toMatchObject({
      status: "accepted",
      edited: mine,
    });

    // Answer the quantization question and re-run: the decision survives, the question is gone.
    const question = reloaded.body.questions.find((q) => q.text.includes("quantization"))!;
    await send("PUT", `${path}/answers`, {
      answers: [
        { question_id: question.id, answer: "Yes: INT8 quantization of our ranking models at Nimbus Labs." },
      ],
    });
    const rerun = await send<{ task: Task }>("POST", `/jobs/${jobId}/optimize`, {
      tailoring_id: tailoringId,
    });
    await finished(rerun.body.task.id);
    const after = await api<Tailoring>(path);
    expect(after.body.answers).toHaveLength(1);
    expect(after.body.questions.some((q) => q.id === question.id)).toBe(false);
    expect(after.body.proposals.find((p) => p.id === bullet.id)).toMatchObject({
      status: "accepted",
      edited: mine,
    });

    // Apply the accepted proposals, then undo.
    const applied = await send<{ job: Job; applied: string[]; tailoring: Tailoring }>(
      "POST",
      `${path}/apply`,
      {},
    );
    expect(applied.status).toBe(200);
    expect(applied.body.applied).toEqual([bullet.id]);
    expect(applied.body.job.sections.work[0]!.positions[0]!.highlights[0]).toBe(mine);
    expect(applied.body.tailoring.undo_depth).toBe(1);
    const undone = await send<{ job: Job; tailoring: Tailoring }>("POST", `${path}/undo`, {});
    expect(undone.status).toBe(200);
    expect(undone.body.job.sections.work[0]!.positions[0]!.highlights[0]).toBe(
      "Serve PyTorch models with Triton on k8s for 40M daily requests",
    );
    expect(undone.body.tailoring.proposals.find((p) => p.id === bullet.id)?.status).toBe("accepted");
    expect((await send("POST", `${path}/undo`, {})).status).toBe(409);

    // Cover letter: draft from the template, edit, download as PDF and DOCX.
    const drafted = await send<Tailoring & { cover_letter: { paragraphs: string[]; greeting: string } }>(
      "POST",
      `${path}/cover-letter/draft`,
      {},
    );
    expect(drafted.status).toBe(200);
    expect(drafted.body.cover_letter.greeting).toBe("Dear Acme AI hiring team,");
    // No model is configured: asking for one is a conflict, not a silent template.
    expect((await send("POST", `${path}/cover-letter/draft`, { engine: "llm" })).status).toBe(409);
    const edited = {
      ...drafted.body.cover_letter,
      paragraphs: [...drafted.body.cover_letter.paragraphs, "P.S. Mine."],
      source: "user",
    };
    expect((await send("PUT", `${path}/cover-letter`, edited)).status).toBe(200);
    const pdf = await fetch(`${base}${path}/cover-letter.pdf`, { headers: { "x-owner-user-id": OWNER } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    const docx = await fetch(`${base}${path}/cover-letter.docx`, { headers: { "x-owner-user-id": OWNER } });
    expect(docx.status).toBe(200);
    expect(
      Buffer.from(await docx.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
    expect(
      (
        await fetch(`${base}${path}/cover-letter.pdf`, {
          headers: { "x-owner-user-id": "mallory@example.test" },
        })
      ).status,
    ).toBe(404);

    const list = await api<{ items: { id: string; title: string; company: string }[] }>(
      `/jobs/${jobId}/tailorings`,
    );
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: tailoringId,
        title: "Senior ML Engineer, Inference Platform",
        company: "Acme AI",
      }),
    ]);
  }, 120_000);
});
