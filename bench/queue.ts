/**
 * Queue benchmark (`npm run bench:queue`): this engine beside graphile-worker
 * and pg-boss, each at its documented performance settings, in one run.
 *
 * Every round gives each system a fresh database and runs every workload;
 * the order of the systems rotates from round to round and the workloads
 * alternate between systems, so load swings on this shared host hit all alike.
 * Reported: medians over the rounds of jobs/s, the ratio to graphile-worker
 * (the targets of issue 20) with the range of the per-round ratios (the two
 * run back to back in a round), and CPU microseconds per job in Node and in the
 * PostgreSQL backends. Every drain is checked for exactly-once execution.
 * Before a drain is measured each system's queue table is ANALYZEd, as a
 * queue in use would be: without it the first drain on a fresh database ran
 * on the statistics of an empty table, and graphile-worker's job fetch then
 * cost about 3.5x the database time per job, so the figures hung on which
 * workload came first.
 *
 *   npm run bench:queue -- [--rounds 3] [--scale 1] [--only w4x16,bulk] [--systems ours,graphile-worker]
 *   npm run bench:queue -- --systems ours,ours-core,graphile-worker   adds the diagnostic "ours-core"
 *                                                     (the engine without the history's indexes; queue/ours.ts)
 *   npm run bench:queue -- --latency      claim latency with 10k vs 1M finished tasks
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { postgresAdminUrl, withDatabase } from "../test/support/database.js";
import { claimLatency } from "./queue/claim-latency.js";
import { graphileWorker } from "./queue/graphile.js";
import { ours } from "./queue/ours.js";
import { pgBoss } from "./queue/pg-boss.js";
import { fmt, loadAverage, median, printTable } from "./queue/report.js";
import type { Measured, QueueSystem } from "./queue/system.js";

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

type Workload = {
  id: string;
  label: string;
  /** Minimum ratio to graphile-worker (issue 20). */
  target: number;
  run(system: QueueSystem, scale: number): Promise<Measured>;
};

const WORKLOADS: Workload[] = [
  {
    id: "w1x1",
    label: "one worker, 1 in flight",
    target: 0.8,
    run: (s, k) => s.drain({ loops: 1, inFlight: 1, jobs: 2_000 * k }),
  },
  {
    id: "w1x4",
    label: "one worker, 4 in flight",
    target: 0.8,
    run: (s, k) => s.drain({ loops: 1, inFlight: 4, jobs: 4_000 * k }),
  },
  {
    id: "w1x16",
    label: "1 loop x 16 in flight",
    target: 0,
    run: (s, k) => s.drain({ loops: 1, inFlight: 16, jobs: 10_000 * k }),
  },
  {
    id: "w4x16",
    label: "4 loops x 16 in flight",
    target: 1.0,
    run: (s, k) => s.drain({ loops: 4, inFlight: 16, jobs: 20_000 * k }),
  },
  { id: "single", label: "enqueue, 2,000 single", target: 1.0, run: (s, k) => s.enqueueSingle(2_000 * k) },
  { id: "bulk", label: "enqueue, bulk 20,000", target: 0.5, run: (s, k) => s.enqueueBulk(20_000 * k) },
];

const SYSTEMS: Record<string, () => QueueSystem> = {
  ours: () => ours(),
  "ours-core": () => ours({ core: true }),
  "graphile-worker": () => {
    const localQueue = option("graphile-local-queue");
    return graphileWorker(localQueue ? { localQueue: Number(localQueue) } : {});
  },
  "pg-boss": pgBoss,
};

const rounds = Number(option("rounds") ?? 3);
const scale = Number(option("scale") ?? 1);
const only = option("only")?.split(",");
const systemNames = option("systems")?.split(",") ?? ["ours", "graphile-worker", "pg-boss"];
const workloads = WORKLOADS.filter((w) => !only || only.includes(w.id));

const adminUrl = await postgresAdminUrl();
if (!adminUrl) throw new Error("bench:queue needs PostgreSQL (TEST_DATABASE_URL or 127.0.0.1:5432)");

if (args.includes("--latency")) {
  await claimLatency();
  process.exit(0);
}

console.log(`queue benchmark: ${rounds} rounds, scale ${scale}, systems ${systemNames.join(", ")}`);
console.log(`load average at start: ${loadAverage()}`);
const results = new Map<string, Measured[]>(); // `${system}/${workload}`

