/**
 * `npm run bench:api`: the API's read path and export latency, each beside a
 * baseline measured in the same run.
 *
 * 1. `GET /api/v1/jobs/{id}` under load (autocannon in a worker thread, loopback)
 *    vs the same primary-key select through plain `pg` in a loop with the same
 *    number of concurrent clients. Target: ≥ 0.5× the raw baseline.
 * 2. End-to-end export latency with an idle worker: POST export → task
 *    completed → artifact downloaded through its signed link. Targets:
 *    p50 ≤ 150 ms, p99 ≤ 400 ms.
 *
 * Runs against PostgreSQL (a fresh database, dropped afterwards), the local
 * blob store in a temp directory and the real server with its in-process worker.
 */
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import pg from "pg";
import { createAppContext } from "../src/app/context.js";
import { startServer } from "../src/app/server.js";
import { loadConfig } from "../src/config.js";
import { withOwner } from "../src/db/owner-scope.js";
import { JobRepository } from "../src/db/repositories/job-repository.js";
import { fromJsonResume } from "../src/resume/json-resume.js";
import { defaultExportSettings } from "../src/resume/settings.js";
import { createTestDatabase } from "../test/support/database.js";

const OWNER = "bench-owner";
const CONNECTIONS = 10;
const DURATION_SECONDS = 5;
const EXPORTS = 40;
const WARMUP_EXPORTS = 2;

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The raw baseline: CONNECTIONS clients each running the primary-key select in a loop. */
async function rawBaseline(url: string, jobId: string): Promise<{ rps: number; p99: number }> {
  const clients = await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const c = new pg.Client({ connectionString: url });
      c.on("error", () => {});
      await c.connect();
      return c;
    }),
  );
  const latencies: number[] = [];
  const deadline = performance.now() + DURATION_SECONDS * 1000;
  let count = 0;
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await c.query({
          name: "job-by-id",
          text: "SELECT * FROM jobs WHERE id = $1 AND owner_user_id = $2",
          values: [jobId, OWNER],
        });
        latencies.push(performance.now() - t0);
        count++;
      }
    }),
  );
  await Promise.all(clients.map((c) => c.end()));
  latencies.sort((a, b) => a - b);
  return { rps: count / DURATION_SECONDS, p99: percentile(latencies, 99) };
}

