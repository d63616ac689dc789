/**
 * Deployment smoke test with real processes, as the Helm chart runs them:
 * `migrate` once, then `serve --no-worker` and two `worker` processes against
 * one PostgreSQL database and one blob directory. A CV goes in through the
 * API; exports come out through the workers and download through signed links.
 *
 * Waits are on explicit signals (log lines, the task SSE stream, process
 * exit), never on fixed sleeps.
 */
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  hasPostgres,
  noteSkippedWithoutPostgres,
  postgresAdminUrl,
  type TestDatabase,
} from "../support/database.js";
import { childEnv, REPO_ROOT, runCli, spawnCli } from "./run-cli.js";

// The smoke test is about processes, not parsing accuracy (test/cli/export.test.ts runs the corpus
// PDF through the same parser and renderers): a JSON Resume gives every export the same content.
const CORPUS_CV = join(REPO_ROOT, "../shared/corpus/json-resume/sample.resume.json");
const OWNER = "smoke-test-owner";
/** The pods' database user: not the tables' owner, only a member of the RLS role (docs/AKS_DEPLOYMENT.md). */
const RUNTIME_ROLE = `ra_smoke_runtime_${process.pid}`;
const EXPORTS = 4;

type Task = { id: string; status: string; error: { code: string; message: string } | null; result: unknown };
type Artifact = { id: string; kind: string; version: number; is_latest: boolean; download_url: string };

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as { port: number }).port;
  server.close();
  await once(server, "close");
  return port;
}

/** A child process whose JSON log lines can be awaited. */
class Proc {
  readonly lines: Record<string, unknown>[] = [];
  private output = "";
  private waiters: {
    match: (l: Record<string, unknown>) => boolean;
    resolve: (l: Record<string, unknown>) => void;
  }[] = [];
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    let buffer = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline = buffer.indexOf("\n");
      while (newline >= 0) {
        this.onLine(buffer.slice(0, newline));
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf("\n");
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      this.output += chunk.toString();
    });
    this.exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  }

  private onLine(text: string) {
    this.output += `${text}\n`;
    if (!text.startsWith("{")) return;
    const line = JSON.parse(text) as Record<string, unknown>;
    this.lines.push(line);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(line)) return true;
      w.resolve(line);
      return false;
    });
  }

  /** Resolve with the first log line (past or future) matching `match`; reject if the process exits first. */
  waitFor(match: (l: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>> {
    const seen = this.lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      this.waiters.push({ match, resolve });
      void this.exited.then((code) =>
        reject(new Error(`${this.name} exited (${code}) before ${what}\n${this.output.slice(-4000)}`)),
      );
    });
  }

  get log(): string {
    return this.output;
  }
}

async function adminQuery(url: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Follow the task's SSE stream until it reaches a terminal status. */
async function waitForTask(baseUrl: string, taskId: string): Promise<Task> {
  const response = await fetch(`${baseUrl}/api/v1/tasks/${taskId}/events`, {
    headers: { "x-owner-user-id": OWNER, accept: "text/event-stream" },
    signal: AbortSignal.timeout(120_000),
  });
  expect(response.status).toBe(200);
  const decoder = new TextDecoder();
  let buffer = "";
  let last: Task | undefined;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end = buffer.indexOf("\n\n");
    while (end >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event
        .split("\n")
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trim())
        .join("");
      if (data) {
        last = JSON.parse(data) as Task;
        if (["completed", "failed", "canceled"].includes(last.status)) return last;
      }
      end = buffer.indexOf("\n\n");
    }
  }
  throw new Error(`task ${taskId} stream ended at status ${last?.status}`);
}

