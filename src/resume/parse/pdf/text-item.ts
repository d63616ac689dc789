/**
 * One run of text as placed on the page (PDF user space, y grows upwards):
 * the input of the layout analysis (`layoutPdfLines` takes pages of these).
 * Any source of positioned words can produce it — pdf.js text content, or
 * OCR words with their boxes (x = left, y = baseline ≈ page height − box
 * bottom, width, size ≈ box height, and one `font` id per style, e.g. "ocr"
 * and "ocr-bold", since emphasis is read as "a font other than the body's").
 * Invisible text must be dropped before: layout treats every run as printed.
 */
export type PdfTextItem = {
  text: string;
  x: number;
  /** Baseline. */
  y: number;
  width: number;
  /** Font size in points (glyph height). */
  size: number;
  /** pdf.js font id; differs between regular and bold faces of one family. */
  font: string;
};
