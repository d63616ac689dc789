/**
 * One CV in two languages through the API, on a real port with a worker and a local model server
 * speaking the OpenAI wire format: an English CV gets a German translation (guarded: a translation
 * that loses a number is kept as a copy to translate), an English bullet is edited and exactly that
 * German bullet shows as out of date, the user's own text makes it current, both languages export
 * (PDF and DOCX with German labels and dates) and both appear in one bundle.
 */
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppContext, createAppContext } from "../../src/app/context.js";
import { type RunningServer, startServer } from "../../src/app/server.js";
import { loadConfig } from "../../src/config.js";
import { extractPdfPlainText } from "../../src/resume/render/index.js";
import { readStream } from "../../src/storage/read-stream.js";
import { zipEntries } from "../resume/render/zip-entries.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { type FakeLlmServer, openAiCompletion, startFakeLlmServer } from "../support/fake-llm-server.js";
import { readTaskStream } from "../support/task-stream.js";

const OWNER = "translate-owner@example.test";
let testDb: TestDatabase;
let ctx: AppContext;
let server: RunningServer;
let llm: FakeLlmServer;
let base: string;
let dir: string;

const CV = `Ada Park
ada@example.com | +1 555 0100

Summary
ML engineer who serves models at scale for 40M daily requests.

Experience
ML Engineer, Nimbus Labs — Mar 2019 – present
- Serve PyTorch models with Triton on Kubernetes
- Built Python feature pipelines in Airflow

Skills
Languages: Go, Python
`;

/** What the model answers, by English text; anything else comes back unchanged (and is kept). */
const GERMAN: Record<string, string> = {
  // Loses the number: the guard keeps the English copy, marked as still to translate.
  "ML engineer who serves models at scale for 40M daily requests.":
    "ML-Ingenieurin, die Modelle in großem Maßstab betreibt.",
  "ML Engineer": "ML-Ingenieurin",
  "Serve PyTorch models with Triton on Kubernetes": "Betrieb von PyTorch-Modellen mit Triton auf Kubernetes",
  "Built Python feature pipelines in Airflow": "Python-Feature-Pipelines in Airflow gebaut",
  Languages: "Sprachen",
  "Serve PyTorch models with Triton and KServe on Kubernetes":
    "Betrieb von PyTorch-Modellen mit Triton und KServe auf Kubernetes",
};

type Task = { id: string; status: string; result: Record<string, unknown> | null; error: unknown };
type Stale = { key: string; path: string; reason: string; source: string; translated: string };
type Translation = {
  id: string;
  language: string;
  source_language: string;
  engine: string;
  sections: {
    basics: { name: string; summary: string; email: string };
    work: {
      id: string;
      name: string;
      positions: { id: string; title: string; highlights: string[]; dates: { text: string } }[];
    }[];
    meta: { language: string };
  } | null;
  fields: Record<string, { state: string }>;
  out_of_date: Stale[];
};
type Job = {
  id: string;
  sections: {
    work: { id: string; positions: { id: string; highlights: string[] }[] }[];
    meta: { language?: string };
  };
};

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

beforeAll(async () => {
  llm = await startFakeLlmServer();
  llm.reply((req) => {
    const user = (req.body.messages as { role: string; content: string }[]).find((m) => m.role === "user")!;
    const { fields } = JSON.parse(user.content) as { fields: { key: string; text: string }[] };
    return {
      json: openAiCompletion(
        JSON.stringify({ fields: fields.map((f) => ({ key: f.key, text: GERMAN[f.text] ?? f.text })) }),
      ),
    };
  });
  testDb = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), "ra-translate-"));
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATA_DIR: dir,
    PORT: String(port),
    WORKER_POLL_INTERVAL_MS: "100",
    RETENTION_INTERVAL_MINUTES: "0",
    OPTIMIZE_ENGINE: "llm",
    LLM_BASE_URL: `${llm.url}/v1`,
    LLM_MODEL: "resume-model",
    LLM_API_KEY: "test-key",
    LLM_MAX_RETRIES: "0",
  });
  ctx = await createAppContext(config, { database: testDb.database, migrate: false });
  server = await startServer(ctx, { worker: true, installSignalHandlers: false });
  base = `http://127.0.0.1:${port}/api/v1`;
});

