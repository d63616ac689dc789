/**
 * Start-up and idle-memory benchmark (`npm run bench:footprint`), on a
 * PostgreSQL database of its own with the migrations already applied.
 *
 * For `serve --no-worker`, `worker` and `serve` it measures, beside each other
 * in one run:
 * - compiled: `node dist/server/main.js <command>` (what `npm start` and the
 *   container run; built first if stale);
 * - tsx: `tsx src/cli/main.ts <command>` (how every process ran before the
 *   compiled build, and how a checkout still runs the sources);
 * and `npm start` itself (npm, the prestart build check, then the server)
 * beside the previous `npm start` (tsx prestart, then tsx).
 *
 * "ready" is the time from spawning to the first 200 from /readyz (the API
 * port, or the worker's metrics port). "idle RSS" is the resident memory of
 * the process and its children once it has settled: three samples 250 ms
 * apart within 2 MB of each other (the worker warms its parse thread first).
 * Rounds alternate the two sides so load swings on this shared machine hit
 * both; medians are printed with the load average.
 *
 * Targets: idle API <= 150 MB, idle worker <= 250 MB, `npm start` ready <= 2 s,
 * the process itself <= 1.5 s. Usage: `npm run bench:footprint [-- --rounds N]`.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createTestDatabase } from "../test/support/database.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BIN = join(ROOT, "node_modules/.bin");
const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" } } });
const ROUNDS = Number(values.rounds);
const TARGETS = { apiMb: 150, workerMb: 250, npmStartS: 2, processS: 1.5 };

type Mode = { name: string; args: string[]; probe: "api" | "metrics" };
const MODES: Mode[] = [
  { name: "serve --no-worker", args: ["serve", "--no-worker"], probe: "api" },
  { name: "worker", args: ["worker"], probe: "metrics" },
  { name: "serve", args: ["serve"], probe: "api" },
];

type Side = "compiled" | "tsx";
type Sample = { readyMs: number; rssMb: number };

/** How each side starts a command (argv after the executable, which is node). */
const LAUNCH: Record<Side, (args: string[]) => string[]> = {
  compiled: (args) => [join(ROOT, "dist/server/main.js"), ...args],
  tsx: (args) => ["--import", "tsx", join(ROOT, "src/cli/main.ts"), ...args],
};

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** Resident memory of a process and all its descendants, in MB. */
function treeRssMb(root: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      const status = readFileSync(`/proc/${entry}/status`, "utf8");
      rss.set(Number(entry), Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // gone while we looked
    }
  }
  let kb = 0;
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    kb += rss.get(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return kb / 1024;
}

