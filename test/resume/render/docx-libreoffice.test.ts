/**
 * The DOCX of every template, laid out by another program: LibreOffice
 * converts it to PDF, and page 1 is compared with our own PDF's page 1 —
 * loosely, as structure (where the page has fills and text), not pixels,
 * since LibreOffice substitutes fonts and wraps lines its own way.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractPdfPlainText, renderDocx, renderPdf } from "../../../src/resume/render/index.js";
import { exportSettingsSchema, TEMPLATE_IDS } from "../../../src/resume/settings.js";
import { sampleResume, testFonts } from "./fixtures.js";
import { decodePng, rasterizeFirstPage } from "./golden/rasterize.js";

const run = promisify(execFile);
const SOFFICE = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((p) => existsSync(p));
const EPOCH = new Date("2026-01-01T00:00:00Z");

/** A coarse map of the page: 1 where a cell is not blank paper (text, rules, fills, photo). */
function structure(png: PNG, cols = 12, rows = 17): Uint8Array {
  const out = new Uint8Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      let n = 0;
      for (let y = Math.floor((r * png.height) / rows); y < Math.floor(((r + 1) * png.height) / rows); y++) {
        for (let x = Math.floor((c * png.width) / cols); x < Math.floor(((c + 1) * png.width) / cols); x++) {
          const i = (y * png.width + x) * 4;
          sum += (png.data[i]! + png.data[i + 1]! + png.data[i + 2]!) / 3;
          n++;
        }
      }
      out[r * cols + c] = sum / n < 247 ? 1 : 0;
    }
  }
  return out;
}

// Installed by .ci/run (apt-get install libreoffice-writer-nogui); skipped where it is not.
describe.skipIf(!SOFFICE)("DOCX in LibreOffice", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "docx-lo-"));
    const inputs = [];
    for (const template of TEMPLATE_IDS) {
      const path = join(dir, `${template}.docx`);
      await writeFile(path, await renderDocx(sampleResume(), exportSettingsSchema.parse({ template })));
      inputs.push(path);
    }
    await run(
      SOFFICE!,
      [
        "--headless",
        "--norestore",
        `-env:UserInstallation=file://${dir}/profile`,
        "--convert-to",
        "pdf",
        "--outdir",
        dir,
        ...inputs,
      ],
      { timeout: 180_000 },
    );
  }, 200_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(TEMPLATE_IDS)(
    "%s: all the content, dates never wrapped mid-range, a sensible page count",
    async (template) => {
      const { text, pages } = await extractPdfPlainText(await readFile(join(dir, `${template}.pdf`)));
      const flat = text.replace(/\s+/g, " ");
      expect(pages, template).toBeLessThanOrEqual(2);
      for (const piece of [
        "Richard Hendriks",
        "Pied Piper",
        "Successfully won Techcrunch Disrupt",
        "University of Oklahoma",
      ]) {
        expect(flat, `${template}: ${piece}`).toContain(piece);
      }
      // A range stays on one line: no line break inside it.
      for (const range of ["Dec 2013 – Dec 2014", "Jun 2011 – Jan 2014", "Jan 2012 – Jan 2013"])
        expect(text.replace(/[ \u00A0]+/g, " "), `${template}: ${range}`).toContain(range);
    },
  );

  it.each(TEMPLATE_IDS)("%s: page 1 has the structure of our PDF's page 1", async (template) => {
    const ours = decodePng(
      await rasterizeFirstPage(
        await renderPdf(sampleResume(), exportSettingsSchema.parse({ template }), {
          fonts: testFonts(),
          creationDate: EPOCH,
        }),
        24,
      ),
    );
    const theirs = decodePng(await rasterizeFirstPage(await readFile(join(dir, `${template}.pdf`)), 24));
    const a = structure(ours);
    const b = structure(theirs);
    let same = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
    // Sidebars, bands, tinted headings and the text block sit in the same places.
    expect(same / a.length, template).toBeGreaterThan(0.75);
    // The left column agrees on filled (sidebar) rows where the template has a sidebar.
    const leftFilled = (m: Uint8Array) =>
      Array.from({ length: 17 }, (_, r) => m[r * 12]!).reduce((s, v) => s + v, 0);
    expect(Math.abs(leftFilled(a) - leftFilled(b)), template).toBeLessThanOrEqual(5);
  });
});