describe("deployment smoke test: migrate, serve --no-worker, two workers", () => {
  let testDb: TestDatabase | undefined;
  let dataDir: string;
  const procs: Proc[] = [];

  beforeAll(async () => {
    if (await hasPostgres()) testDb = await createTestDatabase({ migrate: false });
    dataDir = await mkdtemp(join(tmpdir(), "ra-smoke-"));
  });

  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill("SIGKILL");
    await Promise.all(procs.map((p) => p.exited));
    await testDb?.drop();
    const adminUrl = await postgresAdminUrl();
    if (testDb && adminUrl) await adminQuery(adminUrl, `DROP ROLE IF EXISTS ${RUNTIME_ROLE}`);
    await rm(dataDir, { recursive: true, force: true });
  });

  // Five processes start on two shared cores; the budget covers a loaded CI machine.
  it("completes exports through the API with separate worker processes, then shuts down cleanly", {
    timeout: 180_000,
  }, async () => {
    if (!testDb?.url) return noteSkippedWithoutPostgres("deployment smoke test");
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    // Migrations run as the owner (here the admin); the pods as a separate runtime user.
    const migratorEnv = childEnv({ DATABASE_URL: testDb.url });
    const runtimeUrl = new URL(testDb.url);
    runtimeUrl.username = RUNTIME_ROLE;
    const env = childEnv({
      DATABASE_URL: runtimeUrl.toString(),
      DATA_DIR: dataDir,
      HOST: "127.0.0.1",
      PORT: String(port),
      PUBLIC_BASE_URL: baseUrl,
      MIGRATE_ON_START: "false",
      WORKER_CONCURRENCY: "1",
      // The counts below are the exports' and the parse's; the hourly retention run the workers
      // schedule is covered by test/tasks/scheduler.test.ts.
      RETENTION_INTERVAL_MINUTES: "0",
      WORKER_POLL_INTERVAL_MS: "200",
      WORKER_SHUTDOWN_GRACE_SECONDS: "10",
      WORKER_METRICS_PORT: "0",
      METRICS_PORT: "0",
    });

    // 1. The migration Job, then the runtime user's grants exactly as the deployment guide gives them.
    const migrate = await runCli(["migrate"], { env: migratorEnv });
    expect(migrate.stderr).toBe("");
    expect(migrate.code).toBe(0);
    await adminQuery(
      testDb.url,
      `DROP ROLE IF EXISTS ${RUNTIME_ROLE}`,
      `CREATE ROLE ${RUNTIME_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE`,
      `GRANT CONNECT ON DATABASE ${testDb.name} TO ${RUNTIME_ROLE}`,
      `GRANT resume_agent_app TO ${RUNTIME_ROLE}`,
      `GRANT USAGE ON SCHEMA drizzle TO ${RUNTIME_ROLE}`,
      `GRANT SELECT ON drizzle.__drizzle_migrations TO ${RUNTIME_ROLE}`,
    );

    // 2. The web Deployment and two worker replicas.
    const serve = new Proc("serve", spawnCli(["serve", "--no-worker"], { env }));
    const workers = [1, 2].map((n) => new Proc(`worker-${n}`, spawnCli(["worker"], { env })));
    procs.push(serve, ...workers);
    await serve.waitFor((l) => l.msg === "server listening", "listening");
    const apiListener = await serve.waitFor(
      (l) => l.msg === "metrics listener started",
      "api metrics listener",
    );
    const listeners = await Promise.all(
      workers.map((w) => w.waitFor((l) => l.msg === "metrics listener started", "metrics listener")),
    );
    await Promise.all(workers.map((w) => w.waitFor((l) => l.msg === "worker started", "worker start")));

    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);
    // With METRICS_PORT, /metrics answers on its own listener and not on the port an Ingress routes.
    expect((await fetch(`${baseUrl}/metrics`)).status).toBe(404);
    const scraped = await fetch(`${String(apiListener.url)}/metrics`);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain("http_requests_total");

    // 3. Upload → parse (by a worker) → confirm.
    const form = new FormData();
    form.append(
      "file",
      new Blob([await readFile(CORPUS_CV)], { type: "application/json" }),
      "sample.resume.json",
    );
    const upload = await fetch(`${baseUrl}/api/v1/jobs`, {
      method: "POST",
      headers: { "x-owner-user-id": OWNER },
      body: form,
    });
    expect(upload.status).toBe(202);
    const { job, task: parseTask } = (await upload.json()) as { job: { id: string }; task: { id: string } };
    const parsed = await waitForTask(baseUrl, parseTask.id);
    expect(parsed.error).toBeNull();
    expect(parsed.status).toBe("completed");
    const confirm = await fetch(`${baseUrl}/api/v1/jobs/${job.id}/confirm`, {
      method: "POST",
      headers: { "x-owner-user-id": OWNER, "content-type": "application/json" },
      body: JSON.stringify({ acknowledge_flags: true }),
    });
    expect(confirm.status).toBe(200);

    // 4. Several exports at once, so both workers get work.
    const exportTasks = await Promise.all(
      Array.from({ length: EXPORTS }, async () => {
        const response = await fetch(`${baseUrl}/api/v1/jobs/${job.id}/exports`, {
          method: "POST",
          headers: { "x-owner-user-id": OWNER, "content-type": "application/json" },
          body: JSON.stringify({ formats: ["pdf", "docx"] }),
        });
        expect(response.status).toBe(202);
        return ((await response.json()) as { task: { id: string } }).task.id;
      }),
    );
    const finished = await Promise.all(exportTasks.map((id) => waitForTask(baseUrl, id)));
    for (const t of finished) {
      expect(t.error).toBeNull();
      expect(t.status).toBe("completed");
    }

    // 5. Gapless versions per kind, the latest pointer on the highest, downloads that work.
    const list = await fetch(`${baseUrl}/api/v1/jobs/${job.id}/artifacts`, {
      headers: { "x-owner-user-id": OWNER },
    });
    expect(list.status).toBe(200);
    const { items } = (await list.json()) as { items: Artifact[] };
    for (const kind of ["pdf", "docx"]) {
      const versions = items
        .filter((a) => a.kind === kind)
        .map((a) => a.version)
        .sort((a, b) => a - b);
      expect(versions).toEqual(Array.from({ length: EXPORTS }, (_, i) => i + 1));
      expect(items.find((a) => a.kind === kind && a.is_latest)?.version).toBe(EXPORTS);
    }
    const latestPdf = items.find((a) => a.kind === "pdf" && a.is_latest)!;
    const download = await fetch(new URL(latestPdf.download_url, baseUrl));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toContain("application/pdf");
    expect(
      Buffer.from(await download.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");

    // 6. Both worker processes ran tasks; the web process ran none.
    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ worker_id: string; n: number }>(
        "SELECT worker_id, count(*)::int AS n FROM tasks WHERE status = 'completed' GROUP BY worker_id",
      );
      expect(rows.reduce((sum, r) => sum + r.n, 0)).toBe(EXPORTS + 1);
      expect(rows.length).toBe(2);
    } finally {
      await client.end();
    }

    // 7. Metrics: the API reports HTTP and queue metrics, each worker its task metrics.
    const apiMetrics = await (await fetch(`${String(apiListener.url)}/metrics`)).text();
    expect(apiMetrics).toContain("http_request_duration_seconds_bucket");
    expect(apiMetrics).toMatch(/resume_agent_task_queue_oldest_age_seconds\{task_type="export"\} 0/);
    const workerMetrics = await Promise.all(
      listeners.map(async (l) => (await fetch(`${String(l.url)}/metrics`)).text()),
    );
    const completedAttempts = workerMetrics
      .flatMap((text) => [
        ...text.matchAll(
          /^resume_agent_task_duration_seconds_count\{[^}]*outcome="completed"[^}]*\} (\d+)/gm,
        ),
      ])
      .reduce((sum, m) => sum + Number(m[1]), 0);
    expect(completedAttempts).toBe(EXPORTS + 1);

    // 8. The image's HEALTHCHECK command finds the server, and a worker by its metrics port.
    expect((await runCli(["healthcheck"], { env })).code).toBe(0);
    const workerPort = new URL(String(listeners[0]?.url)).port;
    const workerCheck = await runCli(["healthcheck"], {
      env: { ...env, PORT: String(await freePort()), WORKER_METRICS_PORT: workerPort },
    });
    expect(workerCheck.stdout).toContain(`healthy (port ${workerPort})`);

    // 9. SIGTERM: every process drains and exits 0.
    for (const p of procs) p.child.kill("SIGTERM");
    const codes = await Promise.all(procs.map((p) => p.exited));
    expect(codes, procs.map((p) => `${p.name}:\n${p.log.slice(-1500)}`).join("\n")).toEqual([0, 0, 0]);
    for (const w of workers) expect(w.lines.some((l) => l.msg === "worker stopped")).toBe(true);
  });
});