for (let round = 0; round < rounds; round++) {
  const order = systemNames.map((_, i) => systemNames[(i + round) % systemNames.length] as string);
  const live: { name: string; system: QueueSystem; drop: () => Promise<void> }[] = [];
  try {
    for (const name of order) {
      const factory = SYSTEMS[name];
      if (!factory) throw new Error(`unknown system ${name}`);
      const { url, database, drop } = await freshDatabase(adminUrl, name);
      const system = factory();
      live.push({ name, system, drop });
      await system.setup({ url, adminUrl, database });
    }
    for (const workload of workloads) {
      for (const { name, system } of live) {
        // pg-boss fetches a batch per poll; with one job per batch it mostly waits for its poll
        // interval, so (as in issue 20) it is not run on the one-worker rows.
        if (name === "pg-boss" && workload.id.startsWith("w1x") && workload.id !== "w1x16") continue;
        const m = await workload.run(system, scale);
        const key = `${name}/${workload.id}`;
        results.set(key, [...(results.get(key) ?? []), m]);
        console.log(
          `round ${round + 1} ${workload.id.padEnd(6)} ${name.padEnd(15)} ${fmt(m.jobs / m.seconds).padStart(7)} jobs/s` +
            `  node ${fmt(m.cpu.nodeMicros / m.jobs)} µs/job  pg ${fmt(m.cpu.pgMicros / m.jobs)} µs/job  load ${loadAverage().split(" ")[0]}`,
        );
      }
    }
  } finally {
    for (const { system, drop } of live) {
      await system.teardown().catch((error) => console.error(error));
      await drop();
    }
  }
}

/** `system` / graphile-worker within each round, for one workload. */
const roundRatios = (id: string, system: string): number[] => {
  const a = results.get(`${system}/${id}`) ?? [];
  const b = results.get(`graphile-worker/${id}`) ?? [];
  return a
    .slice(0, b.length)
    .map((m, i) => m.jobs / m.seconds / ((b[i] as Measured).jobs / (b[i] as Measured).seconds));
};
const rate = (name: string, id: string) =>
  median((results.get(`${name}/${id}`) ?? []).map((m) => m.jobs / m.seconds));
const perJob = (name: string, id: string, side: "nodeMicros" | "pgMicros") =>
  median((results.get(`${name}/${id}`) ?? []).map((m) => m.cpu[side] / m.jobs));

console.log(`\nmedians of ${rounds} rounds (jobs/s; CPU µs per job as node+pg)`);
const header = ["workload", ...systemNames.map((n) => `${n} jobs/s`), ...systemNames.map((n) => `${n} cpu`)];
const hasGraphile = systemNames.includes("graphile-worker");
// Ours (with its targets) and the diagnostic ours-core, each against graphile-worker.
const compared = hasGraphile ? ["ours", "ours-core"].filter((n) => systemNames.includes(n)) : [];
for (const n of compared) header.push(`${n} / graphile`, "per round", ...(n === "ours" ? ["target"] : []));
const rows = [header];
for (const w of workloads) {
  const row = [w.label];
  for (const n of systemNames) row.push(fmt(rate(n, w.id)));
  for (const n of systemNames)
    row.push(`${fmt(perJob(n, w.id, "nodeMicros"))}+${fmt(perJob(n, w.id, "pgMicros"))}`);
  for (const n of compared) {
    const ratio = rate(n, w.id) / rate("graphile-worker", w.id);
    // The two ran back to back in each round: the spread of those paired ratios shows how much of
    // the headline ratio the machine's noise could move.
    const paired = roundRatios(w.id, n);
    row.push(
      `${ratio.toFixed(2)}x`,
      paired.length > 0 ? `${Math.min(...paired).toFixed(2)}-${Math.max(...paired).toFixed(2)}` : "—",
    );
    if (n === "ours") {
      row.push(w.target > 0 ? `>= ${w.target.toFixed(1)}x ${ratio >= w.target ? "met" : "MISSED"}` : "—");
    }
  }
  rows.push(row);
}
printTable(rows);
console.log(`load average at end: ${loadAverage()}`);

async function freshDatabase(admin: string, system: string) {
  const database = `ra_bench_${system.replace(/\W/g, "_")}_${randomBytes(3).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  await client.end();
  return {
    url: withDatabase(admin, database),
    database,
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
      await c.end();
    },
  };
}
