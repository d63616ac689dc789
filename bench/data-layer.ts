/**
 * `npm run bench:data-layer`: throughput of the two hottest data-layer calls,
 * version allocation and idempotent task creation, with 8 concurrent clients,
 * against a raw baseline measured in the same process on the same database.
 *
 * Baseline: the very same SQL text, parameterized, through a plain `pg.Pool`
 * as autocommit single statements, run as the connecting user. It has no
 * transaction block, no owner scope and no row-level security, so it is the
 * floor cost of the statement itself: one round trip, one commit.
 *
 * Compared against it:
 * - "repository in withOwner": what code inside a larger transaction pays
 *   (BEGIN, set_config of owner and role, the statement, COMMIT: 4 round
 *   trips), through Drizzle, with row mapping.
 * - "one round trip": `allocateVersionNow` / `createTaskNow`, the same
 *   statement under the same row-level security, scope and statement sent as
 *   one message (see src/db/owner-statement.ts). This is the path for callers
 *   that do not hold a transaction, and the one held to the 0.8× target.
 *
 * - "raw pg, inlined": the same statement with its values inlined, sent by
 *   the simple protocol like the one-round-trip path but without the scope;
 *   shown so the reader can tell protocol savings from the cost of the scope.
 *
 * Variants run interleaved in short bursts, so drift in machine load hits all
 * of them alike. Needs PostgreSQL (TEST_DATABASE_URL, DATABASE_URL or
 * 127.0.0.1:5432); works in a fresh database that is dropped at the end.
 *
 * Options: --rounds N (default 10), --burst-ms N (default 300), --clients N (default 8).
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import pg from "pg";
import { withOwner } from "../src/db/owner-scope.js";
import { inlineSql } from "../src/db/owner-statement.js";
import {
  ArtifactRepository,
  allocateVersionNow,
  allocateVersionStatement,
  createTaskNow,
  createTaskStatement,
  JobRepository,
  type TaskCreate,
  TaskRepository,
} from "../src/db/repositories/index.js";
import { createTestDatabase, hasPostgres } from "../test/support/database.js";

const { values: options } = parseArgs({
  options: {
    rounds: { type: "string", default: "10" },
    "burst-ms": { type: "string", default: "300" },
    clients: { type: "string", default: "8" },
  },
});
const ROUNDS = Number(options.rounds);
const BURST_MS = Number(options["burst-ms"]);
const CLIENTS = Number(options.clients);
const TARGET = 0.8;

if (!(await hasPostgres())) {
  console.error("bench:data-layer needs a PostgreSQL server (set TEST_DATABASE_URL or DATABASE_URL)");
  process.exit(1);
}

const t = await createTestDatabase({ engine: "postgres", poolMax: CLIENTS });
const raw = new pg.Pool({ connectionString: t.url, max: CLIENTS, application_name: "bench-raw" });
// Dropping the database at the end terminates any connection still open; that must not crash the run.
raw.on("error", () => {});
const dialect = new PgDialect({ casing: "snake_case" });

/** The exact text and parameters the repository sends, for the raw baseline. */
function toParameterized(statement: SQL): { text: string; values: unknown[] } {
  const query = dialect.sqlToQuery(statement);
  return { text: query.sql, values: query.params };
}

type Op = (client: number) => Promise<unknown>;
type Variant = { name: string; op: Op };
type Workload = { name: string; variants: Variant[] };

const owners = Array.from({ length: CLIENTS }, (_, i) => `bench-owner-${i}`);
const jobs = await Promise.all(
  owners.map((owner) =>
    withOwner(t.database, owner, (tx) => new JobRepository(tx).create({ owner_user_id: owner })),
  ),
);
const jobOf = (client: number) => jobs[client]!;
const ownerOf = (client: number) => owners[client]!;

const newTask = (client: number): TaskCreate => ({
  job_id: jobOf(client).id,
  owner_user_id: ownerOf(client),
  idempotency_key: randomUUID(),
  task_type: "export",
  input_payload: { formats: ["pdf", "docx"], template: "classic", page_size: "A4" },
  trace_id: randomUUID(),
});
// One fixed key per client for the replay workload: every call after the first finds the existing task.
const replayed = owners.map((_, client) => newTask(client));