/** Start a process (in its own group), wait for /readyz, let it settle, measure, stop it. */
async function measure(
  command: string,
  argv: string[],
  env: NodeJS.ProcessEnv,
  port: number,
): Promise<Sample> {
  const started = performance.now();
  const child: ChildProcess = spawn(command, argv, {
    cwd: ROOT,
    env,
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });
  try {
    for (;;) {
      if (exited)
        throw new Error(`${command} ${argv.join(" ")} exited before ready:\n${stderr.slice(-2000)}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      // Polling interval of the readiness probe, not a wait for an outcome.
      await delay(10);
    }
    const readyMs = performance.now() - started;
    const samples: number[] = [];
    for (let i = 0; i < 80; i++) {
      samples.push(treeRssMb(child.pid!));
      const last = samples.slice(-3);
      if (last.length === 3 && Math.max(...last) - Math.min(...last) < 2) break;
      await delay(250);
    }
    return { readyMs, rssMb: samples.at(-1)! };
  } finally {
    process.kill(-child.pid!, "SIGTERM");
    if (!exited) await new Promise((r) => child.once("exit", r));
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ")).join("\n");
}

// Build what is stale, outside the timed runs.
const build = spawnSync(process.execPath, [join(ROOT, "scripts/ensure-build.js")], {
  cwd: ROOT,
  stdio: "inherit",
});
if (build.status !== 0) process.exit(build.status ?? 1);

const bench = await createTestDatabase({ engine: "postgres" });
const loadBefore = loadavg();
const results = new Map<string, Sample[]>();
const record = (key: string, sample: Sample) => results.set(key, [...(results.get(key) ?? []), sample]);
try {
  const baseEnv = {
    ...process.env,
    PATH: `${BIN}:${process.env.PATH ?? ""}`,
    DATABASE_URL: bench.url,
    LOG_LEVEL: "warn",
    MIGRATE_ON_START: "true",
  };
  console.log(`footprint benchmark on its own database ${bench.name}: ${ROUNDS} rounds`);
  for (let round = 0; round < ROUNDS; round++) {
    const sides: Side[] = round % 2 === 0 ? ["compiled", "tsx"] : ["tsx", "compiled"];
    for (const mode of MODES) {
      for (const side of sides) {
        const [apiPort, metricsPort] = [await freePort(), await freePort()];
        const env = { ...baseEnv, PORT: String(apiPort), WORKER_METRICS_PORT: String(metricsPort) };
        const port = mode.probe === "api" ? apiPort : metricsPort;
        record(`${mode.name}|${side}`, await measure(join(BIN, "node"), LAUNCH[side](mode.args), env, port));
      }
    }
    // npm start now, and the previous commit's npm start (a tsx prestart, then tsx).
    for (const side of sides) {
      const apiPort = await freePort();
      const env = { ...baseEnv, PORT: String(apiPort) };
      const [command, argv] =
        side === "compiled"
          ? ["npm", ["start", "--silent"]]
          : ["sh", ["-c", "tsx scripts/ensure-web-build.ts >/dev/null && exec tsx src/cli/main.ts serve"]];
      record(`npm start|${side}`, await measure(command, argv, env, apiPort));
    }
    process.stdout.write(`round ${round + 1}/${ROUNDS} done\n`);
  }
} finally {
  await bench.drop();
}
const loadAfter = loadavg();

const rows = [
  ["process", "compiled ready", "compiled idle RSS", "tsx ready", "tsx idle RSS", "ready ratio", "RSS ratio"],
];
const summary = new Map<string, { ready: number; rss: number }>();
for (const name of [...MODES.map((m) => m.name), "npm start"]) {
  const compiled = results.get(`${name}|compiled`)!;
  const tsx = results.get(`${name}|tsx`)!;
  const c = { ready: median(compiled.map((s) => s.readyMs)), rss: median(compiled.map((s) => s.rssMb)) };
  const t = { ready: median(tsx.map((s) => s.readyMs)), rss: median(tsx.map((s) => s.rssMb)) };
  summary.set(name, c);
  rows.push([
    name,
    `${(c.ready / 1000).toFixed(2)} s`,
    `${c.rss.toFixed(0)} MB`,
    `${(t.ready / 1000).toFixed(2)} s`,
    `${t.rss.toFixed(0)} MB`,
    `${(c.ready / t.ready).toFixed(2)}x`,
    `${(c.rss / t.rss).toFixed(2)}x`,
  ]);
}
console.log(
  `\nmedians of ${ROUNDS} alternating rounds (compiled = dist/server; tsx = the TypeScript sources)`,
);
console.log(table(rows));
console.log(
  `load average (1/5/15 min): before ${loadBefore.map((l) => l.toFixed(2)).join(" ")}, after ${loadAfter.map((l) => l.toFixed(2)).join(" ")}`,
);

const api = summary.get("serve --no-worker")!;
const worker = summary.get("worker")!;
const npmStart = summary.get("npm start")!;
const serve = summary.get("serve")!;
const verdict = (ok: boolean) => (ok ? "met" : "MISSED");
console.log(
  [
    `targets: idle API ${api.rss.toFixed(0)} MB <= ${TARGETS.apiMb}: ${verdict(api.rss <= TARGETS.apiMb)}`,
    `idle worker ${worker.rss.toFixed(0)} MB <= ${TARGETS.workerMb}: ${verdict(worker.rss <= TARGETS.workerMb)}`,
    `npm start ready ${(npmStart.ready / 1000).toFixed(2)} s <= ${TARGETS.npmStartS}: ${verdict(npmStart.ready / 1000 <= TARGETS.npmStartS)}`,
    `serve process ready ${(serve.ready / 1000).toFixed(2)} s <= ${TARGETS.processS}: ${verdict(serve.ready / 1000 <= TARGETS.processS)}`,
  ].join("; "),
);
