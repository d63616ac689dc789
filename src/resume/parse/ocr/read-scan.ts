/**
 * A scan (a photo or scanned image, or an image-only PDF) → positioned text
 * in the shape of a PDF text layer, read with Tesseract.
 *
 * Bounded like every parse step: the pages read (`maxOcrPages`), the pixels
 * per page (`maxOcrPixels`, also lowering the render resolution of large
 * pages), the memory and CPU of each process, and one deadline for the whole
 * document (`ocrTimeoutMs`) that every process run is cut to.
 */
import { AppError } from "../../../errors.js";
import type { ParseLimits } from "../limits.js";
import type { PdfPage } from "../pdf/extract-text.js";
import { type OcrCapability, type OcrLanguage, ocrCapability, requireOcr } from "./capability.js";
import { cjkCandidates, LATIN_CONFIDENCE_FLOOR, latinLanguagesOf, latinModels } from "./choose-languages.js";
import type { OcrPage } from "./hocr.js";
import { readImageInfo } from "./image-info.js";
import { imageToPdf } from "./image-to-pdf.js";
import { readPdfPages, renderDpi, renderPdfPage } from "./rasterize-pdf.js";
import { recognizePage } from "./recognize.js";
import { type GreyImage, readPgm } from "./stroke-weight.js";
import { meanConfidence, type ScannedPage, toPdfPages } from "./to-pdf-page.js";

export type ScanSource = { kind: "image" | "pdf"; bytes: Uint8Array };

export type ScanText = {
  pages: PdfPage[];
  /** Pages in the document (a PDF may have more than were read). */
  pageCount: number;
  truncatedPages: boolean;
  /** The Tesseract models the document was read with. */
  languages: OcrLanguage[];
  /** Mean word confidence, 0..100. */
  confidence: number;
  /** Recognised words with their confidence, for per-field confidence. */
  words: { text: string; confidence: number }[];
};

/** Margin kept under the thread's own deadline, so a slow scan ends with our error, not a killed thread. */
const DEADLINE_MARGIN_MS = 1_000;

type PageImage = { bytes: Uint8Array; dpi: number; grey: GreyImage | undefined };

/** Reads a scan with OCR; throws `ocr_unavailable`, `ocr_no_text`, `parse_timeout`, … */
export async function readScan(
  source: ScanSource,
  limits: ParseLimits,
  options: { signal?: AbortSignal; capability?: OcrCapability } = {},
): Promise<ScanText> {
  const capability = options.capability ?? (await ocrCapability());
  requireOcr(capability, source.kind);
  const { tools } = capability;
  const deadline = Date.now() + limits.ocrTimeoutMs - DEADLINE_MARGIN_MS;
  const bounds = (maxOutputBytes: number) => {
    const timeoutMs = deadline - Date.now();
    if (timeoutMs <= 0) throw new AppError("parse_timeout", "Reading the scan took too long.");
    return {
      timeoutMs,
      maxOutputBytes,
      memoryBytes: limits.ocrMemoryMb * 1024 * 1024,
      signal: options.signal,
    };
  };
  // hOCR runs to roughly 200 bytes per word; a page of a CV has a few hundred words.
  const maxHocrBytes = 4 * 1024 * 1024 + limits.maxTextChars * 200;

  // A photo becomes a one-page PDF, so every scan is rendered by poppler into grey pixels.
  const pdf =
    source.kind === "image"
      ? await imageToPdf(source.bytes, readImageInfo(source.bytes, limits.maxOcrPixels))
      : source.bytes;
  const read = await readPdfPages(pdf, limits.maxOcrPages, tools, bounds(256 * 1024));
  const pageCount = read.pageCount;
  const images = read.pages.map((page) => async (): Promise<PageImage> => {
    const dpi = renderDpi(page, limits.ocrDpi, limits.maxOcrPixels);
    // PGM: a short header, then one byte per pixel.
    const bytes = await renderPdfPage(pdf, page.number, dpi, tools, bounds(limits.maxOcrPixels + 1024));
    return { bytes, dpi, grey: readPgm(bytes) };
  });

  const recognize = (image: PageImage, languages: OcrLanguage[]) =>
    recognizePage(image.bytes, tools, { ...bounds(maxHocrBytes), languages, dpi: image.dpi });

  const pages: ScannedPage[] = [];
  let languages: OcrLanguage[] = ["eng"];
  let characters = 0;
  for (const [index, load] of images.entries()) {
    options.signal?.throwIfAborted();
    const image = await load();
    let page: OcrPage;
    if (index === 0) ({ page, languages } = await firstPage(image, capability.languages, recognize));
    else page = await recognize(image, languages);
    characters += page.lines.reduce((n, l) => n + l.words.reduce((m, w) => m + w.text.length, 0), 0);
    if (characters > limits.maxTextChars) {
      throw new AppError(
        "text_too_large",
        `The scan holds more than ${limits.maxTextChars} characters of text.`,
      );
    }
    pages.push({ page, dpi: image.dpi, ...(image.grey ? { grey: image.grey } : {}) });
  }

  const ocrPages = pages.map((p) => p.page);
  const words = ocrPages.flatMap((p) => p.lines.flatMap((l) => l.words));
  if (words.filter((w) => /[\p{L}\p{N}]/u.test(w.text)).length < 3) {
    throw new AppError(
      "ocr_no_text",
      "No text was recognised in this scan; upload a sharper scan or the original document.",
    );
  }
  return {
    pages: toPdfPages(pages, languages),
    pageCount,
    truncatedPages: pageCount > images.length,
    languages,
    confidence: meanConfidence(ocrPages),
    words: words.map((w) => ({ text: w.text, confidence: w.confidence })),
  };
}

/** Reads the first page and decides the models for the whole document (see choose-languages.ts). */
async function firstPage(
  image: PageImage,
  installed: OcrLanguage[],
  recognize: (image: PageImage, languages: OcrLanguage[]) => Promise<OcrPage>,
): Promise<{ page: OcrPage; languages: OcrLanguage[] }> {
  const english = await recognize(image, ["eng"]);
  const confidence = meanConfidence([english]);
  if (confidence >= LATIN_CONFIDENCE_FLOOR) {
    const text = english.lines.map((l) => l.words.map((w) => w.text).join(" ")).join("\n");
    const models = latinModels(latinLanguagesOf(text, installed));
    if (models.length === 1) return { page: english, languages: models };
    return { page: await recognize(image, models), languages: models };
  }
  let best = { page: english, languages: ["eng"] as OcrLanguage[], confidence };
  for (const models of cjkCandidates(installed)) {
    const page = await recognize(image, models);
    const score = meanConfidence([page]);
    if (score > best.confidence) best = { page, languages: models, confidence: score };
  }
  return best;
}
