/**
 * Scans through the real parser with the real Tesseract and poppler: CV
 * PDFs whose truth is known (the project's fixtures, a German CV written
 * here, a Chinese template's own sample from the shared corpus) are
 * rendered to images with pdftoppm, so nothing of their text layer is left,
 * then read back. Also the bounds: pixels, time, memory, pages, and the
 * answer where the tools are missing.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import PDFDocument from "pdfkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../../../src/errors.js";
import { bundledFontPath } from "../../../../src/resume/fonts/font-files.js";
import { imageOnlyPdf, renderScanImages } from "../../../../src/resume/parse/evaluation/render-scan.js";
import { createDocumentParser } from "../../../../src/resume/parse/index.js";
import { resolveLimits } from "../../../../src/resume/parse/limits.js";
import { probeOcr } from "../../../../src/resume/parse/ocr/capability.js";
import { readScan } from "../../../../src/resume/parse/ocr/read-scan.js";
import { parseBytes } from "../../../../src/resume/parse/parse-bytes.js";

const limits = resolveLimits();
const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../../fixtures/parse/${name}`, import.meta.url)));
const corpus = (path: string) => new URL(`../../../../../shared/corpus/${path}`, import.meta.url);

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).code;
  }
  throw new Error("expected a rejection");
}

const digits = (s: string) => s.replace(/\D/g, "");
const plain = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "");

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** A one-page CV written with the bundled Noto Sans: the truth is what is drawn. */
function germanCv(): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: "A4", margin: 56, info: { CreationDate: new Date(0) } });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    const regular = bundledFontPath("sans", "regular");
    const bold = bundledFontPath("sans", "bold");
    doc.font(bold).fontSize(22).text("Jürgen Weiß");
    doc.font(regular).fontSize(10).text("Hamburg · juergen.weiss@example.de · +49 40 1234 5678");
    const heading = (title: string) => doc.moveDown(1).font(bold).fontSize(13).text(title).moveDown(0.3);
    heading("Berufserfahrung");
    doc.font(bold).fontSize(10).text("Senior Entwickler, Nordwind Logistik GmbH");
    doc.font(regular).text("01/2020 – heute");
    doc.text("• Einführung einer ereignisgesteuerten Architektur für Lagerprozesse");
    doc.text("• Verantwortung für Qualitätssicherung und Schulungen neuer Mitarbeiter");
    doc.moveDown(0.5).font(bold).text("Entwickler, Hanse Software AG");
    doc.font(regular).text("09/2015 – 12/2019");
    doc.text("• Wartung der Schnittstellen zu Zollbehörden und Spediteuren");
    heading("Ausbildung");
    doc.font(bold).fontSize(10).text("Technische Universität München");
    doc.font(regular).text("M.Sc. Informatik, 2013 – 2015");
    heading("Kenntnisse");
    doc
      .font(regular)
      .fontSize(10)
      .text("TypeScript, PostgreSQL, Kubernetes, Prozessoptimierung, Qualitätsmanagement");
    doc.end();
  });
}

describe("scans of an English CV", async () => {
  const truth = JSON.parse(
    readFileSync(new URL("../../../fixtures/parse/daniel-obrien.pdf.truth.json", import.meta.url), "utf8"),
  );
  const [png] = await renderScanImages(fixture("daniel-obrien.pdf"), { dpi: 150, format: "png" });

  it("reads a PNG photo of the page into the same fields as the text layer", async () => {
    const parsed = await parseBytes({ bytes: png!.bytes, filename: "scan.png" }, limits);
    expect(parsed.format).toBe("image");
    expect(parsed.warnings[0]).toBe("ocr");
    expect(parsed.stats).toMatchObject({ pages: 1, ocr_pages: 1 });
    expect(parsed.stats.ocr_confidence).toBeGreaterThan(80);
    const { basics, work } = parsed.resume;
    expect(parsed.resume.meta.source?.format).toBe("image");
    expect(basics.name.replace("’", "'")).toBe(truth.name);
    expect(basics.email).toBe(truth.email);
    expect(digits(basics.phone)).toBe(digits(truth.phone));
    expect(work.map((w) => w.name)).toEqual(truth.work.map((w: { company: string }) => w.company));
    expect(work.flatMap((w) => w.positions.map((p) => p.dates.start))).toEqual(
      truth.work.map((w: { start: string }) => w.start),
    );
    // Confidence is kept per field and bounded by OCR confidence.
    expect(parsed.resume.meta.confidence["basics.email"]).toBeGreaterThan(0);
    expect(parsed.resume.meta.confidence["basics.email"]).toBeLessThanOrEqual(1);
  });

  it("reads a JPEG the same way", async () => {
    const [jpeg] = await renderScanImages(fixture("daniel-obrien.pdf"), { dpi: 150, format: "jpeg" });
    const parsed = await parseBytes(
      { bytes: jpeg!.bytes, filename: "scan.jpg", declaredContentType: "image/jpeg" },
      limits,
    );
    expect(parsed.format).toBe("image");
    expect(parsed.resume.basics.email).toBe(truth.email);
  });
});

