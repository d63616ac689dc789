/**
 * npm run fuzz -- --seconds N [--only pdf,docx] [--seed S]
 *
 * Runs every fuzz target (fuzz/targets.ts) for about N seconds each and prints
 * executions per target; exits 1 with the counterexample's seed and path when
 * an input ends in anything but a result or a typed error within its budget.
 */
import { parseArgs } from "node:util";
import { runTargets } from "../fuzz/targets.js";
import { createDocumentParser } from "../src/resume/parse/index.js";

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "10" }, only: { type: "string" }, seed: { type: "string" } },
});
const parser = createDocumentParser({ limits: { timeoutMs: 10_000 } });
try {
  const started = performance.now();
  const results = await runTargets(parser, Number(values.seconds), {
    only: values.only?.split(","),
    seed: values.seed === undefined ? undefined : Number(values.seed),
  });
  for (const r of results)
    console.log(`${r.name.padEnd(12)} ${String(r.runs).padStart(8)} executions  ${r.failure ?? "ok"}`);
  const total = results.reduce((n, r) => n + r.runs, 0);
  console.log(`${total} executions in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (results.some((r) => r.failure)) process.exitCode = 1;
} finally {
  await parser.close();
}
