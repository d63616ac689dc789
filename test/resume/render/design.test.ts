import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { checkAccentContrast, contrastRatio } from "../../../src/resume/render/color-contrast.js";
import { resolveDesign } from "../../../src/resume/render/design.js";
import { extractPdfPlainText, renderDocx, renderPdf } from "../../../src/resume/render/index.js";
import { TEMPLATES } from "../../../src/resume/render/templates/index.js";
import { exportSettingsSchema, TEMPLATE_IDS } from "../../../src/resume/settings.js";
import { sampleResume, testFonts } from "./fixtures.js";
import { zipEntries } from "./zip-entries.js";

const EPOCH = new Date("2026-01-01T00:00:00Z");

describe("accent contrast", () => {
  it("keeps a colour that reaches 4.5:1 on white and darkens one that does not, keeping its hue", () => {
    expect(checkAccentContrast("#1f3a5f")).toMatchObject({ used: "#1f3a5f", adjusted: false });
    const yellow = checkAccentContrast("#FFCC00");
    expect(yellow.adjusted).toBe(true);
    expect(yellow.ratio).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(yellow.used, "#ffffff")).toBeGreaterThanOrEqual(4.5);
    // Same hue: the channels keep their proportions (red ≈ 1.25 × green, no blue).
    const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(yellow.used.slice(i, i + 2), 16)) as [
      number,
      number,
      number,
    ];
    expect(b).toBe(0);
    expect(r / g).toBeCloseTo(255 / 204, 1);
    // Not darker than needed: the ratio lands just above the minimum.
    expect(yellow.ratio).toBeLessThan(4.7);
  });

  it("draws the adjusted colour: the DOCX names it, and a dark sidebar follows the accent", async () => {
    const settings = exportSettingsSchema.parse({ template: "sidebar", accent_color: "#7fd1ff" });
    const design = resolveDesign(settings);
    expect(design.colors.accent).toBe(checkAccentContrast("#7fd1ff").used);
    expect(design.colors.sidebar).toBe(design.colors.accent);
    const xml = (await zipEntries(await renderDocx(sampleResume(), settings)))
      .get("word/styles.xml")!
      .toString();
    expect(xml).toContain(design.colors.accent.slice(1).toUpperCase());
  });

  it("refuses a colour that is not #rrggbb", () => {
    expect(exportSettingsSchema.safeParse({ accent_color: "red" }).success).toBe(false);
    expect(exportSettingsSchema.safeParse({ accent_color: "#12345" }).success).toBe(false);
  });
});