describe("image-only PDFs", async () => {
  const truth = JSON.parse(
    readFileSync(new URL("../../../fixtures/parse/sofia-martinez.pdf.truth.json", import.meta.url), "utf8"),
  );
  const scan = await imageOnlyPdf(await renderScanImages(fixture("sofia-martinez.pdf"), { dpi: 150 }));

  it("reads both pages of a two-page scan through the PDF layout", async () => {
    const parsed = await parseBytes({ bytes: scan, filename: "scan.pdf" }, limits);
    expect(parsed.format).toBe("pdf");
    expect(parsed.warnings).toContain("ocr");
    expect(parsed.stats).toMatchObject({ pages: 2, ocr_pages: 2 });
    expect(parsed.resume.meta.source?.format).toBe("pdf");
    // The page is English, so it is read with the English model, which has no "í": a known limit.
    expect(plain(parsed.resume.basics.name)).toBe(plain(truth.name));
    expect(parsed.resume.basics.email).toBe(truth.email);
    // Each employer is found; OCR may still confuse a letter ("EI Corte" for "El Corte") or drop an accent.
    const companies = parsed.resume.work.map((w) => plain(w.name));
    expect(companies).toHaveLength(truth.work.length);
    for (const w of truth.work as { company: string }[])
      expect(Math.min(...companies.map((c) => editDistance(c, plain(w.company))))).toBeLessThanOrEqual(1);
    const skills = parsed.resume.skills.flatMap((s) => s.keywords);
    expect(skills.length).toBeGreaterThan(0);
  });

  it("reads a scan whose text layer is only a scanner app's stamp", async () => {
    const [image] = await renderScanImages(fixture("daniel-obrien.pdf"), { dpi: 150 });
    const stamped = await new Promise<Uint8Array>((resolve) => {
      const doc = new PDFDocument({ size: [image!.widthPt, image!.heightPt], margin: 0 });
      const chunks: Buffer[] = [];
      doc.on("data", (c: Buffer) => chunks.push(c));
      doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
      doc.image(image!.bytes, 0, 0, { width: image!.widthPt, height: image!.heightPt });
      doc.fontSize(7).text("Scanned with PocketScan Pro", 20, image!.heightPt - 20);
      doc.end();
    });
    const parsed = await parseBytes({ bytes: stamped }, limits);
    expect(parsed.warnings).toContain("ocr");
    expect(parsed.resume.basics.email).toBe("daniel.obrien@example.com");
  });

  it("reads only the first pages within maxOcrPages, and says so", async () => {
    const parsed = await parseBytes({ bytes: scan }, resolveLimits({ maxOcrPages: 1 }));
    expect(parsed.stats).toMatchObject({ pages: 2, ocr_pages: 1 });
    expect(parsed.warnings).toContain("Only the first 1 of 2 pages were read.");
    expect(plain(parsed.resume.basics.name)).toBe(plain(truth.name));
  });
});

describe("languages", () => {
  it("reads a German scan with the German model: umlauts and ß survive", async () => {
    const [png] = await renderScanImages(await germanCv(), { dpi: 150 });
    const scan = await readScan({ kind: "image", bytes: png!.bytes }, limits);
    expect(scan.languages).toEqual(["deu", "eng"]);
    const words = scan.words.map((w) => w.text);
    // The English model reads "Jurgen", "Weil", "Einfuhrung"; most umlauts must survive, not every one.
    for (const expected of ["Jürgen", "Weiß", "Einführung", "für"]) expect(words).toContain(expected);
    expect(words.filter((w) => /[äöüß]/.test(w)).length).toBeGreaterThanOrEqual(6);
    const parsed = await parseBytes({ bytes: png!.bytes }, limits);
    expect(parsed.resume.basics.name).toBe("Jürgen Weiß");
    expect(parsed.resume.basics.email).toBe("juergen.weiss@example.de");
  });

  it("reads a Chinese page with the Chinese model", async () => {
    const [png] = await renderScanImages(new Uint8Array(readFileSync(corpus("real-world/typst-zh.pdf"))), {
      dpi: 150,
      maxPages: 1,
    });
    const scan = await readScan({ kind: "image", bytes: png!.bytes }, limits);
    expect(scan.languages[0]).toBe("chi_sim");
    const text = scan.words.map((w) => w.text).join("");
    expect(text).toContain("某某");
    expect(text).toMatch(/教育|专业技能|项目/);
  });
});

