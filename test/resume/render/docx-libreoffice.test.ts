import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { extractPdfPlainText, renderDocx } from "../../../src/resume/render/index.js";
import { exportSettingsSchema, TEMPLATE_IDS } from "../../../src/resume/settings.js";
import { sampleResume } from "./fixtures.js";

const run = promisify(execFile);
const SOFFICE = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((p) => existsSync(p));

// LibreOffice is large and not part of the CI image; where it is installed
// (apt-get install libreoffice-writer-nogui) this proves the files open and lay out.
describe.skipIf(!SOFFICE)("DOCX in LibreOffice", () => {
  it("converts every template to PDF with all the content and a sensible page count", async () => {
    const dir = await mkdtemp(join(tmpdir(), "docx-lo-"));
    try {
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
        { timeout: 120_000 },
      );
      for (const template of TEMPLATE_IDS) {
        const { text, pages } = await extractPdfPlainText(await readFile(join(dir, `${template}.pdf`)));
        const flat = text.replace(/\s+/g, " ");
        expect(pages, template).toBeLessThanOrEqual(2);
        for (const piece of [
          "Richard Hendriks",
          "Pied Piper",
          "Dec 2013 – Dec 2014",
          "Successfully won Techcrunch Disrupt",
          "University of Oklahoma",
        ]) {
          expect(flat, `${template}: ${piece}`).toContain(piece);
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
