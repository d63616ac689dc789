/**
 * Safety limits for parsing untrusted documents. Every limit maps to a typed
 * error when exceeded; defaults suit resumes (a few pages, a few hundred KB).
 */
export type ParseLimits = {
  /** Largest accepted input file. */
  maxInputBytes: number;
  /** Largest text (characters) accepted from a text, Markdown or JSON file, or extracted from a DOCX. */
  maxTextChars: number;
  /** Pages of a PDF that are read; later pages are ignored with a warning. */
  maxPdfPages: number;
  /** DOCX (ZIP) limits, checked on the central directory before anything is inflated. */
  maxArchiveEntries: number;
  maxArchiveUncompressedBytes: number;
  maxCompressionRatio: number;
  /** Bytes all streams of a PDF may decode to, every filter stage counted (a decompression bomb stops here). */
  maxPdfDecodedBytes: number;
  /** Wall-clock budget of one parse, including worker start-up. */
  timeoutMs: number;
  /** Heap cap of the parse worker (old generation), in MB. */
  maxHeapMb: number;
  /**
   * Bound on the parse worker's memory outside the JS heap (ArrayBuffers: decoded streams, inflated
   * archives), in MB; the heap cap does not see it. Heap cap plus this bound the whole thread.
   */
  maxExternalMemoryMb: number;
  /** Largest serialised parse result. */
  maxOutputBytes: number;
  /** Pages of a scanned PDF that are read with OCR; later pages are ignored with a warning. */
  maxOcrPages: number;
  /** Resolution scanned PDF pages are rendered at for OCR (lowered for large pages, see `maxOcrPixels`). */
  ocrDpi: number;
  /** Largest image (pixels) OCR reads: an uploaded image, or one rendered page. */
  maxOcrPixels: number;
  /** Wall-clock budget of a parse once it turns to OCR (replaces `timeoutMs` from that moment). */
  ocrTimeoutMs: number;
  /** Address-space cap of each OCR process (tesseract, pdftoppm), in MB. */
  ocrMemoryMb: number;
};

export const DEFAULT_PARSE_LIMITS: ParseLimits = Object.freeze({
  maxInputBytes: 10 * 1024 * 1024,
  maxTextChars: 200_000,
  maxPdfPages: 20,
  maxArchiveEntries: 500,
  maxArchiveUncompressedBytes: 50 * 1024 * 1024,
  maxCompressionRatio: 100,
  maxPdfDecodedBytes: 64 * 1024 * 1024,
  timeoutMs: 20_000,
  maxHeapMb: 256,
  maxExternalMemoryMb: 256,
  maxOutputBytes: 1024 * 1024,
  maxOcrPages: 5,
  ocrDpi: 300,
  maxOcrPixels: 50_000_000,
  ocrTimeoutMs: 90_000,
  ocrMemoryMb: 1536,
});

/** Defaults overridden by the given values. */
export function resolveLimits(overrides: Partial<ParseLimits> = {}): ParseLimits {
  return { ...DEFAULT_PARSE_LIMITS, ...overrides };
}
