/**
 * Parse accuracy on the shared corpus and the project's fixtures.
 *
 *   npm run eval:parse [-- --corpus ../shared/corpus] [--fixtures test/fixtures/parse]
 *                         [--real-world ../shared/corpus/real-world] [--details] [--json]
 *
 * Prints field-level precision, recall and F1 per field, per source and overall
 * for the corpus with source-derived truth and our fixtures; then, for the
 * real-world corpus, the share of checks right (its README's rules) per file,
 * per language and per field, the share of source characters placed in a
 * field, and how well confidence flags wrong fields.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { CHECK_FIELDS, listRealWorldDocuments } from "../src/resume/parse/evaluation/real-world.js";
import { printRealWorld } from "../src/resume/parse/evaluation/report.js";
import {
  listEvalDocuments,
  runEvaluation,
  runRealWorld,
} from "../src/resume/parse/evaluation/run-evaluation.js";
import { type FieldScores, metrics, overall, SCORED_FIELDS } from "../src/resume/parse/evaluation/score.js";

const root = resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    corpus: { type: "string", default: resolve(root, "../shared/corpus") },
    fixtures: { type: "string", default: resolve(root, "test/fixtures/parse") },
    "real-world": { type: "string", default: resolve(root, "../shared/corpus/real-world") },
    dev: { type: "string", default: resolve(root, "test/fixtures/parse/dev") },
    details: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});

const documents = listEvalDocuments({ corpusDir: values.corpus, fixturesDir: values.fixtures });
if (documents.length === 0) {
  console.error(`No documents with ground truth under ${values.corpus} or ${values.fixtures}`);
  process.exit(1);
}
const result = await runEvaluation(documents);
const realWorld = await runRealWorld(listRealWorldDocuments(values["real-world"]));
const dev = await runRealWorld(listRealWorldDocuments(values.dev));

if (values.json) {
  console.log(
    JSON.stringify(
      { scores: result.scores, bySource: result.bySource, realWorld, dev, fields: CHECK_FIELDS },
      null,
      2,
    ),
  );
  process.exit(0);
}

const pct = (n: number) => n.toFixed(3);
function table(title: string, scores: FieldScores): void {
  console.log(`\n${title}`);
  console.log(
    `${"field".padEnd(24)} ${"tp".padStart(4)} ${"fp".padStart(4)} ${"fn".padStart(4)}  precision  recall     F1`,
  );
  for (const field of [...SCORED_FIELDS, "overall"]) {
    const c = field === "overall" ? overall(scores) : scores[field]!;
    const m = metrics(c);
    if (field === "overall") console.log("-".repeat(70));
    console.log(
      `${field.padEnd(24)} ${String(c.tp).padStart(4)} ${String(c.fp).padStart(4)} ${String(c.fn).padStart(4)}  ${pct(m.precision).padStart(9)}  ${pct(m.recall).padStart(6)}  ${pct(m.f1).padStart(5)}`,
    );
  }
}

console.log(`Parse accuracy: ${documents.length} documents`);
for (const [source, scores] of Object.entries(result.bySource)) {
  const n = result.documents.filter((d) => d.source === source).length;
  table(`${source} (${n} documents)`, scores);
}
table("All documents", result.scores);

if (values.details) {
  console.log("\nPer document (overall F1):");
  for (const d of result.documents) {
    console.log(`${pct(metrics(overall(d.scores)).f1)}  ${d.source}/${d.file}`);
    for (const field of SCORED_FIELDS) {
      const c = d.scores[field]!;
      if (c.fp || c.fn) console.log(`        ${field}: fp=${c.fp} fn=${c.fn}`);
    }
    console.log(`        predicted: ${JSON.stringify(d.predicted)}`);
  }
}

if (realWorld.length) printRealWorld(realWorld, { details: values.details });
if (dev.length)
  printRealWorld(dev, { details: values.details, title: "Development set (test/fixtures/parse/dev)" });