afterAll(async () => {
  await server?.stop();
  await testDb?.drop();
  await llm?.close();
  await rm(dir, { recursive: true, force: true });
});

async function api<T>(
  path: string,
  init: RequestInit = {},
  owner = OWNER,
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${base}${path}`, {
    ...init,
    headers: { "x-owner-user-id": owner, ...(init.headers as Record<string, string>) },
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
}
const send = <T>(
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  owner = OWNER,
) =>
  api<T>(
    path,
    { method, body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers } },
    owner,
  );

/** Wait for a task's end over its SSE stream (no polling loop, no sleep). */
async function finished(taskId: string, status = "completed"): Promise<Task> {
  const stream = await readTaskStream<Task>(`${base}/tasks/${taskId}/events`, OWNER);
  expect(stream.status).toBe(200);
  const last = stream.tasks.at(-1);
  expect(last?.status, JSON.stringify(last?.error)).toBe(status);
  return last!;
}

/** The stored bytes of the export task's artifacts, by file name, with their metadata. */
async function exported(taskId: string) {
  const rows = (
    await testDb.database.db.execute(
      sql`SELECT kind, filename, blob_path, metadata FROM artifacts WHERE task_id = ${taskId}::uuid ORDER BY kind`,
    )
  ).rows as { kind: string; filename: string; blob_path: string; metadata: Record<string, unknown> }[];
  const files = new Map<string, { kind: string; bytes: Buffer; metadata: Record<string, unknown> }>();
  for (const r of rows) {
    files.set(r.filename, {
      kind: r.kind,
      metadata: r.metadata,
      bytes: await readStream(await ctx.blobStore.get(r.blob_path)),
    });
  }
  return files;
}

const docxText = async (bytes: Buffer) =>
  ((await zipEntries(bytes)).get("word/document.xml") ?? Buffer.alloc(0)).toString("utf8");

describe("translations API", () => {
  let jobId: string;
  let translationPath: string;

  it("translates an English CV into German with the model, under the guards", async () => {
    const form = new FormData();
    form.append("file", new Blob([CV], { type: "text/plain" }), "ada.txt");
    const upload = await api<{ job: Job; task: Task }>("/jobs", { method: "POST", body: form });
    expect(upload.status).toBe(202);
    jobId = upload.body.job.id;
    await finished(upload.body.task.id);
    expect((await send("POST", `/jobs/${jobId}/confirm`, { acknowledge_flags: true })).status).toBe(200);

    const created = await send<{ translation: Translation; task: Task }>(
      "POST",
      `/jobs/${jobId}/translations`,
      { language: "de" },
      { "idempotency-key": "translate-de-1" },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(202);
    expect(created.body.translation).toMatchObject({ language: "de", source_language: "en", sections: null });
    const replay = await send<{ translation: Translation; task: Task }>(
      "POST",
      `/jobs/${jobId}/translations`,
      { language: "de" },
      { "idempotency-key": "translate-de-1" },
    );
    expect(replay.status).toBe(202);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body.translation.id).toBe(created.body.translation.id);
    expect(replay.body.task.id).toBe(created.body.task.id);
    const again = await send<{ code: string }>("POST", `/jobs/${jobId}/translations`, { language: "de" });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("conflict");
    const same = await send<{ code: string }>("POST", `/jobs/${jobId}/translations`, { language: "en" });
    expect(same.status).toBe(400);

    const done = await finished(created.body.task.id);
    expect(done.result).toMatchObject({ language: "de", engine: "llm" });
    translationPath = `/jobs/${jobId}/translations/${created.body.translation.id}`;
    const { body: de } = await api<Translation>(translationPath);
    const sections = de.sections!;
    expect(sections.meta.language).toBe("de");
    expect(sections.basics.name).toBe("Ada Park");
    expect(sections.basics.email).toBe("ada@example.com");
    expect(sections.work[0]!.name).toBe("Nimbus Labs");
    expect(sections.work[0]!.positions[0]!.title).toBe("ML-Ingenieurin");
    expect(sections.work[0]!.positions[0]!.highlights).toEqual([
      "Betrieb von PyTorch-Modellen mit Triton auf Kubernetes",
      "Python-Feature-Pipelines in Airflow gebaut",
    ]);
    expect(sections.work[0]!.positions[0]!.dates.text).toBe("März 2019 – heute");
    // The summary's translation lost "40": it stays English and is listed as still to translate.
    expect(sections.basics.summary).toBe("ML engineer who serves models at scale for 40M daily requests.");
    expect(de.out_of_date.map((s) => [s.key, s.reason])).toEqual([["basics.summary", "needs_translation"]]);

    // The user writes the summary; it becomes current.
    const patched = await send<Translation>("PATCH", translationPath, {
      fields: [
        { key: "basics.summary", text: "ML-Ingenieurin, die Modelle für 40M tägliche Anfragen betreibt." },
      ],
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.out_of_date).toEqual([]);
    expect(patched.body.fields["basics.summary"]!.state).toBe("edited");

    const list = await api<{
      source_language: string;
      items: { language: string; out_of_date_count: number; ready: boolean }[];
    }>(`/jobs/${jobId}/translations`);
    expect(list.body).toMatchObject({
      source_language: "en",
      items: [{ language: "de", out_of_date_count: 0, ready: true }],
    });

    // Another owner sees nothing.
    expect((await api(translationPath, {}, "mallory@example.test")).status).toBe(404);
    expect(
      (
        await send(
          "PATCH",
          translationPath,
          { fields: [{ key: "basics.summary", text: "x" }] },
          {},
          "mallory@example.test",
        )
      ).status,
    ).toBe(404);
  });

  it("shows exactly the German bullet whose English source was edited as out of date", async () => {
    const job = await api<Job>(`/jobs/${jobId}`);
    const sections = structuredClone(job.body.sections);
    sections.work[0]!.positions[0]!.highlights[1] = "Built Python feature pipelines in Airflow and dbt";
    const edited = await send(
      "PATCH",
      `/jobs/${jobId}`,
      { sections },
      { "if-match": job.headers.get("etag")! },
    );
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect((await send("POST", `/jobs/${jobId}/confirm`, { acknowledge_flags: true })).status).toBe(200);

    const work = sections.work[0]!;
    const key = `work[${work.id}].positions[${work.positions[0]!.id}].highlights.1`;
    const stale = await api<{ items: Stale[] }>(`${translationPath}/out-of-date`);
    expect(stale.body.items).toEqual([
      {
        key,
        path: "work.0.positions.0.highlights.1",
        reason: "source_changed",
        source: "Built Python feature pipelines in Airflow and dbt",
        translated: "Python-Feature-Pipelines in Airflow gebaut",
      },
    ]);

    const fixed = await send<Translation>("PATCH", translationPath, {
      fields: [{ key, text: "Python-Feature-Pipelines in Airflow und dbt gebaut" }],
    });
    expect(fixed.body.out_of_date).toEqual([]);
    const unknown = await send<{ code: string }>("PATCH", translationPath, {
      fields: [{ key: "work[nope].description", text: "x" }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe("validation_failed");
  });

  it("refreshes with the model only the fields whose source changed", async () => {
    const job = await api<Job>(`/jobs/${jobId}`);
    const sections = structuredClone(job.body.sections);
    sections.work[0]!.positions[0]!.highlights[0] =
      "Serve PyTorch models with Triton and KServe on Kubernetes";
    const edited = await send(
      "PATCH",
      `/jobs/${jobId}`,
      { sections },
      { "if-match": job.headers.get("etag")! },
    );
    expect(edited.status).toBe(200);
    expect((await send("POST", `/jobs/${jobId}/confirm`, { acknowledge_flags: true })).status).toBe(200);
    const stale = await api<{ items: Stale[] }>(`${translationPath}/out-of-date`);
    expect(stale.body.items.map((s) => s.path)).toEqual(["work.0.positions.0.highlights.0"]);

    const sentBefore = llm.requests.length;
    const refresh = await send<{ task: Task }>("POST", `${translationPath}/refresh`, {});
    expect(refresh.status).toBe(202);
    await finished(refresh.body.task.id);
    expect(llm.requests).toHaveLength(sentBefore + 1);
    const user = (llm.requests.at(-1)!.body.messages as { role: string; content: string }[]).find(
      (m) => m.role === "user",
    )!;
    expect((JSON.parse(user.content) as { fields: { key: string }[] }).fields.map((f) => f.key)).toEqual([
      stale.body.items[0]!.key,
    ]);
    const after = await api<Translation>(translationPath);
    expect(after.body.out_of_date).toEqual([]);
    expect(after.body.sections!.work[0]!.positions[0]!.highlights).toEqual([
      "Betrieb von PyTorch-Modellen mit Triton und KServe auf Kubernetes",
      "Python-Feature-Pipelines in Airflow und dbt gebaut",
    ]);
    // The user's own text stays the user's.
    expect(after.body.fields[stale.body.items[0]!.key]!.state).toBe("machine");
    expect(after.body.fields["basics.summary"]!.state).toBe("edited");
  });

  it("refuses oversized and malformed edits", async () => {
    const tooMany = Array.from({ length: 501 }, () => ({ key: "basics.summary", text: "x" }));
    expect((await send("PATCH", translationPath, { fields: tooMany })).status).toBe(400);
    expect(
      (await send("PATCH", translationPath, { fields: [{ key: "basics.summary", text: "x".repeat(5_001) }] }))
        .status,
    ).toBe(400);
    expect(
      (await send("PATCH", translationPath, { fields: [{ key: "k".repeat(301), text: "x" }] })).status,
    ).toBe(400);
    expect((await send("POST", `/jobs/${jobId}/translations`, { language: "de-AT" })).status).toBe(400);
    const label = await send<{ code: string }>("PATCH", translationPath, {
      fields: [{ key: `work[${"x"}].description`, text: "x" }],
    });
    expect(label.body.code).toBe("validation_failed");
  });

  it("exports the German CV with German labels and dates, and both languages in one bundle", async () => {
    const german = await send<{ task: Task }>("POST", `/jobs/${jobId}/exports`, {
      formats: ["pdf", "docx"],
      languages: ["de"],
    });
    expect(german.status, JSON.stringify(german.body)).toBe(202);
    await finished(german.body.task.id);
    const de = await exported(german.body.task.id);
    expect([...de.keys()].sort()).toEqual(["ada-park-resume-de.docx", "ada-park-resume-de.pdf"]);
    expect(de.get("ada-park-resume-de.pdf")!.metadata).toMatchObject({ language: "de" });
    const pdf = (await extractPdfPlainText(de.get("ada-park-resume-de.pdf")!.bytes)).text;
    expect(pdf).toContain("BERUFSERFAHRUNG");
    expect(pdf).toContain("heute");
    expect(pdf).toContain("Python-Feature-Pipelines in Airflow und dbt gebaut");
    expect(pdf.toUpperCase()).not.toContain("EXPERIENCE");
    const docx = await docxText(de.get("ada-park-resume-de.docx")!.bytes);
    expect(docx).toContain(">BERUFSERFAHRUNG<");
    expect(docx).toMatch(/März\s2019\s–\sheute/u);

    const unbundled = await send<{ code: string }>("POST", `/jobs/${jobId}/exports`, {
      formats: ["pdf"],
      languages: ["en", "de"],
    });
    expect(unbundled.status).toBe(400);
    const missing = await send<{ task: Task }>("POST", `/jobs/${jobId}/exports`, {
      formats: ["pdf"],
      languages: ["fr"],
    });
    expect(missing.status).toBe(202);
    const failed = await finished(missing.body.task.id, "failed");
    expect(failed.error).toMatchObject({ code: "not_found" });

    const both = await send<{ task: Task }>("POST", `/jobs/${jobId}/exports`, {
      formats: ["pdf", "docx"],
      languages: ["en", "de"],
      bundle: true,
    });
    expect(both.status, JSON.stringify(both.body)).toBe(202);
    await finished(both.body.task.id);
    const files = await exported(both.body.task.id);
    const zip = files.get("ada-park-resume-en-de.zip")!;
    expect(zip.metadata).toMatchObject({ languages: ["en", "de"] });
    // The API names both languages of the bundle, and one for each file in it. Versions are counted
    // per kind and language: the German PDF is at its second version (the German export, then the
    // bundle), the English one has its own series.
    const presented = await api<{
      items: { kind: string; language: string; version: number; languages: string[]; is_latest: boolean }[];
    }>(`/jobs/${jobId}/artifacts`);
    const latest = (kind: string, language: string) =>
      presented.body.items.find((a) => a.kind === kind && a.language === language && a.is_latest);
    expect(latest("zip", "en")?.languages).toEqual(["en", "de"]);
    expect(latest("pdf", "en")?.languages).toEqual(["en"]);
    expect(latest("pdf", "de")?.version).toBe(2);
    expect(
      presented.body.items.filter((a) => a.kind === "pdf" && a.language === "de").map((a) => a.version),
    ).toEqual([2, 1]);
    const entries = await zipEntries(zip.bytes);
    expect([...entries.keys()].sort()).toEqual([
      "ada-park-resume-de.docx",
      "ada-park-resume-de.pdf",
      "ada-park-resume-en.docx",
      "ada-park-resume-en.pdf",
      "manifest.json",
    ]);
    const manifest = JSON.parse(entries.get("manifest.json")!.toString("utf8")) as {
      languages: Record<string, string[]>;
      language_versions: Record<string, Record<string, number>>;
    };
    expect(manifest.language_versions.de).toEqual({ pdf: 2, docx: 2 });
    expect(manifest.language_versions.en).toEqual({
      pdf: latest("pdf", "en")!.version,
      docx: latest("docx", "en")!.version,
    });
    expect(manifest.languages).toEqual({
      en: ["ada-park-resume-en.docx", "ada-park-resume-en.pdf"],
      de: ["ada-park-resume-de.docx", "ada-park-resume-de.pdf"],
    });
    const en = (await extractPdfPlainText(entries.get("ada-park-resume-en.pdf")!)).text;
    expect(en).toContain("EXPERIENCE");
    expect(en).toContain("Built Python feature pipelines in Airflow and dbt");
    expect((await extractPdfPlainText(entries.get("ada-park-resume-de.pdf")!)).text).toContain(
      "BERUFSERFAHRUNG",
    );
    expect(await docxText(entries.get("ada-park-resume-en.docx")!)).toContain(">EXPERIENCE<");
    const listed = await api<{ items: { filename: string; languages: string[] }[] }>(
      `/jobs/${jobId}/artifacts`,
    );
    const byName = new Map(listed.body.items.map((a) => [a.filename, a.languages]));
    expect(byName.get("ada-park-resume-en-de.zip")).toEqual(["en", "de"]);
    expect(byName.get("ada-park-resume-de.docx")).toEqual(["de"]);
    // Every language's files are versions of their own series.
    expect(files.get("ada-park-resume-en.pdf")!.metadata).toMatchObject({ language: "en" });
    expect(files.get("ada-park-resume-de.docx")!.metadata).toMatchObject({ language: "de" });
  });

  it("documents the translation routes and export languages in the OpenAPI document", async () => {
    const doc = (await (await fetch(`${base.replace("/api/v1", "")}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }
        >
      >;
    };
    const operations = Object.entries(doc.paths)
      .filter(([path]) => path.includes("/translations"))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`))
      .sort();
    expect(operations).toEqual([
      "delete /api/v1/jobs/{id}/translations/{translationId}",
      "get /api/v1/jobs/{id}/translations",
      "get /api/v1/jobs/{id}/translations/{translationId}",
      "get /api/v1/jobs/{id}/translations/{translationId}/out-of-date",
      "patch /api/v1/jobs/{id}/translations/{translationId}",
      "post /api/v1/jobs/{id}/translations",
      "post /api/v1/jobs/{id}/translations/{translationId}/refresh",
    ]);
    const exportBody =
      doc.paths["/api/v1/jobs/{id}/exports"]!.post!.requestBody!.content["application/json"]!.schema;
    expect(Object.keys(exportBody.properties ?? {})).toContain("languages");
  });

  it("deletes a translation", async () => {
    expect((await api(translationPath, { method: "DELETE" })).status).toBe(204);
    expect((await api(translationPath)).status).toBe(404);
  });
});
