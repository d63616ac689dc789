/**
 * OCR accuracy on the real-world corpus: every PDF is rendered to images at
 * `--dpi` (150 by default) and wrapped into an image-only PDF in a temporary
 * directory, then parsed, so the parser sees a scan and nothing of the text
 * layer. The same checks as `eval:parse` (the corpus README's rules) score the
 * scan and, beside it, the original text PDF: the difference is what OCR costs.
 *
 *   npm run eval:ocr [-- --real-world ../shared/corpus/real-world] [--dpi 150]
 *                       [--ocr-dpi 300] [--only jakes] [--details] [--json]
 *
 * DOCX files of the corpus are skipped (rendering them needs LibreOffice).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { emptyResume } from "../src/resume/model.js";
import {
  CHECK_FIELDS,
  type Check,
  checkResume,
  listRealWorldDocuments,
  share,
  type Tally,
  tally,
} from "../src/resume/parse/evaluation/real-world.js";
import { imageOnlyPdf, renderScanImages } from "../src/resume/parse/evaluation/render-scan.js";
import { DEFAULT_PARSE_LIMITS } from "../src/resume/parse/limits.js";
import { parseBytes } from "../src/resume/parse/parse-bytes.js";

const root = resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    "real-world": { type: "string", default: resolve(root, "../shared/corpus/real-world") },
    dpi: { type: "string", default: "150" },
    "ocr-dpi": { type: "string", default: String(DEFAULT_PARSE_LIMITS.ocrDpi) },
    only: { type: "string" },
    details: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});

const dpi = Number(values.dpi);
const ocrLimits = { ...DEFAULT_PARSE_LIMITS, ocrDpi: Number(values["ocr-dpi"]) };
const documents = listRealWorldDocuments(values["real-world"]).filter(
  (d) => d.file.endsWith(".pdf") && (!values.only || d.file.includes(values.only)),
);
if (documents.length === 0) {
  console.error(`No PDF with ground truth under ${values["real-world"]}`);
  process.exit(1);
}

type Row = {
  file: string;
  lang: string;
  pages: number;
  ocrMs: number;
  ocrConfidence: number;
  ocr: Check[];
  text: Check[];
  error?: string;
};
const rows: Row[] = [];
for (const doc of documents) {
  const pdf = readFileSync(doc.path);
  const scan = await imageOnlyPdf(await renderScanImages(pdf, { dpi }));
  const text = await parseBytes({ bytes: pdf, filename: doc.file }, DEFAULT_PARSE_LIMITS);
  const started = performance.now();
  try {
    const ocr = await parseBytes({ bytes: scan, filename: doc.file }, ocrLimits);
    rows.push({
      file: doc.file,
      lang: doc.lang,
      pages: ocr.stats.ocr_pages ?? 0,
      ocrMs: performance.now() - started,
      ocrConfidence: ocr.stats.ocr_confidence ?? 0,
      ocr: checkResume(ocr.resume, doc.truth),
      text: checkResume(text.resume, doc.truth),
    });
  } catch (error) {
    // A failed OCR scores every check wrong; the text reading still counts for the comparison.
    rows.push({
      file: doc.file,
      lang: doc.lang,
      pages: 0,
      ocrMs: performance.now() - started,
      ocrConfidence: 0,
      ocr: checkResume(emptyResume(), doc.truth),
      text: checkResume(text.resume, doc.truth),
      error: error instanceof Error ? error.message : String(error),
    });
  }
  if (!values.json) process.stderr.write(".");
}

const all = (checks: Check[]) => tally(checks, () => "all").get("all");
const pct = (t: Tally | undefined) => (t ? `${share(t).toFixed(2)} (${t.right}/${t.total})` : "—");
const ocrChecks = rows.flatMap((r) => r.ocr.map((c) => ({ ...c, lang: r.lang })));
const textChecks = rows.flatMap((r) => r.text.map((c) => ({ ...c, lang: r.lang })));
const pages = rows.reduce((n, r) => n + r.pages, 0);
const perPage = rows.filter((r) => r.pages > 0).map((r) => r.ocrMs / r.pages);
perPage.sort((a, b) => a - b);
const median = perPage[Math.floor(perPage.length / 2)] ?? 0;

if (values.json) {
  console.log(
    JSON.stringify(
      {
        dpi,
        ocr: all(ocrChecks),
        text: all(textChecks),
        msPerPage: { median, pages },
        files: rows.map((r) => ({ ...r, ocr: all(r.ocr), text: all(r.text) })),
      },
      null,
      2,
    ),
  );
  process.exit(0);
}

console.log(
  `\n\nOCR of ${rows.length} real-world PDFs rendered at ${dpi} dpi as image-only PDFs, read at ${ocrLimits.ocrDpi} dpi`,
);
console.log(`  scans:      ${pct(all(ocrChecks))}`);
console.log(`  text layer: ${pct(all(textChecks))}   (the same files parsed from their text layer)`);
console.log(
  `  OCR time:   median ${(median / 1000).toFixed(1)} s per page over ${pages} pages (load ${loadAverage()})`,
);

console.log(`\n${"file".padEnd(36)} lang  scan          text          conf  s/page`);
for (const r of rows) {
  const seconds = r.pages ? (r.ocrMs / r.pages / 1000).toFixed(1) : "—";
  console.log(
    `${r.file.padEnd(36)} ${r.lang.padEnd(5)} ${pct(all(r.ocr)).padEnd(13)} ${pct(all(r.text)).padEnd(13)} ${String(r.ocrConfidence).padStart(4)}  ${seconds.padStart(6)}${r.error ? `  ${r.error}` : ""}`,
  );
  if (values.details) {
    const textOk = new Set(r.text.filter((c) => c.ok).map((c) => `${c.field}:${c.expected}`));
    for (const c of r.ocr.filter((x) => !x.ok && x.field !== "end"))
      console.log(
        `      ✗ ${c.field}: expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(c.predicted)}${textOk.has(`${c.field}:${c.expected}`) ? "  (right from the text layer)" : ""}`,
      );
  }
}

console.log("\nPer language (scan / text layer)");
const byLangOcr = tally(ocrChecks, (c) => c.lang);
const byLangText = tally(textChecks, (c) => c.lang);
for (const [lang, t] of [...byLangOcr].sort())
  console.log(`  ${lang.padEnd(6)} ${pct(t).padEnd(16)} ${pct(byLangText.get(lang))}`);

console.log("\nPer field (scan / text layer)");
const byFieldOcr = tally(ocrChecks, (c) => c.field);
const byFieldText = tally(textChecks, (c) => c.field);
for (const field of CHECK_FIELDS)
  console.log(
    `  ${field.padEnd(12)} ${pct(byFieldOcr.get(field)).padEnd(16)} ${pct(byFieldText.get(field))}`,
  );

function loadAverage(): string {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "n/a";
  }
}
