/**
 * OCR speed: time per scanned page.
 *
 *   npm run bench:ocr [-- --corpus ../shared/corpus/real-world --dpi 150 --runs 3]
 *
 * A few real-world PDFs (English, a two-page one, German, Chinese) are
 * rendered at `--dpi` into image-only PDFs first (not timed). Then, in
 * alternating rounds so shared load hits every measurement alike, each is
 * timed three ways:
 * - `scan`: the whole in-thread parse of the image-only PDF (page sizes,
 *   rendering, every Tesseract pass the language choice takes, layout,
 *   fields), per page;
 * - `tesseract`: one English Tesseract pass over the same rendered page 1,
 *   alone: the engine's own cost, the baseline;
 * - `text`: the parse of the original PDF from its text layer, per page.
 * Ratios are taken inside one run. Prints medians and the load average.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { imageOnlyPdf, renderScanImages } from "../src/resume/parse/evaluation/render-scan.js";
import { resolveLimits } from "../src/resume/parse/limits.js";
import { ocrCapability } from "../src/resume/parse/ocr/capability.js";
import { renderPdfPage } from "../src/resume/parse/ocr/rasterize-pdf.js";
import { recognizePage } from "../src/resume/parse/ocr/recognize.js";
import { parseBytes } from "../src/resume/parse/parse-bytes.js";

const root = resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    corpus: { type: "string", default: resolve(root, "../shared/corpus/real-world") },
    dpi: { type: "string", default: "150" },
    runs: { type: "string", default: "3" },
  },
});
const runs = Number(values.runs);
const limits = resolveLimits();
const FILES = [
  "jakes-resume.pdf",
  "europass-betty-smith.pdf",
  "headless-chrome-lebenslauf-de.pdf",
  "typst-zh.pdf",
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const loadavg = () => {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "n/a";
  }
};
async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const capability = await ocrCapability();
if (!capability.pdfs) {
  console.error("bench:ocr needs tesseract, pdftoppm and pdfinfo");
  process.exit(1);
}
const tool = {
  timeoutMs: 120_000,
  maxOutputBytes: 200 * 1024 * 1024,
  memoryBytes: limits.ocrMemoryMb * 1024 * 1024,
};

type Doc = { file: string; text: Uint8Array; scan: Uint8Array; page1: Buffer; pages: number };
const docs: Doc[] = [];
for (const file of FILES) {
  const text = new Uint8Array(readFileSync(join(values.corpus, file)));
  const images = await renderScanImages(text, { dpi: Number(values.dpi), maxPages: limits.maxOcrPages });
  const scan = await imageOnlyPdf(images);
  const page1 = await renderPdfPage(scan, 1, limits.ocrDpi, capability.tools, tool);
  docs.push({ file, text, scan, page1, pages: images.length });
}

console.log(
  `bench:ocr — ${docs.length} documents rendered at ${values.dpi} dpi, read at ${limits.ocrDpi} dpi, ${runs} rounds; load ${loadavg()}`,
);
const times = new Map(
  docs.map((d) => [d.file, { scan: [] as number[], tesseract: [] as number[], text: [] as number[] }]),
);
for (let round = 0; round < runs; round++) {
  for (const doc of docs) {
    const t = times.get(doc.file)!;
    t.scan.push((await time(() => parseBytes({ bytes: doc.scan }, limits))) / doc.pages);
    t.tesseract.push(
      await time(() =>
        recognizePage(doc.page1, capability.tools, { ...tool, languages: ["eng"], dpi: limits.ocrDpi }),
      ),
    );
    t.text.push((await time(() => parseBytes({ bytes: doc.text }, limits))) / doc.pages);
  }
  process.stderr.write(".");
}
process.stderr.write("\n");

console.log(`${"document".padEnd(36)} pages  scan/page  tesseract  scan÷tess  text/page`);
const all = { scan: [] as number[], ratio: [] as number[], text: [] as number[] };
for (const doc of docs) {
  const t = times.get(doc.file)!;
  const scan = median(t.scan);
  const tess = median(t.tesseract);
  all.scan.push(...t.scan);
  all.text.push(...t.text);
  all.ratio.push(scan / tess);
  console.log(
    `${doc.file.padEnd(36)} ${String(doc.pages).padStart(5)}  ${(scan / 1000).toFixed(2).padStart(7)} s  ${(tess / 1000).toFixed(2).padStart(7)} s  ${(scan / tess).toFixed(2).padStart(8)}  ${median(t.text).toFixed(0).padStart(6)} ms`,
  );
}
console.log(
  `median per scanned page ${(median(all.scan) / 1000).toFixed(2)} s (${(median(all.ratio)).toFixed(2)}× one English Tesseract pass); per text page ${median(all.text).toFixed(0)} ms; load ${loadavg()}`,
);
