/**
 * Writes positioned text into the page content stream in one text object.
 *
 * pdfkit's `doc.text()` re-measures every string, saves and restores the
 * graphics state and opens a text object per call; the layout here already
 * knows every position, so each page gets one `BT … ET` block with only font,
 * colour, position and glyph operators. Glyph encoding still goes through
 * pdfkit's embedded font (`encode`), which records the subset and the
 * ToUnicode map, so the text layer extracts exactly as with `doc.text()`.
 * This uses pdfkit's font objects below its public API (`_font.encode`,
 * `page.fonts`); the PDF text round-trip check guards it on every export.
 */
type EmbeddedFont = {
  id: string;
  encode(
    text: string,
  ): [
    string[],
    { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }[],
  ];
  ref(): unknown;
};

type DocInternals = PDFKit.PDFDocument & {
  _font: EmbeddedFont;
  page: PDFKit.PDFPage & { fonts: Record<string, unknown> };
};

export type TextRun = {
  font: string;
  size: number;
  color: string;
  text: string;
  x: number;
  baseline: number;
  /** Consecutive runs with the same group share one marked-content sequence (tagged PDF). */
  group?: unknown;
};

/** Opens and closes the marked-content sequence of a group; both write to the page themselves. */
export type Marker = { open(group: unknown): void; close(group: unknown): void };

const num = (n: number) => String(Math.round(n * 1000) / 1000);

/**
 * Draw `runs` (top-left page coordinates, y at the baseline) on the current page, in order. With
 * a `marker`, each group of runs is wrapped in its marked-content sequence (inside the one text
 * object, which PDF allows).
 */
export function emitText(document: PDFKit.PDFDocument, runs: readonly TextRun[], marker?: Marker): void {
  if (runs.length === 0) return;
  const doc = document as DocInternals;
  const height = doc.page.height;
  // Pages use a flipped (top-left) coordinate system; text needs the PDF's own orientation.
  // The operators are collected and written once: pdfkit converts every write to bytes.
  const ops: string[] = ["q", `1 0 0 -1 0 ${num(height)} cm`, "BT"];
  let currentFont = "";
  let currentSize = -1;
  let currentColor = "";
  let open: { group: unknown } | undefined;
  const flushOps = () => {
    if (ops.length) doc.addContent(ops.join("\n"));
    ops.length = 0;
  };
  for (const run of runs) {
    if (!run.text) continue;
    if (marker && (!open || open.group !== run.group)) {
      flushOps();
      if (open) marker.close(open.group);
      marker.open(run.group);
      open = { group: run.group };
    }
    if (run.font !== currentFont) doc.font(run.font);
    const font = doc._font;
    doc.page.fonts[font.id] ??= font.ref();
    if (run.color !== currentColor) {
      ops.push(`${rgb(run.color)} rg`);
      currentColor = run.color;
    }
    if (run.font !== currentFont || run.size !== currentSize) {
      ops.push(`/${font.id} ${num(run.size)} Tf`);
      currentFont = run.font;
      currentSize = run.size;
    }
    let x = run.x;
    const y = height - run.baseline;
    ops.push(`1 0 0 1 ${num(x)} ${num(y)} Tm`);
    const [encoded, positions] = font.encode(run.text);
    const scale = run.size / 1000;
    const commands: string[] = [];
    let last = 0;
    let offset = false;
    // Same operator sequence as pdfkit's own text drawing: kerning as TJ adjustments, mark offsets as moves.
    const segment = (end: number) => {
      if (last < end) {
        const p = positions[end - 1]!;
        commands.push(`<${encoded.slice(last, end).join("")}> ${num(-(p.xAdvance - p.advanceWidth))}`);
      }
      last = end;
    };
    const flush = (end: number) => {
      segment(end);
      if (commands.length) {
        ops.push(`[${commands.join(" ")}] TJ`);
        commands.length = 0;
      }
    };
    let i = 0;
    for (; i < positions.length; i++) {
      const p = positions[i]!;
      if (p.xOffset || p.yOffset) {
        flush(i);
        ops.push(`1 0 0 1 ${num(x + p.xOffset * scale)} ${num(y + p.yOffset * scale)} Tm`);
        flush(i + 1);
        offset = true;
      } else {
        if (offset) {
          ops.push(`1 0 0 1 ${num(x)} ${num(y)} Tm`);
          offset = false;
        }
        if (p.xAdvance !== p.advanceWidth) segment(i + 1);
      }
      x += p.xAdvance * scale;
    }
    flush(i);
  }
  if (marker && open) {
    flushOps();
    marker.close(open.group);
  }
  ops.push("ET", "Q");
  flushOps();
}

const RGB_CACHE = new Map<string, string>();

/** `#rrggbb` as PDF `r g b` fractions. */
function rgb(hex: string): string {
  let value = RGB_CACHE.get(hex);
  if (!value) {
    const n = Number.parseInt(hex.slice(1), 16);
    value = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => num(c / 255)).join(" ");
    RGB_CACHE.set(hex, value);
  }
  return value;
}
