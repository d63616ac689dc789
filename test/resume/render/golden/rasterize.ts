/**
 * Golden-image helpers: render the sample resume with a template and
 * rasterize page 1 with poppler's `pdftoppm` (installed by `.ci/run`).
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PNG } from "pngjs";
import { type FontSet, loadFontSet, renderPdf } from "../../../../src/resume/render/index.js";
import { exportSettingsSchema, type TemplateId } from "../../../../src/resume/settings.js";
import { sampleResume } from "../fixtures.js";

const run = promisify(execFile);

/** Reference images are compared at this resolution (small files, stable anti-aliasing). */
export const GOLDEN_DPI = 50;
/** The documentation copies are sharper. */
export const DOCS_DPI = 90;

export const goldenPath = (template: TemplateId) => new URL(`./${template}-page1.png`, import.meta.url);
export const docsPath = (template: TemplateId) =>
  new URL(`../../../../docs/templates/${template}.png`, import.meta.url);

let loaded: FontSet | undefined;
const fonts = (): FontSet => {
  loaded ??= loadFontSet();
  return loaded;
};

/** The sample resume as PDF with `template` (A4, fixed creation date). */
export function renderSample(template: TemplateId): Promise<Buffer> {
  return renderPdf(sampleResume(), exportSettingsSchema.parse({ template, page_size: "A4" }), {
    fonts: fonts(),
    creationDate: new Date("2026-01-01T00:00:00Z"),
  });
}

/** Page 1 of a PDF as PNG bytes at `dpi`. */
export async function rasterizeFirstPage(pdf: Buffer, dpi: number): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "golden-"));
  try {
    await writeFile(join(dir, "in.pdf"), pdf);
    await run("pdftoppm", [
      "-png",
      "-r",
      String(dpi),
      "-f",
      "1",
      "-l",
      "1",
      "-singlefile",
      join(dir, "in.pdf"),
      join(dir, "page"),
    ]);
    return await readFile(join(dir, "page.png"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function decodePng(bytes: Buffer): PNG {
  return PNG.sync.read(bytes);
}