describe("in the parse thread", () => {
  it("switches a document to the OCR budget when it turns to OCR", async () => {
    const [png] = await renderScanImages(fixture("daniel-obrien.pdf"), { dpi: 150 });
    // One second is far too little for OCR and plenty to sniff the upload and decide it needs OCR.
    const parser = createDocumentParser();
    try {
      // A warm thread: its start-up is not part of the budget under test.
      await parser.warmUp();
      const parsed = await parser.parse(
        { bytes: png!.bytes },
        { limits: { timeoutMs: 1_000, ocrTimeoutMs: 120_000 } },
      );
      expect(parsed.format).toBe("image");
      expect(parsed.resume.basics.email).toBe("daniel.obrien@example.com");
      // Without the switch the same budget ends the parse.
      expect(
        await codeOf(
          parser.parse({ bytes: png!.bytes }, { limits: { timeoutMs: 1_000, ocrTimeoutMs: 1_000 } }),
        ),
      ).toBe("parse_timeout");
    } finally {
      await parser.close();
    }
  });
});

describe("bounds and failures", () => {
  let noTools: string;
  beforeAll(async () => {
    noTools = await mkdtemp(join(tmpdir(), "ra-no-ocr-"));
  });
  afterAll(async () => {
    await rm(noTools, { recursive: true, force: true });
  });

  const page = async () => (await renderScanImages(fixture("daniel-obrien.pdf"), { dpi: 100 }))[0]!.bytes;

  it("answers ocr_unavailable where Tesseract and poppler are not installed", async () => {
    const capability = await probeOcr({ toolPath: noTools });
    expect(await codeOf(readScan({ kind: "image", bytes: await page() }, limits, { capability }))).toBe(
      "ocr_unavailable",
    );
    const scan = await imageOnlyPdf(await renderScanImages(fixture("daniel-obrien.pdf"), { dpi: 50 }));
    expect(await codeOf(readScan({ kind: "pdf", bytes: scan }, limits, { capability }))).toBe(
      "ocr_unavailable",
    );
  });

  it("refuses an image over the pixel cap before decoding it", async () => {
    expect(await codeOf(parseBytes({ bytes: await page() }, resolveLimits({ maxOcrPixels: 100_000 })))).toBe(
      "parse_resource_limit",
    );
  });

  it("ends a scan that overruns its time budget with parse_timeout", async () => {
    // The budget keeps a one-second margin for the thread; 1 050 ms leaves 50 ms for Tesseract.
    expect(await codeOf(parseBytes({ bytes: await page() }, resolveLimits({ ocrTimeoutMs: 1_050 })))).toBe(
      "parse_timeout",
    );
  });

  it("reports a Tesseract that runs out of its memory cap as parse_resource_limit", async () => {
    // 80 MB holds Tesseract and its English model, not the page image it then allocates.
    expect(await codeOf(parseBytes({ bytes: await page() }, resolveLimits({ ocrMemoryMb: 80 })))).toBe(
      "parse_resource_limit",
    );
  });

  it("reports a damaged image as image_corrupt and a blank one as ocr_no_text", async () => {
    const good = await page();
    // The header is intact (so its size reads), the pixel data is cut off.
    const damaged = good.subarray(0, 200);
    expect(await codeOf(parseBytes({ bytes: damaged }, limits))).toBe("image_corrupt");
    const white = await new Promise<Uint8Array>((resolve) => {
      const doc = new PDFDocument({ size: "A6" });
      const chunks: Buffer[] = [];
      doc.on("data", (c: Buffer) => chunks.push(c));
      doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
      doc.rect(20, 20, 30, 30).stroke();
      doc.end();
    });
    const [image] = await renderScanImages(white, { dpi: 100 });
    expect(await codeOf(parseBytes({ bytes: image!.bytes }, limits))).toBe("ocr_no_text");
  });

  it("stops at once when the caller aborts", async () => {
    const controller = new AbortController();
    const running = parseBytes({ bytes: await page() }, limits, {
      signal: controller.signal,
      onOcrStart: () => queueMicrotask(() => controller.abort()),
    });
    await expect(running).rejects.toThrow();
    expect(controller.signal.aborted).toBe(true);
  });
});
