/**
 * What every queue system in `bench:queue` provides, and how a phase is measured.
 *
 * A system gets a fresh database of its own per round, installs its schema,
 * and runs the workloads: drains (`loops` worker loops, each with `inFlight`
 * jobs at a time, no-op jobs) and enqueues (one job per call, or one bulk
 * call). After every drain the system proves exactly-once: each job id ran
 * once, none is left.
 */
import { type CpuSpent, cpuBetween, readCpu } from "./cpu.js";

export type DrainSpec = { loops: number; inFlight: number; jobs: number };

export type Measured = { jobs: number; seconds: number; cpu: CpuSpent };

export type SystemContext = { url: string; adminUrl: string; database: string };

export type QueueSystem = {
  readonly name: string;
  setup(ctx: SystemContext): Promise<void>;
  /** Queue `spec.jobs` jobs (not measured), then measure draining them. */
  drain(spec: DrainSpec): Promise<Measured>;
  enqueueSingle(jobs: number): Promise<Measured>;
  enqueueBulk(jobs: number): Promise<Measured>;
  teardown(): Promise<void>;
};

/** Time and CPU of `run`, which must keep its connections open until it returns. */
export async function measure(ctx: SystemContext, jobs: number, run: () => Promise<void>): Promise<Measured> {
  const before = await readCpu(ctx.adminUrl, ctx.database);
  const t0 = performance.now();
  await run();
  const seconds = (performance.now() - t0) / 1000;
  const after = await readCpu(ctx.adminUrl, ctx.database);
  return { jobs, seconds, cpu: cpuBetween(before, after) };
}

/** Counts handler runs per job key; `verify` fails unless each of `expected` keys ran exactly once. */
export class RunLedger {
  private readonly runs = new Map<string, number>();
  private target = 0;
  private onDone: (() => void) | undefined;
  done: Promise<void> = Promise.resolve();

  expect(total: number): void {
    this.runs.clear();
    this.target = total;
    this.done = new Promise((resolve) => {
      this.onDone = resolve;
    });
  }

  record(key: string): void {
    const n = (this.runs.get(key) ?? 0) + 1;
    this.runs.set(key, n);
    if (n === 1 && this.runs.size === this.target) this.onDone?.();
  }

  verify(system: string, keys: Iterable<string>): void {
    let expected = 0;
    for (const key of keys) {
      expected++;
      const n = this.runs.get(key) ?? 0;
      if (n !== 1) throw new Error(`${system}: job ${key} ran ${n} times`);
    }
    if (this.runs.size !== expected) {
      throw new Error(`${system}: ${this.runs.size} distinct jobs ran, ${expected} expected`);
    }
  }
}

export const range = (n: number): string[] => Array.from({ length: n }, (_, i) => String(i));
