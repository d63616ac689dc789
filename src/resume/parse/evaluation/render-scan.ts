/**
 * Scans made from text PDFs, for measuring OCR: each page rendered by
 * pdftoppm at a given resolution, as images (what a phone or scanner gives)
 * or wrapped into an image-only PDF with the original page sizes (what a
 * "scan to PDF" gives). Nothing of the text layer survives.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import PDFDocument from "pdfkit";

const run = promisify(execFile);

export type ScanImage = { bytes: Buffer; widthPt: number; heightPt: number };

/** Renders the pages of a PDF (all, or the first `maxPages`) as PNG or JPEG images at `dpi`. */
export async function renderScanImages(
  pdf: Uint8Array,
  options: { dpi: number; format?: "png" | "jpeg"; maxPages?: number },
): Promise<ScanImage[]> {
  const dir = await mkdtemp(join(tmpdir(), "ra-scan-"));
  try {
    const source = join(dir, "source.pdf");
    await writeFile(source, pdf);
    const { stdout } = await run("pdfinfo", ["-f", "1", "-l", "9999", source]);
    const sizes = [...stdout.matchAll(/^Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+)/gm)].map((m) => ({
      widthPt: Number(m[1]),
      heightPt: Number(m[2]),
    }));
    const format = options.format ?? "png";
    const last = Math.min(sizes.length, options.maxPages ?? sizes.length);
    await run("pdftoppm", [
      "-r",
      String(options.dpi),
      `-${format}`,
      "-l",
      String(last),
      source,
      join(dir, "page"),
    ]);
    const files = (await readdir(dir)).filter((f) => f.startsWith("page-")).sort();
    return Promise.all(files.map(async (f, i) => ({ bytes: await readFile(join(dir, f)), ...sizes[i]! })));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** An image-only PDF: each image on a page of its original size, no text layer. */
export function imageOnlyPdf(images: ScanImage[]): Promise<Buffer> {
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    compress: true,
    info: { CreationDate: new Date(0), Producer: "scan" },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  for (const image of images) {
    doc.addPage({ size: [image.widthPt, image.heightPt], margin: 0 });
    doc.image(image.bytes, 0, 0, { width: image.widthPt, height: image.heightPt });
  }
  doc.end();
  return done;
}
