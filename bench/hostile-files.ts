/**
 * What hostile files cost the process that handles them.
 *
 *   npm run bench:hostile [-- --rounds 3 --only docx-bomb,pdf-flate]
 *
 * Each case runs in a fresh child process: it loads the parser (or the
 * optimizer), warms it up, resets the kernel's peak-RSS mark
 * (`/proc/self/clear_refs`), handles the file the way a worker does, and
 * reports the outcome (result or error code), the time, the peak RSS growth
 * (`VmHWM` minus the RSS before) and the longest event-loop stall of the
 * process. Cases alternate across rounds; medians are printed with the load
 * average, since the machine is shared.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { docxBomb, pdfFlateBomb } from "../test/support/hostile-files.js";

const MB = 1024 * 1024;

type Outcome = { outcome: string; ms: number; baseRssMb: number; peakGrowthMb: number; maxStallMs: number };

/** The hostile inputs, written to files by the parent (building a 1 GB bomb is not the child's cost). */
const CASES: Record<string, { kind: "parse" | "optimize"; make: () => Promise<Buffer> | Buffer }> = {
  "docx-bomb-1gb": { kind: "parse", make: () => docxBomb(1023 * MB) },
  "pdf-flate-128mb": { kind: "parse", make: () => pdfFlateBomb(128 * MB) },
  "pdf-nested-flate-512mb": { kind: "parse", make: () => pdfFlateBomb(512 * MB, true) },
  "redos-text": {
    kind: "parse",
    // Newline runs (the Markdown sniff) and one long line of e-mail-ish characters (the e-mail pattern).
    make: () => Buffer.from(`Jane Doe\n${"\n".repeat(20_000)}${"a.".repeat(40_000)}\n`),
  },
  "nul-surrogate-text": {
    kind: "parse",
    make: () =>
      Buffer.from(
        `# Jane Doe\n\n${"Experienced engineer. ".repeat(200)}\n\n## Experience\n\n- Built\u0000 things \uD83D\uDE00 fast\u0000\n`,
      ),
  },
  "bullets-2k-cap": {
    kind: "optimize",
    make: () => {
      // At the cap: 40 employers × 1 position × 50 bullets.
      const work = Array.from({ length: 40 }, (_, i) => ({
        name: `Company ${i}`,
        positions: [
          {
            title: "Engineer",
            dates: { text: "2019 – 2021", start: "2019", end: "2021" },
            highlights: Array.from(
              { length: 50 },
              (_, k) => `responsible for managing service ${i}-${k} and ${k} engineers`,
            ),
          },
        ],
      }));
      return Buffer.from(JSON.stringify({ basics: { name: "Sam Lee" }, work }));
    },
  },
  "bullets-20k": {
    kind: "optimize",
    make: () => {
      // 100 employers × 4 positions × 50 bullets; every bullet differs a little, so nothing short-circuits.
      const work = Array.from({ length: 100 }, (_, i) => ({
        name: `Company ${i}`,
        positions: Array.from({ length: 4 }, (_, j) => ({
          title: "Engineer",
          dates: { text: "2019 – 2021", start: "2019", end: "2021" },
          highlights: Array.from(
            { length: 50 },
            (_, k) => `responsible for managing service ${i}-${j}-${k} and the team of ${k} engineers`,
          ),
        })),
      }));
      return Buffer.from(JSON.stringify({ basics: { name: "Sam Lee" }, work }));
    },
  },
};

function readStatus(field: "VmRSS" | "VmHWM"): number {
  const status = readFileSync("/proc/self/status", "utf8");
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(status);
  return Number(match?.[1] ?? 0) / 1024;
}