describe("design controls", () => {
  it("uses the template's font unless the settings name one", () => {
    expect(resolveDesign(exportSettingsSchema.parse({ template: "academic" })).font).toBe("serif");
    expect(resolveDesign(exportSettingsSchema.parse({ template: "technical" })).font).toBe("inter");
    expect(resolveDesign(exportSettingsSchema.parse({ template: "academic", font: "lato" })).font).toBe(
      "lato",
    );
  });

  it("scales sizes with the base font size and applies line spacing and margins", () => {
    const base = TEMPLATES.classic;
    const d = resolveDesign(
      exportSettingsSchema.parse({ template: "classic", font_size: 12, line_spacing: 1.5, margin_mm: 20 }),
    );
    expect(d.sizes.body).toBe(12);
    expect(d.sizes.name).toBeCloseTo((base.sizes.name * 12) / base.sizes.body, 1);
    expect(d.lineHeight).toBe(1.5);
    expect(d.margin.left).toBeCloseTo((20 * 72) / 25.4, 0);
    expect(exportSettingsSchema.safeParse({ font_size: 30 }).success).toBe(false);
  });

  it("changes the PDF with every control: more pages with bigger type, fewer with tighter settings", async () => {
    const pages = async (extra: object) =>
      (
        await extractPdfPlainText(
          await renderPdf(sampleResume(), exportSettingsSchema.parse({ template: "classic", ...extra }), {
            fonts: testFonts(),
            creationDate: EPOCH,
          }),
        )
      ).pages;
    const normal = await pages({});
    expect(await pages({ font_size: 13, line_spacing: 1.7, margin_mm: 30 })).toBeGreaterThan(normal);
  });

  it("fits a CV that overflows one page by a few lines onto one page when asked, and only then", async () => {
    const resume = sampleResume();
    resume.work[0]!.positions[0]!.highlights.push("Grew the team from four to twelve engineers.");
    const settings = (fit: boolean) =>
      exportSettingsSchema.parse({ template: "classic", fit_to_one_page: fit });
    const loose = await extractPdfPlainText(
      await renderPdf(resume, settings(false), { fonts: testFonts(), creationDate: EPOCH }),
    );
    expect(loose.pages).toBe(2);
    const fitted = await extractPdfPlainText(
      await renderPdf(resume, settings(true), { fonts: testFonts(), creationDate: EPOCH }),
    );
    expect(fitted.pages).toBe(1);
    expect(fitted.text).toContain("Grew the team from four to twelve engineers.");
    // A CV far longer than a page is left as it is.
    for (let i = 0; i < 4; i++) resume.work.push(structuredClone(resume.work[0]!));
    const long = await extractPdfPlainText(
      await renderPdf(resume, settings(true), { fonts: testFonts(), creationDate: EPOCH }),
    );
    expect(long.pages).toBeGreaterThanOrEqual(2);
  });
});

describe("templates", () => {
  it("has at least ten, each with a name and a description", () => {
    expect(TEMPLATE_IDS.length).toBeGreaterThanOrEqual(10);
    for (const id of TEMPLATE_IDS) {
      expect(TEMPLATES[id].id).toBe(id);
      expect(TEMPLATES[id].description.length).toBeGreaterThan(20);
    }
  });

  it.each(TEMPLATE_IDS)("%s draws what its description says", async (id) => {
    const t = TEMPLATES[id];
    const pdf = await renderPdf(sampleResume(), exportSettingsSchema.parse({ template: id }), {
      fonts: testFonts(),
      creationDate: EPOCH,
    });
    const { text } = await extractPdfPlainText(pdf);
    const latin1 = pdf.toString("latin1");
    const flat = text.replace(/\s+/g, " ");
    if (/serif by default/i.test(t.description))
      expect(latin1).toMatch(/\/FontName \/[A-Z]{6}\+NotoSerif-Regular/);
    if (/page numbers/i.test(t.description)) {
      // Page numbers are artifacts (left out of the content text), so read the page's raw text.
      const doc = await getDocument({ data: new Uint8Array(pdf), disableFontFace: true, verbosity: 0 })
        .promise;
      const items = (await (await doc.getPage(1)).getTextContent()).items;
      expect(items.map((i) => ("str" in i ? i.str : "")).join(" ")).toContain("Page 1 of 2");
      expect(flat).not.toContain("Page 1 of 2");
      await doc.loadingTask.destroy();
    }
    if (/numbered publications/i.test(t.description))
      expect(flat).toContain("[1] Video compression for 3d media");
    if (/labelled personal details/i.test(t.description))
      expect(flat).toMatch(/Email richard\.hendriks@mail\.com/);
    if (/summary first/i.test(t.description)) {
      expect(flat.indexOf("Richard hails from Tulsa")).toBeLessThan(flat.indexOf("EXPERIENCE"));
      expect(flat).not.toContain("SUMMARY");
    }
    if (/dates on a left rail/i.test(t.description))
      // The rail is read before the entry it belongs to.
      expect(flat.indexOf("Dec 2013 – Dec 2014")).toBeLessThan(flat.indexOf("CEO/President"));
    if (/skills as a matrix/i.test(t.description)) expect(flat).toMatch(/Web Development HTML, CSS/);
    if (t.headingCaps) expect(flat).toContain("EXPERIENCE");
    else expect(flat).toContain("Experience");
  });
});
