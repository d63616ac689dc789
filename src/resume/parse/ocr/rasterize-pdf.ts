/**
 * Scanned PDF pages → greyscale images, with poppler (`pdfinfo` for the page sizes,
 * `pdftoppm` to render). The PDF goes in on standard input and the image
 * comes back on standard output: no temporary files to leak when a parse is
 * cut short.
 */
import { AppError } from "../../../errors.js";
import type { OcrCapability } from "./capability.js";
import { runTool, ToolError, type ToolLimits } from "./run-tool.js";

export type PdfPageSize = { number: number; width: number; height: number };

/** Page count and the first pages' sizes in points (rotation applied). */
export async function readPdfPages(
  bytes: Uint8Array,
  maxPages: number,
  tools: OcrCapability["tools"],
  limits: ToolLimits & { signal?: AbortSignal },
): Promise<{ pageCount: number; pages: PdfPageSize[] }> {
  const out = await runPoppler(tools.pdfinfo, ["-f", "1", "-l", String(maxPages), "fd://0"], bytes, tools, {
    ...limits,
    maxOutputBytes: 256 * 1024,
  });
  const text = out.toString("utf8");
  const pageCount = Number(/^Pages:\s+(\d+)/m.exec(text)?.[1] ?? 0);
  const rotations = new Map<number, number>();
  for (const match of text.matchAll(/^Page\s+(\d+)\s+rot:\s+(\d+)/gm))
    rotations.set(Number(match[1]), Number(match[2]));
  const pages: PdfPageSize[] = [];
  for (const match of text.matchAll(/^Page\s+(\d+)\s+size:\s+([\d.]+) x ([\d.]+) pts/gm)) {
    const number = Number(match[1]);
    const [w, h] = [Number(match[2]), Number(match[3])];
    const turned = (rotations.get(number) ?? 0) % 180 !== 0;
    pages.push({ number, width: turned ? h : w, height: turned ? w : h });
  }
  if (pageCount === 0 || pages.length === 0) {
    throw new AppError("pdf_corrupt", "This PDF cannot be read.");
  }
  return { pageCount, pages };
}

/**
 * The resolution to render a page at: `dpi`, lowered so the page stays
 * within `maxPixels` (a poster-sized page must not become a gigapixel image).
 */
export function renderDpi(page: PdfPageSize, dpi: number, maxPixels: number): number {
  const inches = (page.width / 72) * (page.height / 72);
  return Math.max(36, Math.min(dpi, Math.floor(Math.sqrt(maxPixels / Math.max(inches, 1e-6)))));
}

/** Renders one page (1-based) as an 8-bit grey PGM at `dpi` (no compression: faster than PNG both ways). */
export function renderPdfPage(
  bytes: Uint8Array,
  page: number,
  dpi: number,
  tools: OcrCapability["tools"],
  limits: ToolLimits & { signal?: AbortSignal },
): Promise<Buffer> {
  const args = ["-f", String(page), "-l", String(page), "-r", String(dpi), "-gray", "-singlefile", "-"];
  return runPoppler(tools.pdftoppm, args, bytes, tools, limits);
}

async function runPoppler(
  binary: string | undefined,
  args: string[],
  bytes: Uint8Array,
  tools: OcrCapability["tools"],
  limits: ToolLimits & { signal?: AbortSignal },
): Promise<Buffer> {
  if (!binary) throw new AppError("ocr_unavailable", "Reading scanned PDFs is not installed on this server.");
  try {
    return await runTool(binary, args, {
      ...limits,
      input: bytes,
      prlimit: tools.prlimit,
      toolPath: tools.toolPath,
    });
  } catch (error) {
    throw popplerError(error);
  }
}

function popplerError(error: unknown): unknown {
  if (!(error instanceof ToolError)) return error;
  switch (error.kind) {
    case "missing":
      return new AppError("ocr_unavailable", "Reading scanned PDFs is not installed on this server.", {
        cause: error,
      });
    case "timeout":
      return new AppError("parse_timeout", "Rendering the scanned PDF took too long.", { cause: error });
    case "killed":
    case "output_limit":
      return new AppError(
        "parse_resource_limit",
        "Rendering the scanned PDF needed more memory than allowed.",
        {
          cause: error,
        },
      );
    case "aborted":
      return error;
    case "failed":
      return new AppError("pdf_corrupt", "This PDF cannot be read.", { cause: error });
  }
}