async function main() {
  const testDb = await createTestDatabase({ engine: "postgres", poolMax: CONNECTIONS + 4 });
  const dir = await mkdtemp(join(tmpdir(), "ra-bench-api-"));
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATA_DIR: dir,
    PORT: String(port),
    RATE_LIMIT_PER_MINUTE: "100000000",
    WORKER_CONCURRENCY: "2",
  });
  const ctx = await createAppContext(config, { database: testDb.database, migrate: false });
  const server = await startServer(ctx, { worker: true, installSignalHandlers: false });
  const base = `http://127.0.0.1:${port}`;
  try {
    const sample = JSON.parse(
      await (await import("node:fs/promises")).readFile(
        new URL("../../shared/corpus/json-resume/sample.resume.json", import.meta.url),
        "utf8",
      ),
    );
    const job = await withOwner(ctx.database, OWNER, async (tx) => {
      const jobs = new JobRepository(tx);
      const created = await jobs.create({
        owner_user_id: OWNER,
        original_filename: "sample.json",
        content_type: "application/json",
        parse_status: "parsed",
        sections: fromJsonResume(sample) as unknown as Record<string, unknown>,
        export_settings: defaultExportSettings(),
      });
      return (await jobs.confirmSections(created.id, OWNER))!;
    });

    // Warm both paths.
    await autocannon({
      url: `${base}/api/v1/jobs/${job.id}`,
      headers: { "x-owner-user-id": OWNER },
      connections: CONNECTIONS,
      duration: 1,
      workers: 1,
    });
    const raw = await rawBaseline(testDb.url!, job.id);
    const http = await autocannon({
      url: `${base}/api/v1/jobs/${job.id}`,
      headers: { "x-owner-user-id": OWNER },
      connections: CONNECTIONS,
      duration: DURATION_SECONDS,
      workers: 1,
    });
    const non2xx = http.non2xx + http.errors;

    // Export latency, one at a time with the worker idle in between.
    const latencies: number[] = [];
    const waits: number[] = [];
    const runs: number[] = [];
    // The first export loads fonts and warms the renderer; it is not counted.
    for (let i = -WARMUP_EXPORTS; i < EXPORTS; i++) {
      const t0 = performance.now();
      const started = await fetch(`${base}/api/v1/jobs/${job.id}/exports`, {
        method: "POST",
        headers: { "x-owner-user-id": OWNER, "content-type": "application/json" },
        body: JSON.stringify({ formats: ["pdf"] }),
      });
      const { task } = (await started.json()) as { task: { id: string } };
      let status = "queued";
      let result: { artifacts: { id: string }[] } | null = null;
      let times: { created_at: string; started_at: string | null; finished_at: string | null } | undefined;
      while (status !== "completed") {
        const r = await fetch(`${base}/api/v1/tasks/${task.id}`, { headers: { "x-owner-user-id": OWNER } });
        const body = (await r.json()) as {
          status: string;
          result: typeof result;
          error: unknown;
          created_at: string;
          started_at: string | null;
          finished_at: string | null;
        };
        status = body.status;
        result = body.result;
        times = body;
        if (status === "failed" || status === "canceled")
          throw new Error(`export ${status}: ${JSON.stringify(body.error)}`);
        if (status !== "completed") await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const artifactId = result!.artifacts[0]!.id;
      const redirect = await fetch(`${base}/api/v1/artifacts/${artifactId}/download`, {
        headers: { "x-owner-user-id": OWNER },
        redirect: "manual",
      });
      const file = await fetch(redirect.headers.get("location")!);
      const bytes = Buffer.from(await file.arrayBuffer());
      if (file.status !== 200 || bytes.subarray(0, 5).toString() !== "%PDF-")
        throw new Error("download failed");
      if (i < 0) continue;
      latencies.push(performance.now() - t0);
      if (times?.started_at && times.finished_at) {
        waits.push(Date.parse(times.started_at) - Date.parse(times.created_at));
        runs.push(Date.parse(times.finished_at) - Date.parse(times.started_at));
      }
      // Let the worker go idle again before the next export.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const list of [latencies, waits, runs]) list.sort((a, b) => a - b);

    const ratio = http.requests.average / raw.rps;
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log(`bench:api (${CONNECTIONS} connections, ${DURATION_SECONDS}s per run, loopback, PostgreSQL)`);
    console.log("");
    console.log("GET /api/v1/jobs/{id}");
    console.log(`  raw pg primary-key select : ${raw.rps.toFixed(0)} req/s, p99 ${raw.p99.toFixed(2)} ms`);
    console.log(
      `  API (auth, RLS tx, JSON)  : ${http.requests.average.toFixed(0)} req/s, p99 ${http.latency.p99.toFixed(2)} ms` +
        (non2xx ? `, ${non2xx} non-2xx/errors` : ""),
    );
    console.log(
      `  ratio API/raw             : ${ratio.toFixed(2)}x (target >= 0.5x) ${ratio >= 0.5 ? "OK" : "BELOW TARGET"}`,
    );
    console.log("");
    console.log(`Export latency, POST export -> artifact downloaded (pdf, idle worker, n=${EXPORTS})`);
    console.log(`  p50 ${p50.toFixed(1)} ms (target <= 150) ${p50 <= 150 ? "OK" : "ABOVE TARGET"}`);
    console.log(`  p99 ${p99.toFixed(1)} ms (target <= 400) ${p99 <= 400 ? "OK" : "ABOVE TARGET"}`);
    console.log(
      `  of which: queued -> claimed p50 ${percentile(waits, 50).toFixed(0)} / p99 ${percentile(waits, 99).toFixed(0)} ms, ` +
        `claimed -> finished (render, store, commit) p50 ${percentile(runs, 50).toFixed(0)} / p99 ${percentile(runs, 99).toFixed(0)} ms`,
    );
  } finally {
    await server.stop();
    await testDb.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
