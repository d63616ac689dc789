/**
 * CPU time per job, for Node and for PostgreSQL.
 *
 * Node: `process.cpuUsage()` of the benchmark process (every system runs in
 * it, one at a time). PostgreSQL: `/proc/<pid>/schedstat` (nanoseconds on the
 * CPU) of every backend connected to the system's database, read before and
 * after a measured phase. Backends that connect during the phase count from
 * zero; one that disconnects before the end is lost, so pools stay open until
 * the second reading. pg_stat_statements would need a server restart on this
 * shared machine, hence /proc.
 */
import { readFileSync } from "node:fs";
import pg from "pg";

export type CpuReading = { nodeMicros: number; pgNanos: Map<number, number> };

/** Nanoseconds the process has spent on a CPU, or undefined once it is gone. */
function schedNanos(pid: number): number | undefined {
  try {
    const [onCpu] = readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ");
    return Number(onCpu);
  } catch {
    return undefined;
  }
}

/** The backends of `database` (their pids), read through a short-lived admin connection. */
async function backendPids(adminUrl: string, database: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const result = await client.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [database],
    );
    return result.rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

export async function readCpu(adminUrl: string, database: string): Promise<CpuReading> {
  const pgNanos = new Map<number, number>();
  for (const pid of await backendPids(adminUrl, database)) {
    const ns = schedNanos(pid);
    if (ns !== undefined) pgNanos.set(pid, ns);
  }
  const usage = process.cpuUsage();
  return { nodeMicros: usage.user + usage.system, pgNanos };
}

export type CpuSpent = { nodeMicros: number; pgMicros: number };

export function cpuBetween(before: CpuReading, after: CpuReading): CpuSpent {
  let pgNanos = 0;
  for (const [pid, ns] of after.pgNanos) pgNanos += ns - (before.pgNanos.get(pid) ?? 0);
  return { nodeMicros: after.nodeMicros - before.nodeMicros, pgMicros: pgNanos / 1000 };
}
