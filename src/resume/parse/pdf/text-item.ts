/** One run of text as placed on the page (PDF user space, y grows upwards). */
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
