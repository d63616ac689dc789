import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CoverLetter } from "../../../../src/resume/cover-letter/cover-letter.js";
import { loadFontSet } from "../../../../src/resume/fonts/font-set.js";
import { resumeSchema } from "../../../../src/resume/model.js";
import { renderCoverLetterDocx } from "../../../../src/resume/render/cover-letter/render-cover-letter-docx.js";
import { renderCoverLetterPdf } from "../../../../src/resume/render/cover-letter/render-cover-letter-pdf.js";
import { exportSettingsSchema } from "../../../../src/resume/settings.js";
import { zipEntries } from "../zip-entries.js";

const resume = resumeSchema.parse({
  basics: {
    name: "Camille Martin",
    email: "camille@example.fr",
    phone: "+33 6 12 34 56 78",
    location: { city: "Lyon" },
  },
});
const letter: CoverLetter = {
  greeting: "Madame, Monsieur,",
  paragraphs: [
    "Je vous propose ma candidature au poste d'infirmière en réanimation.",
    "Quelques réalisations :\n– Prise en charge de 4 patients par poste.",
  ],
  closing: "Veuillez agréer mes salutations distinguées.\nCamille Martin",
  source: "template",
  evidence: [],
};
const settings = exportSettingsSchema.parse({ template: "modern", locale: "fr-FR" });

describe("cover letter renderers", () => {
  it("renders a tagged PDF whose text reads in order", async () => {
    const pdf = await renderCoverLetterPdf(resume, letter, settings, {
      fonts: loadFontSet(),
      creationDate: new Date("2026-01-01"),
    });
    const dir = mkdtempSync(join(tmpdir(), "cover-"));
    const file = join(dir, "letter.pdf");
    writeFileSync(file, pdf);
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Title:\s+Camille Martin – Cover letter/);
    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    const order = [
      "Camille Martin",
      "camille@example.fr",
      "Madame, Monsieur,",
      "infirmière en réanimation",
      "4 patients par poste",
      "salutations distinguées",
    ];
    const positions = order.map((s) => text.indexOf(s));
    expect(
      positions.every((p) => p >= 0),
      text,
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it("renders an editable DOCX with the same text", async () => {
    const docx = await renderCoverLetterDocx(resume, letter, settings);
    const entries = await zipEntries(docx);
    const xml = entries.get("word/document.xml")!.toString("utf8");
    for (const s of [
      "Camille Martin",
      "Madame, Monsieur,",
      "infirmière en réanimation",
      "Prise en charge de 4 patients",
    ])
      expect(xml).toContain(s);
  });
});