/** Child side: handle one file and print one JSON line. */
async function probe(kind: string, file: string): Promise<void> {
  const bytes = new Uint8Array(readFileSync(file));
  const stalls = monitorEventLoopDelay({ resolution: 10 });
  let run: () => Promise<string>;
  if (kind === "parse") {
    const { createDocumentParser } = await import("../src/resume/parse/index.js");
    const parser = createDocumentParser();
    await parser.warmUp();
    run = async () => {
      try {
        const parsed = await parser.parse({ bytes, filename: "upload" });
        return `parsed (${parsed.format})`;
      } catch (error) {
        return `error ${(error as { code?: string }).code ?? String(error)}`;
      } finally {
        await parser.close();
      }
    };
  } else {
    const { resumeSchema } = await import("../src/resume/model.js");
    const { optimizeResume } = await import("../src/resume/optimize/index.js");
    const resume = resumeSchema.parse(JSON.parse(Buffer.from(bytes).toString("utf8")));
    await optimizeResume(resumeSchema.parse({ work: [{ positions: [{ highlights: ["Warm up"] }] }] }), {
      engine: "builtin",
    });
    run = async () => {
      try {
        const result = await optimizeResume(resume, { engine: "builtin" });
        return `${result.proposals.length} proposals`;
      } catch (error) {
        return `error ${(error as { code?: string }).code ?? String(error)}`;
      }
    };
  }
  const baseRssMb = readStatus("VmRSS");
  writeFileSync("/proc/self/clear_refs", "5");
  stalls.enable();
  // The histogram records the gap between two of its own ticks: let it tick before the work starts.
  await new Promise((resolve) => setTimeout(resolve, 30));
  const start = performance.now();
  const outcome = await run();
  const ms = performance.now() - start;
  // One more turn of the loop, so a stall that lasted the whole run is recorded too.
  await new Promise((resolve) => setTimeout(resolve, 20));
  stalls.disable();
  const result: Outcome = {
    outcome,
    ms,
    baseRssMb,
    peakGrowthMb: readStatus("VmHWM") - baseRssMb,
    maxStallMs: stalls.max / 1e6,
  };
  console.log(JSON.stringify(result));
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      probe: { type: "string" },
      file: { type: "string" },
      rounds: { type: "string", default: "3" },
      only: { type: "string" },
    },
  });
  if (values.probe) return probe(values.probe, values.file!);

  const names = Object.keys(CASES).filter((n) => !values.only || values.only.split(",").includes(n));
  const dir = mkdtempSync(join(tmpdir(), "bench-hostile-"));
  try {
    const files = new Map<string, string>();
    for (const name of names) {
      const path = join(dir, name);
      writeFileSync(path, await CASES[name]!.make());
      files.set(name, path);
    }
    const results = new Map<string, Outcome[]>(names.map((n) => [n, []]));
    const load = [loadavg()[0]!];
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const name of names) {
        const child = spawnSync(
          process.execPath,
          [
            ...process.execArgv,
            import.meta.filename,
            "--probe",
            CASES[name]!.kind,
            "--file",
            files.get(name)!,
          ],
          { encoding: "utf8", timeout: 300_000 },
        );
        const line = child.stdout.trim().split("\n").pop() ?? "";
        if (!line.startsWith("{")) {
          results.get(name)!.push({
            outcome: `process died (${child.signal ?? child.status}) ${child.stderr.slice(-200)}`,
            ms: Number.NaN,
            baseRssMb: Number.NaN,
            peakGrowthMb: Number.NaN,
            maxStallMs: Number.NaN,
          });
          continue;
        }
        results.get(name)!.push(JSON.parse(line) as Outcome);
      }
      load.push(loadavg()[0]!);
    }
    console.log(
      `bench:hostile — ${values.rounds} alternating rounds, medians; load average ${load.map((l) => l.toFixed(2)).join(" → ")}`,
    );
    console.log(
      `${"case".padEnd(24)} ${"input".padStart(9)}  ${"outcome".padEnd(34)} ${"time ms".padStart(8)} ${"peak RSS growth MB".padStart(19)} ${"max stall ms".padStart(13)}`,
    );
    for (const name of names) {
      const runs = results.get(name)!;
      const size = readFileSync(files.get(name)!).length;
      console.log(
        `${name.padEnd(24)} ${`${(size / 1024).toFixed(0)} KB`.padStart(9)}  ${runs[0]!.outcome.slice(0, 34).padEnd(34)} ${median(
          runs.map((r) => r.ms),
        )
          .toFixed(0)
          .padStart(8)} ${median(runs.map((r) => r.peakGrowthMb))
          .toFixed(0)
          .padStart(19)} ${median(runs.map((r) => r.maxStallMs))
          .toFixed(0)
          .padStart(13)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
