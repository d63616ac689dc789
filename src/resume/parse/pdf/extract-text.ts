/**
 * PDF → positioned text items, with pdf.js.
 *
 * Hardened for untrusted files: no font loading or rendering, no XFA, no
 * network (CMaps come from the installed package), a page cap, and every
 * pdf.js failure mapped to a typed error. pdf.js 6 no longer compiles font
 * programs with `eval`/`new Function` (the `isEvalSupported` switch of older
 * releases is gone with it), so there is no code generation to disable.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { getDocument, InvalidPDFException, PasswordException } from "pdfjs-dist/legacy/build/pdf.mjs";
import { AppError } from "../../../errors.js";
import { ICON, markIcons } from "../glyphs.js";
import { hiddenItems } from "./hidden-text.js";

import type { PdfTextItem } from "./text-item.js";

export type { PdfTextItem } from "./text-item.js";

export type PdfPage = { number: number; width: number; height: number; items: PdfTextItem[] };

export type PdfText = {
  pages: PdfPage[];
  pageCount: number;
  truncatedPages: boolean;
  /** Characters a reader cannot see (hidden-text.ts), left out of `pages`. */
  hiddenChars: number;
};

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
// pdf.js reads CMaps from this directory for CJK fonts; a local path, never a URL on the network.
const CMAP_URL = `${pathToFileURL(join(pdfjsRoot, "cmaps")).pathname}/`;

const NO_OPERATORS = { fnArray: [], argsArray: [] };

function hasEofMarker(bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString("latin1");
  return tail.includes("%%EOF");
}

/** Reads the text layer of a PDF; throws `pdf_encrypted`, `pdf_corrupt` or `pdf_no_text`. */
export async function extractPdfText(
  bytes: Uint8Array,
  options: {
    maxPages: number;
    maxChars?: number;
    signal?: AbortSignal;
    /**
     * Replay each page's operators to find invisible and white text (the
     * default). `false` when the content streams proved no text can be hidden
     * that way (visible-content.ts); tiny and off-page text is found either way.
     */
    replayPages?: boolean;
  },
): Promise<PdfText> {
  // A file cut off in transfer still opens in pdf.js (it rebuilds the xref), silently losing pages.
  if (!hasEofMarker(bytes)) {
    throw new AppError("pdf_corrupt", "This PDF is incomplete (it may have been cut off during upload).");
  }
  const task = getDocument({
    data: new Uint8Array(bytes),
    enableXfa: false,
    useWasm: false,
    isOffscreenCanvasSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    stopAtErrors: false,
    cMapUrl: CMAP_URL,
    cMapPacked: true,
    verbosity: 0,
  });
  let document: Awaited<typeof task.promise>;
  try {
    document = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => {});
    if (error instanceof PasswordException) {
      throw new AppError("pdf_encrypted", "This PDF is password-protected; upload an unprotected copy.", {
        cause: error,
      });
    }
    const message =
      error instanceof InvalidPDFException ? "This file is not a readable PDF." : "This PDF cannot be read.";
    throw new AppError("pdf_corrupt", message, { cause: error });
  }

  try {
    const pageCount = document.numPages;
    const pages: PdfPage[] = [];
    let characters = 0;
    let hiddenChars = 0;
    for (let number = 1; number <= Math.min(pageCount, options.maxPages); number++) {
      options.signal?.throwIfAborted();
      const page = await document.getPage(number);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent({ disableNormalization: false });
      const shown: { item: PdfTextItem; rotated: boolean }[] = [];
      for (const item of content.items) {
        if (!("str" in item)) continue;
        // Non-breaking and other Unicode hyphens are plain hyphens in every field we read.
        const text = markIcons(item.str.normalize("NFKC")).replace(/[\u2010\u2011]/g, "-");
        if (text.trim() === "") continue;
        const [a, b, , , e, f] = item.transform as number[];
        shown.push({
          item: {
            text,
            x: e ?? 0,
            y: f ?? 0,
            width: item.width,
            size: item.height || Math.hypot(a ?? 0, b ?? 0),
            font: item.fontName,
          },
          // Rotated text (sidebars written vertically) carries no reading order we can use.
          rotated: Math.abs(b ?? 0) > Math.abs(a ?? 0),
        });
      }
      const hidden = hiddenItems(
        shown.map((s) => s.item),
        options.replayPages === false ? NO_OPERATORS : await page.getOperatorList(),
        { width: viewport.width, height: viewport.height },
      );
      const items: PdfTextItem[] = [];
      shown.forEach(({ item, rotated }, index) => {
        if (hidden.has(index)) hiddenChars += item.text.trim().length;
        else if (!rotated) items.push(item);
      });
      pages.push({ number, width: viewport.width, height: viewport.height, items });
      page.cleanup();
      // A page stuffed with text (generated junk) would only slow the layout down; no resume is that long.
      characters += items.reduce((n, i) => n + i.text.length, 0);
      if (options.maxChars !== undefined && characters > options.maxChars) {
        throw new AppError(
          "text_too_large",
          `The PDF holds more than ${options.maxChars} characters of text.`,
        );
      }
    }
    markIconFonts(pages);
    const visible = pages.reduce((n, p) => n + p.items.reduce((m, i) => m + i.text.trim().length, 0), 0);
    if (visible < 20) {
      throw new AppError(
        "pdf_no_text",
        "This PDF has no text layer (it looks scanned); upload the original document instead.",
      );
    }
    return { pages, pageCount, truncatedPages: pageCount > options.maxPages, hiddenChars };
  } catch (error) {
    if (error instanceof AppError || options.signal?.aborted) throw error;
    throw new AppError("pdf_corrupt", "This PDF cannot be read.", { cause: error });
  } finally {
    await task.destroy();
  }
}

