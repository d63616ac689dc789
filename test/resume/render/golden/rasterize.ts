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
import { preparePhoto } from "../../../../src/resume/photo/prepare-photo.js";
import { type FontSet, loadFontSet, renderPdf } from "../../../../src/resume/render/index.js";
import { exportSettingsSchema, type TemplateId } from "../../../../src/resume/settings.js";
import { silhouetteJpeg } from "../../photo/photo-fixtures.js";
import { chineseResume, sampleResume } from "../fixtures.js";

const run = promisify(execFile);

/** Reference images are compared at this resolution (small files, stable anti-aliasing). */
export const GOLDEN_DPI = 50;
/** The documentation copies are sharper. */
export const DOCS_DPI = 90;

export type PageSize = "A4" | "Letter";

export const goldenPath = (template: TemplateId, pageSize: PageSize = "A4") =>
  new URL(`./${template}${pageSize === "A4" ? "" : "-letter"}-page1.png`, import.meta.url);
export const docsPath = (template: string) =>
  new URL(`../../../../docs/templates/${template}.png`, import.meta.url);

let loaded: FontSet | undefined;
const fonts = (): FontSet => {
  loaded ??= loadFontSet();
  return loaded;
};

/** The sample resume as PDF with `template` (fixed creation date). */
export function renderSample(template: TemplateId, pageSize: PageSize = "A4"): Promise<Buffer> {
  return renderPdf(sampleResume(), exportSettingsSchema.parse({ template, page_size: pageSize }), {
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

/** The documented examples beyond the plain templates: a Chinese CV and a CV with a photo. */
export const EXAMPLES = {
  "example-chinese": () =>
    renderPdf(
      chineseResume(),
      exportSettingsSchema.parse({ template: "modern", date_format: "month_year" }),
      {
        fonts: fonts(),
        creationDate: new Date("2026-01-01T00:00:00Z"),
      },
    ),
  "example-photo": () =>
    renderPdf(sampleResume(), exportSettingsSchema.parse({ template: "european", photo_shape: "round" }), {
      fonts: fonts(),
      photo: preparePhoto(silhouetteJpeg()),
      creationDate: new Date("2026-01-01T00:00:00Z"),
    }),
} as const;
export type ExampleId = keyof typeof EXAMPLES;
export const exampleGoldenPath = (id: ExampleId) => new URL(`./${id}-page1.png`, import.meta.url);
