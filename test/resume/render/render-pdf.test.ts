import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { isAppError } from "../../../src/errors.js";
import { cjkFontPath } from "../../../src/resume/fonts/font-files.js";
import { resumeSchema } from "../../../src/resume/model.js";
import { extractPdfPlainText, loadFontSet, renderPdf } from "../../../src/resume/render/index.js";
import { verifyPdfText } from "../../../src/resume/render/pdf/verify-text.js";
import { exportSettingsSchema, TEMPLATE_IDS } from "../../../src/resume/settings.js";
import { longResume, sampleResume } from "./fixtures.js";

const EPOCH = new Date("2026-01-01T00:00:00Z");
const fonts = loadFontSet();

async function open(pdf: Buffer) {
  return getDocument({ data: new Uint8Array(pdf), disableFontFace: true, verbosity: 0 }).promise;
}

const squash = (s: string) => s.replace(/\s+/g, "");

describe("renderPdf", () => {
  it.each(TEMPLATE_IDS)(
    "renders the sample with %s on A4 and Letter with the right page size",
    async (template) => {
      for (const [pageSize, width] of [
        ["A4", 595.28],
        ["Letter", 612],
      ] as const) {
        const pdf = await renderPdf(
          sampleResume(),
          exportSettingsSchema.parse({ template, page_size: pageSize }),
          {
            fonts,
            creationDate: EPOCH,
          },
        );
        expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
        const doc = await open(pdf);
        const page = await doc.getPage(1);
        expect(page.getViewport({ scale: 1 }).width).toBeCloseTo(width, 1);
        await doc.loadingTask.destroy();
      }
    },
  );

  it("writes title and author metadata and clickable links", async () => {
    const pdf = await renderPdf(sampleResume(), exportSettingsSchema.parse({}), {
      fonts,
      creationDate: EPOCH,
    });
    const doc = await open(pdf);
    const { info } = (await doc.getMetadata()) as { info: Record<string, unknown> };
    expect(info.Title).toBe("Richard Hendriks – Resume");
    expect(info.Author).toBe("Richard Hendriks");
    const annotations = await (await doc.getPage(1)).getAnnotations();
    const urls = annotations.map((a: { url?: string }) => a.url).filter(Boolean);
    expect(urls).toContain("mailto:richard.hendriks@mail.com");
    expect(urls).toContain("https://soundcloud.example.com/dandymusicnl");
    await doc.loadingTask.destroy();
  });

  it("embeds the family chosen in the export settings, subsetted", async () => {
    for (const [font, postscript] of [
      ["sans", "NotoSans-Regular"],
      ["serif", "NotoSerif-Regular"],
      ["mono", "JetBrainsMono-Regular"],
      ["inter", "Inter-Regular"],
      ["source-sans", "SourceSans3-Regular"],
      ["lato", "Lato-Regular"],
      ["eb-garamond", "EBGaramond-Regular"],
    ] as const) {
      const pdf = await renderPdf(sampleResume(), exportSettingsSchema.parse({ font }), {
        fonts,
        creationDate: EPOCH,
      });
      // Font dictionaries are not compressed: the subset tag precedes the PostScript name.
      expect(pdf.toString("latin1")).toMatch(new RegExp(`/FontName /[A-Z]{6}\\+${postscript}`));
      expect(pdf.length).toBeLessThan(120_000);
    }
  });

  it("is byte-identical for identical input when the creation date is fixed", async () => {
    const settings = exportSettingsSchema.parse({ template: "modern" });
    const a = await renderPdf(sampleResume(), settings, { fonts, creationDate: EPOCH });
    const b = await renderPdf(sampleResume(), settings, { fonts, creationDate: EPOCH });
    expect(a.equals(b)).toBe(true);
  });

  it("extracts in reading order without ligatures: heading, then title, then dates, then bullets", async () => {
    const resume = resumeSchema.parse({
      basics: { name: "Fiona Ffinch" },
      work: [
        {
          name: "Official Affairs Office",
          positions: [
            {
              title: "Financial officer",
              dates: { text: "2019 – 2021" },
              highlights: ["Filed fifty fiscal filings efficiently", "Second bullet"],
            },
          ],
        },
      ],
    });
    const pdf = await renderPdf(resume, exportSettingsSchema.parse({}), { fonts, creationDate: EPOCH });
    const { text } = await extractPdfPlainText(pdf);
    const flat = squash(text);
    // No ligature glyphs: "fi", "ffi" and "fl" extract as plain letters.
    expect(text).not.toMatch(/[\uFB00-\uFB06]/);
    const order = [
      "FionaFfinch",
      "EXPERIENCE",
      "Financialofficer,OfficialAffairsOffice",
      "2019–2021",
      "Filedfiftyfiscalfilingsefficiently",
      "Secondbullet",
    ];
    let at = -1;
    for (const piece of order) {
      const next = flat.indexOf(piece, at + 1);
      expect(next, piece).toBeGreaterThan(at);
      at = next;
    }
  });

  it("honours section order and visibility, including custom sections", async () => {
    const settings = exportSettingsSchema.parse({
      section_order: ["custom:talks", "skills", "work"],
      hidden_sections: ["education", "languages"],
    });
    const { text } = await extractPdfPlainText(
      await renderPdf(longResume(1), settings, { fonts, creationDate: EPOCH }),
    );
    const flat = squash(text);
    expect(flat.indexOf("TALKS")).toBeGreaterThan(-1);
    expect(flat.indexOf("TALKS")).toBeLessThan(flat.indexOf("SKILLS"));
    expect(flat.indexOf("SKILLS")).toBeLessThan(flat.indexOf("EXPERIENCE"));
    expect(flat).not.toContain("TechnischeUniversität");
    expect(flat).not.toContain("LANGUAGES");
    // Two positions under one employer: the employer once, both roles with their dates.
    expect(flat.match(/NorthwindSystems1/g)).toHaveLength(1);
    expect(flat).toContain("StaffEngineer");
    expect(flat).toContain("SoftwareEngineer");
    expect(flat).toContain("Mar2008–Dec2009");
  });

  it.each(TEMPLATE_IDS)(
    "paginates a long resume (%s) onto several pages and keeps Greek and Cyrillic",
    async (template) => {
      const pdf = await renderPdf(longResume(8), exportSettingsSchema.parse({ template }), {
        fonts,
        creationDate: EPOCH,
      });
      const { text, pages } = await extractPdfPlainText(pdf);
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(text).toContain("Ελληνικά");
      expect(text).toContain("Русский");
    },
  );

  it.each(TEMPLATE_IDS)(
    "never ends a page with a section heading or an entry header (%s)",
    async (template) => {
      for (const pageSize of ["A4", "Letter"] as const) {
        for (const jobs of [5, 6, 7, 9]) {
          const pdf = await renderPdf(
            longResume(jobs),
            exportSettingsSchema.parse({ template, page_size: pageSize }),
            {
              fonts,
              creationDate: EPOCH,
              verify: false,
            },
          );
          const doc = await open(pdf);
          for (let n = 1; n < doc.numPages; n++) {
            const content = await (await doc.getPage(n)).getTextContent();
            // The academic footer ("Ada Quinn · Page 1 of 3") is page furniture, not the flow's last line.
            const lines = content.items
              .map((i) => ("str" in i ? i.str.trim() : ""))
              .filter((l) => l && !/Page \d+ of \d+|^·$|^Ada Quinn$/.test(l));
            const last = lines.at(-1)!;
            const context = `${template} ${pageSize} ${jobs} jobs, page ${n} ends with "${last}"`;
            expect(
              /^(EXPERIENCE|EDUCATION|SKILLS|LANGUAGES|TALKS|Experience|Education|Skills|Languages|Talks)$/.test(
                last,
              ),
              context,
            ).toBe(false);
            expect(
              /^(Staff Engineer|Senior Software Engineer|Software Engineer|Northwind Systems \d+)$/.test(
                last,
              ),
              context,
            ).toBe(false);
          }
          await doc.loadingTask.destroy();
        }
      }
    },
  );

  it("breaks lines where a summary has line breaks, never drawing them as glyphs", async () => {
    const resume = sampleResume();
    resume.awards = [
      {
        ...resume.awards[0]!,
        summary: "Forbes 30 Under 30 in Enterprise Technology (2024)\nACM Doctoral Dissertation Award (2023)",
      },
    ];
    for (const template of TEMPLATE_IDS) {
      const pdf = await renderPdf(resume, exportSettingsSchema.parse({ template }), {
        fonts,
        creationDate: EPOCH,
      });
      const { text } = await extractPdfPlainText(pdf);
      expect(text).not.toContain("\u0000");
      expect(text).toMatch(/\(2024\)\s*\n\s*ACM Doctoral/);
    }
  });

  it("fails with render_missing_glyphs naming characters no font can draw", async () => {
    // Egyptian hieroglyphs and Linear B: no bundled, symbol or CJK font has them.
    const resume = resumeSchema.parse({ basics: { name: "Ra \u{13000}\u{13001} \u{10000}", summary: "ok" } });
    const error = await renderPdf(resume, exportSettingsSchema.parse({}), { fonts }).catch((e: unknown) => e);
    expect(isAppError(error, "render_missing_glyphs")).toBe(true);
    expect((error as Error).message).toContain('"\u{13000}" (U+13000)');
    expect((error as Error).message).toContain("U+10000");
    expect((error as { details: { characters: unknown[] } }).details.characters).toEqual([
      { char: "\u{13000}", code_point: "U+13000" },
      { char: "\u{13001}", code_point: "U+13001" },
      { char: "\u{10000}", code_point: "U+10000" },
    ]);
    expect((error as { details: { fields: string[] } }).details.fields).toEqual(["/basics/name"]);
  });

  it("renders an empty resume as one blank page and drops control and zero-width characters", async () => {
    const empty = await renderPdf(resumeSchema.parse({}), exportSettingsSchema.parse({}), {
      fonts,
      creationDate: EPOCH,
    });
    expect((await extractPdfPlainText(empty)).pages).toBe(1);
    const resume = resumeSchema.parse({
      basics: { name: "Zoe\u0007 Zero\u200Bwidth", summary: "First paragraph.\n\nSecond paragraph." },
    });
    const { text } = await extractPdfPlainText(
      await renderPdf(resume, exportSettingsSchema.parse({}), { fonts, creationDate: EPOCH }),
    );
    expect(text).toContain("Zoe Zerowidth");
    expect(text).toMatch(/First paragraph\.\s+Second paragraph\./);
  });

  it("fails on an emoji the fonts lack instead of drawing an empty box", async () => {
    const resume = resumeSchema.parse({
      work: [{ name: "Rocket Co", positions: [{ title: "Engineer", highlights: ["Launched 🚀"] }] }],
    });
    const error = await renderPdf(resume, exportSettingsSchema.parse({}), { fonts }).catch((e: unknown) => e);
    expect(isAppError(error, "render_missing_glyphs")).toBe(true);
    expect((error as Error).message).toContain("U+1F680");
    // The field holding it, as a JSON pointer the editor can jump to.
    expect((error as { details: { fields: string[] } }).details.fields).toEqual([
      "/work/0/positions/0/highlights/0",
    ]);
  });

  it("draws characters the family lacks with the configured fallback font", async () => {
    // Without the CJK collection in its search path, only the configured fallback draws Han.
    const fallbackFont = cjkFontPath("Regular")!;
    const withFallback = loadFontSet({ fallbackFont, cjkDirs: ["/nonexistent"] });
    const resume = resumeSchema.parse({ basics: { name: "Keys 李小龍 and ─" } });
    const pdf = await renderPdf(resume, exportSettingsSchema.parse({}), {
      fonts: withFallback,
      creationDate: EPOCH,
    });
    const { text } = await extractPdfPlainText(pdf);
    expect(text).toContain("Keys 李小龍 and ─");
  });
});