const workloads: Workload[] = [
  {
    // Each client allocates on its own job (concurrent exports of different users).
    name: "allocateVersion",
    variants: [
      {
        name: "raw pg, one statement (baseline)",
        op: (c) => {
          const q = toParameterized(allocateVersionStatement(jobOf(c).id, "pdf", "en", ownerOf(c)));
          return raw.query(q.text, q.values);
        },
      },
      {
        name: "raw pg, inlined (simple protocol)",
        op: (c) => raw.query(inlineSql(allocateVersionStatement(jobOf(c).id, "zip", "en", ownerOf(c)))),
      },
      {
        name: "repository in withOwner",
        op: (c) =>
          withOwner(t.database, ownerOf(c), (tx) =>
            new ArtifactRepository(tx).allocateVersion(jobOf(c).id, "docx", "en", ownerOf(c)),
          ),
      },
      {
        name: "allocateVersionNow (one round trip)",
        op: (c) => allocateVersionNow(t.database, jobOf(c).id, "json", "en", ownerOf(c)),
      },
    ],
  },
  {
    name: "task create (new key)",
    variants: [
      {
        name: "raw pg, one statement (baseline)",
        op: (c) => {
          const q = toParameterized(createTaskStatement(newTask(c)).statement);
          return raw.query(q.text, q.values);
        },
      },
      {
        name: "raw pg, inlined (simple protocol)",
        op: (c) => raw.query(inlineSql(createTaskStatement(newTask(c)).statement)),
      },
      {
        name: "repository in withOwner",
        op: (c) => withOwner(t.database, ownerOf(c), (tx) => new TaskRepository(tx).create(newTask(c))),
      },
      { name: "createTaskNow (one round trip)", op: (c) => createTaskNow(t.database, newTask(c)) },
    ],
  },
  {
    name: "task create (replayed key)",
    variants: [
      {
        name: "raw pg, one statement (baseline)",
        op: (c) => {
          const q = toParameterized(createTaskStatement(replayed[c]!).statement);
          return raw.query(q.text, q.values);
        },
      },
      {
        name: "raw pg, inlined (simple protocol)",
        op: (c) => raw.query(inlineSql(createTaskStatement(replayed[c]!).statement)),
      },
      {
        name: "repository in withOwner",
        op: (c) => withOwner(t.database, ownerOf(c), (tx) => new TaskRepository(tx).create(replayed[c]!)),
      },
      { name: "createTaskNow (one round trip)", op: (c) => createTaskNow(t.database, replayed[c]!) },
    ],
  },
];

let failures = 0;

/** Run `op` on every client in a closed loop for `ms`; returns successful operations and seconds. */
async function burst(name: string, op: Op, ms: number): Promise<{ ops: number; seconds: number }> {
  let ops = 0;
  const start = performance.now();
  const end = start + ms;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      while (performance.now() < end) {
        try {
          await op(client);
          ops++;
        } catch (error) {
          // A failed call is reported, not counted, and must not abort the comparison.
          if (failures++ < 5) console.error(`  ${name}: ${describe(error)}`);
        }
      }
    }),
  );
  return { ops, seconds: (performance.now() - start) / 1000 };
}

function describe(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  const inner = e.cause ?? e;
  return `${String(inner.code ?? "")} ${String(inner.message ?? error)}`.trim();
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

console.log(
  `bench:data-layer  PostgreSQL, ${CLIENTS} concurrent clients, ${ROUNDS} interleaved rounds of ${BURST_MS} ms per variant`,
);
const verdicts: string[] = [];
try {
  for (const workload of workloads) {
    for (const v of workload.variants) await burst(v.name, v.op, 100); // warm up connections and plans
    const totals = workload.variants.map(() => ({ ops: 0, seconds: 0, rates: [] as number[] }));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, v] of workload.variants.entries()) {
        const b = await burst(v.name, v.op, BURST_MS);
        totals[i]!.ops += b.ops;
        totals[i]!.seconds += b.seconds;
        totals[i]!.rates.push(b.ops / b.seconds);
      }
    }
    const base = totals[0]!;
    const baseRate = base.ops / base.seconds;
    console.log(`\n${workload.name}`);
    console.log(
      `  ${"variant".padEnd(40)} ${"ops/s".padStart(8)}  ${"ratio".padStart(6)}  ${"median round ratio".padStart(18)}`,
    );
    for (const [i, v] of workload.variants.entries()) {
      const total = totals[i]!;
      const rate = total.ops / total.seconds;
      const roundRatios = total.rates.map((r, k) => r / base.rates[k]!);
      console.log(
        `  ${v.name.padEnd(40)} ${rate.toFixed(0).padStart(8)}  ${(rate / baseRate).toFixed(2).padStart(5)}×  ${median(roundRatios).toFixed(2).padStart(17)}×`,
      );
    }
    const fast = totals[workload.variants.findIndex((v) => v.name.includes("one round trip"))]!;
    const ratio = fast.ops / fast.seconds / baseRate;
    verdicts.push(
      `${workload.name}: one-round-trip path ${ratio.toFixed(2)}× of raw (target ≥ ${TARGET}×) ${ratio >= TARGET ? "met" : "NOT met"}`,
    );
  }
  console.log(`\n${verdicts.join("\n")}`);
  if (failures > 0) {
    console.error(`${failures} operations failed; the figures above count only successful ones`);
    process.exitCode = 1;
  }
} finally {
  await raw.end();
  await t.drop();
}
