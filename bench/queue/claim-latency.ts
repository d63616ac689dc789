/**
 * Claim latency with 10k and with 1M finished tasks in the table (`bench:queue -- --latency`):
 * two databases of their own, measured in alternating blocks so the load of this shared host
 * hits both alike. Target: p50 at 1M <= 1.2x p50 at 10k, thanks to the partial claim index.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { claimTasks } from "../../src/tasks/sql/claim-tasks.js";
import { scopedExec } from "../../src/tasks/sql/exec.js";
import { createTestDatabase } from "../../test/support/database.js";
import { printTable } from "./report.js";

const CLAIMS = 1_000;
const WARMUP = 200;
const TASK_TYPE = "bench.noop";

export async function claimLatency(): Promise<void> {
  const small = await createTestDatabase({ engine: "postgres", poolMax: 4 });
  const large = await createTestDatabase({ engine: "postgres", poolMax: 4 });
  try {
    await addHistory(small.database, 10_000);
    await addHistory(large.database, 1_000_000);
    const smallClaims = await prepareClaims(small.database);
    const largeClaims = await prepareClaims(large.database);
    const samples = { small: [] as number[], large: [] as number[] };
    for (let block = 0; block < CLAIMS / 50; block++) {
      samples.small.push(...(await smallClaims(50)));
      samples.large.push(...(await largeClaims(50)));
    }
    const s = percentiles(samples.small);
    const l = percentiles(samples.large);
    const ratio = l.p50 / s.p50;
    printTable([
      ["history rows", "claim p50 ms", "claim p99 ms"],
      ["10k", s.p50.toFixed(3), s.p99.toFixed(3)],
      ["1M", l.p50.toFixed(3), l.p99.toFixed(3)],
    ]);
    console.log(
      `claim p50 1M / 10k = ${ratio.toFixed(2)} (target <= 1.2: ${ratio <= 1.2 ? "met" : "MISSED"})`,
    );
  } finally {
    await small.drop();
    await large.drop();
  }
}

/** Completed tasks as housekeeping would keep them, in chunks so no statement runs for minutes. */
async function addHistory(db: Database, count: number): Promise<void> {
  const t0 = performance.now();
  for (let from = 0; from < count; from += 100_000) {
    const to = Math.min(count, from + 100_000);
    await db.db.execute(sql`
      INSERT INTO tasks (owner_user_id, idempotency_key, request_hash, task_type, trace_id, status,
                         attempts, started_at, finished_at, result, run_at, created_at)
      SELECT 'owner-' || (g % 1000), 'history-' || g, 'x', ${TASK_TYPE}, gen_random_uuid(), 'completed',
             1, now() - interval '1 day', now() - interval '1 day', '{}', now() - interval '1 day', now() - interval '1 day'
      FROM generate_series(${from + 1}::int, ${to}::int) AS g`);
  }
  await db.db.execute(sql`VACUUM ANALYZE tasks`);
  console.log(`history: ${count} completed rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/**
 * Queue CLAIMS + WARMUP tasks, flush (CHECKPOINT, so no checkpoint lands inside the
 * measurement), warm up, and return a function timing the next `n` single claims.
 */
async function prepareClaims(db: Database): Promise<(n: number) => Promise<number[]>> {
  await db.db.execute(sql`
    INSERT INTO tasks (owner_user_id, idempotency_key, request_hash, task_type, trace_id)
    SELECT 'bench-owner', 'latency-' || g, 'x', ${TASK_TYPE}, gen_random_uuid()
    FROM generate_series(1, ${CLAIMS + WARMUP}) AS g`);
  await db.db.execute(sql`ANALYZE tasks`);
  await db.db.execute(sql`CHECKPOINT`);
  const budgets = [{ taskType: TASK_TYPE, timeoutMs: 60_000 }];
  const claimOnce = async () => {
    const t0 = performance.now();
    const claimed = await claimTasks(scopedExec(db), {
      workerId: "latency",
      limit: 1,
      leaseSeconds: 30,
      budgets,
    });
    if (claimed.length !== 1) throw new Error("claim found nothing");
    return performance.now() - t0;
  };
  for (let i = 0; i < WARMUP; i++) await claimOnce();
  return async (n) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(await claimOnce());
    return out;
  };
}

function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { p50: at(0.5), p99: at(0.99) };
}