describe("shared font caches", () => {
  it("keep the text layer intact across many documents in one process", async () => {
    // Regression: subsetting on a shared font once poisoned the glyph cache, so a "." drawn
    // after a compact render lost its text mapping. Every render here runs the round-trip check.
    for (const template of ["compact", "classic", "modern", "compact"] as const) {
      for (const resume of [sampleResume(), longResume(2)]) {
        await renderPdf(resume, exportSettingsSchema.parse({ template }), { fonts, creationDate: EPOCH });
      }
    }
  });
});

describe("verifyPdfText", () => {
  it("fails with render_roundtrip_failed when text is missing or the file is unreadable", async () => {
    const pdf = await renderPdf(sampleResume(), exportSettingsSchema.parse({}), {
      fonts,
      creationDate: EPOCH,
    });
    await expect(verifyPdfText(pdf, ["Richard Hendriks", "Pied Piper"])).resolves.toEqual({ pages: 2 });
    const missing = await verifyPdfText(pdf, ["Hooli XYZ Holdings"]).catch((e: unknown) => e);
    expect(isAppError(missing, "render_roundtrip_failed")).toBe(true);
    expect((missing as { details: { missing: string[] } }).details.missing).toEqual(["Hooli XYZ Holdings"]);
    const broken = await verifyPdfText(Buffer.from("%PDF-1.7\nnot really"), ["x"]).catch((e: unknown) => e);
    expect(isAppError(broken, "render_roundtrip_failed")).toBe(true);
  });
});
