/**
 * Tesseract's hOCR output → words with boxes, grouped into the lines
 * Tesseract found. hOCR (rather than TSV) because each line carries its
 * baseline and row height (`baseline`, `x_size`): the same baseline for every
 * word of a line, and a font-size estimate that does not depend on whether the
 * line happens to have ascenders or descenders.
 */
import { XMLParser } from "fast-xml-parser";

export type OcrWord = {
  text: string;
  /** Box in image pixels, origin top-left. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Tesseract's word confidence, 0..100. */
  confidence: number;
};

export type OcrLine = {
  /** Baseline at the line's left edge, image pixels from the top. */
  baseline: number;
  /** Row height (ascender to descender) in pixels: the font-size estimate. */
  rowHeight: number;
  words: OcrWord[];
};

export type OcrPage = { width: number; height: number; lines: OcrLine[] };

type Node = Record<string, unknown> & { ":@"?: Record<string, string> };

const LINE_CLASSES = new Set(["ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"]);

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
});

/** The `title` properties of an hOCR element: `bbox 1 2 3 4; x_wconf 93` → {bbox: [1,2,3,4], x_wconf: [93]}. */
export function hocrProperties(title: string): Record<string, number[]> {
  const properties: Record<string, number[]> = {};
  for (const part of title.split(";")) {
    const [key, ...values] = part.trim().split(/\s+/);
    if (!key) continue;
    properties[key] = values.map(Number).filter((n) => Number.isFinite(n));
  }
  return properties;
}

function tagOf(node: Node): string | undefined {
  return Object.keys(node).find((k) => k !== ":@");
}

function childrenOf(node: Node): Node[] {
  const tag = tagOf(node);
  const value = tag ? node[tag] : undefined;
  return Array.isArray(value) ? (value as Node[]) : [];
}

function textOf(node: Node): string {
  if (typeof node["#text"] === "string") return node["#text"];
  return childrenOf(node).map(textOf).join("");
}

function wordOf(node: Node): OcrWord | undefined {
  const p = hocrProperties(node[":@"]?.title ?? "");
  const [x0, y0, x1, y1] = p.bbox ?? [];
  const text = textOf(node).normalize("NFKC").trim();
  if (text === "" || x0 === undefined || y0 === undefined || x1 === undefined || y1 === undefined)
    return undefined;
  return { text, x0, y0, x1, y1, confidence: p.x_wconf?.[0] ?? 0 };
}

function lineOf(node: Node): OcrLine | undefined {
  const p = hocrProperties(node[":@"]?.title ?? "");
  const [, y0, , y1] = p.bbox ?? [];
  if (y0 === undefined || y1 === undefined) return undefined;
  const words: OcrWord[] = [];
  const visit = (n: Node) => {
    if (n[":@"]?.class === "ocrx_word") {
      const word = wordOf(n);
      if (word) words.push(word);
      return;
    }
    for (const child of childrenOf(n)) visit(child);
  };
  visit(node);
  if (words.length === 0) return undefined;
  // `baseline slope offset`: the offset is from the bottom of the line box, in pixels (negative = up).
  const offset = p.baseline?.[1] ?? 0;
  const rowHeight = p.x_size?.[0] ?? y1 - y0;
  return { baseline: y1 + offset, rowHeight: rowHeight > 0 ? rowHeight : y1 - y0, words };
}

/** Parses one page of Tesseract hOCR. Pages without recognised words give an empty line list. */
export function parseHocr(hocr: string): OcrPage {
  const roots = parser.parse(hocr) as Node[];
  const lines: OcrLine[] = [];
  let width = 0;
  let height = 0;
  const visit = (node: Node) => {
    const cls = node[":@"]?.class;
    if (cls === "ocr_page") {
      const [, , w, h] = hocrProperties(node[":@"]?.title ?? "").bbox ?? [];
      width = w ?? 0;
      height = h ?? 0;
    }
    if (cls && LINE_CLASSES.has(cls)) {
      const line = lineOf(node);
      if (line) lines.push(line);
      return;
    }
    for (const child of childrenOf(node)) visit(child);
  };
  for (const root of roots) visit(root);
  return { width, height, lines };
}
