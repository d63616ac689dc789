/**
 * Variants and share links on a real port with a worker: upload a CV, derive two variants for two
 * postings, edit the master (reaching both) and one variant (a conflict, resolved), export each
 * variant with the real export task, share each file with its own recipient, open the links as the
 * recipient would (no login, another client), read the views as the owner, revoke one (410), let the
 * other expire (410), and restore a named version and undo the restore.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppContext, createAppContext } from "../../src/app/context.js";
import { type RunningServer, startServer } from "../../src/app/server.js";
import { loadConfig } from "../../src/config.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { CORPUS } from "../support/http.js";

const OWNER = "variants-e2e@example.test";
let testDb: TestDatabase;
let ctx: AppContext;
let server: RunningServer;
let base: string;
let dir: string;

type Task = { id: string; status: string; result: { artifacts?: { id: string; kind: string }[] } | null };
type Job = {
  id: string;
  parse_status: string;
  sections: { basics: Record<string, string> } & Record<string, unknown>;
};
type Variant = { job_id: string; conflicts: { path: string }[]; job: Job };

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), "ra-e2e-variants-"));
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATA_DIR: dir,
    PORT: String(port),
    WORKER_POLL_INTERVAL_MS: "100",
    WORKER_CONCURRENCY: "2",
    RETENTION_INTERVAL_MINUTES: "0",
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
  const response = await fetch(`${base}/api/v1${path}`, {
    ...init,
    headers: {
      "x-owner-user-id": OWNER,
      ...(init.body && typeof init.body === "string" ? { "content-type": "application/json" } : {}),
      ...(init.headers as Record<string, string>),
    },
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
}

const send = <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  api<T>(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }), headers });

/** Wait for a task to end by reading it whenever the server says it changed (SSE). */
async function finished(taskId: string): Promise<Task> {
  const response = await fetch(`${base}/api/v1/tasks/${taskId}/events`, {
    headers: { "x-owner-user-id": OWNER, accept: "text/event-stream" },
  });
  for await (const _chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    // The stream ends when the task does.
  }
  const task = (await api<Task>(`/tasks/${taskId}`)).body;
  expect(task.status).toBe("completed");
  return task;
}

async function editBasics(id: string, field: string, value: string): Promise<void> {
  const current = await api<Job>(`/jobs/${id}`);
  const sections = { ...current.body.sections, basics: { ...current.body.sections.basics, [field]: value } };
  const etag = current.headers.get("etag") ?? "";
  expect((await send("PATCH", `/jobs/${id}`, { sections }, { "if-match": etag })).status).toBe(200);
}

async function exportPdf(jobId: string): Promise<string> {
  expect((await send("POST", `/jobs/${jobId}/confirm`, { acknowledge_flags: true })).status).toBe(200);
  const started = await send<{ task: Task }>("POST", `/jobs/${jobId}/exports`, { formats: ["pdf"] });
  expect(started.status).toBe(202);
  const task = await finished(started.body.task.id);
  return task.result!.artifacts!.find((a) => a.kind === "pdf")!.id;
}

describe("variants and share links end to end", () => {
  it("two variants, a conflict, exports, shares opened by the recipient, revoke, expiry, restore and undo", async () => {
    const resume = readFileSync(join(CORPUS, "json-resume/sample.resume.json"));
    const form = new FormData();
    form.append("file", new Blob([resume], { type: "application/json" }), "resume.json");
    const upload = await api<{ job: Job; task: Task }>("/jobs", { method: "POST", body: form });
    expect(upload.status).toBe(202);
    await finished(upload.body.task.id);
    const master = upload.body.job.id;
    expect((await send("POST", `/jobs/${master}/confirm`, { acknowledge_flags: true })).status).toBe(200);
    const before = await send<{ id: string }>("POST", `/jobs/${master}/versions`, {
      name: "before tailoring",
    });
    expect(before.status).toBe(201);

    const acme = (await send<Variant>("POST", `/jobs/${master}/variants`, { company: "Acme" })).body.job_id;
    const globex = (await send<Variant>("POST", `/jobs/${master}/variants`, { company: "Globex" })).body
      .job_id;
    await editBasics(globex, "label", "Compression Engineer for Globex");
    await editBasics(master, "label", "Staff Programmer");
    await editBasics(master, "phone", "+1 555 0199");

    const a = (await api<Variant>(`/variants/${acme}`)).body;
    expect(a.job.sections.basics).toMatchObject({ label: "Staff Programmer", phone: "+1 555 0199" });
    const g = (await api<Variant>(`/variants/${globex}`)).body;
    expect(g.job.sections.basics).toMatchObject({
      label: "Compression Engineer for Globex",
      phone: "+1 555 0199",
    });
    expect(g.conflicts.map((c) => c.path)).toEqual(["basics/label"]);
    const resolved = await send<Variant>("POST", `/variants/${globex}/conflicts/resolve`, {
      path: "basics/label",
      choice: "keep_mine",
    });
    expect(resolved.body.conflicts).toEqual([]);

    const pdfA = await exportPdf(acme);
    const pdfG = await exportPdf(globex);
    const share = (jobId: string, artifact_id: string, recipient: string) =>
      send<{ id: string; token: string }>("POST", `/jobs/${jobId}/shares`, { artifact_id, recipient });
    const linkA = (await share(acme, pdfA, "Acme — recruiter")).body;
    const linkG = (await share(globex, pdfG, "Globex — hiring manager")).body;

    // The recipient: no owner header, no cookie, another client.
    const recipient = (token: string) =>
      fetch(`${base}/api/v1/shared/${token}/file`, { headers: { "user-agent": "Mozilla/5.0 Chrome/131.0" } });
    for (const link of [linkA, linkG]) {
      const response = await recipient(link.token);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/pdf");
      expect(response.headers.get("x-robots-tag")).toBe("noindex, nofollow");
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    }
    const sharesA = await api<{ items: { views: number; artifact: { version: number } }[] }>(
      `/jobs/${acme}/shares`,
    );
    expect(sharesA.body.items).toMatchObject([{ views: 1, artifact: { version: 1 } }]);

    expect((await send("DELETE", `/jobs/${acme}/shares/${linkA.id}`)).status).toBe(200);
    expect((await recipient(linkA.token)).status).toBe(410);
    await testDb.database.db.execute(
      sql`UPDATE share_links SET expires_at = now() - interval '1 second' WHERE id = ${linkG.id}::uuid`,
    );
    const expired = await recipient(linkG.token);
    expect(expired.status).toBe(410);
    expect(((await expired.json()) as { code: string }).code).toBe("link_expired");

    // Restore the named version of the master, then undo the restore.
    const restored = await send<{ job: Job; version: { id: string } }>(
      "POST",
      `/jobs/${master}/versions/${before.body.id}/restore`,
    );
    expect(restored.status).toBe(200);
    expect(restored.body.job.sections.basics.label).toBe("Programmer");
    expect((await api<Variant>(`/variants/${acme}`)).body.job.sections.basics.label).toBe("Programmer");
    const undone = await send<{ job: Job }>(
      "POST",
      `/jobs/${master}/versions/${restored.body.version.id}/undo`,
    );
    expect(undone.status).toBe(200);
    expect(undone.body.job.sections.basics.label).toBe("Staff Programmer");
  });
});