const CJK_GLYPH = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Icon fonts that map their glyphs to ordinary letters ("a" for an envelope,
 * "(" for a pin) are told apart by use: every run set in them is a single
 * glyph, and there are few such runs. Their glyphs become ICON.
 */
export function markIconFonts(pages: PdfPage[]): void {
  const byFont = new Map<string, PdfTextItem[]>();
  // A glyph touching letters on the same baseline is part of a word (a fallback font for "ğ").
  const glued = new Set<PdfTextItem>();
  for (const page of pages) {
    const items = page.items;
    items.forEach((item, i) => {
      if (item.text.trim() === "") return;
      const list = byFont.get(item.font) ?? [];
      list.push(item);
      byFont.set(item.font, list);
      const touches = (other: PdfTextItem | undefined, before: boolean) =>
        other !== undefined &&
        Math.abs(other.y - item.y) < 0.3 * (item.size || 1) &&
        (before
          ? Math.abs(other.x + other.width - item.x) < 0.15 * (item.size || 1) && /\p{L}$/u.test(other.text)
          : Math.abs(item.x + item.width - other.x) < 0.15 * (item.size || 1) && /^\p{L}/u.test(other.text));
      if (touches(items[i - 1], true) || touches(items[i + 1], false)) glued.add(item);
    });
  }
  for (const list of byFont.values()) {
    if (list.length > 40 || list.some((i) => glued.has(i))) continue;
    const glyphs = list.map((i) => [...i.text.trim()]);
    // Dashes and list punctuation often come from a fallback font; they are never icons.
    if (!glyphs.every((g) => g.length === 1 && !CJK_GLYPH.test(g[0]!) && !/[\d\p{Pd}|/,.;:]/u.test(g[0]!)))
      continue;
    // A font holding only bullets stays as is: bullets are read as bullets.
    if (list.every((i) => /^[•·▪◦●■‣⁃∗*-]$/u.test(i.text.trim()))) continue;
    for (const item of list) item.text = ICON;
  }
}
