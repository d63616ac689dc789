import { describe, expect, it } from "vitest";
import { renderDocx } from "../../../src/resume/render/index.js";
import { TEMPLATES } from "../../../src/resume/render/templates/index.js";
import { exportSettingsSchema, TEMPLATE_IDS } from "../../../src/resume/settings.js";
import { longResume, sampleResume } from "./fixtures.js";
import { zipEntries } from "./zip-entries.js";

/** Paragraph texts of a WordprocessingML body, in order. */
function paragraphs(xml: string): { style: string | null; text: string; numbered: boolean }[] {
  return [...xml.matchAll(/<w:p\b[^>]*>([\s\S]*?)<\/w:p>/g)].map((m) => {
    const body = m[1]!;
    return {
      style: /<w:pStyle w:val="([^"]+)"/.exec(body)?.[1] ?? null,
      // Dates use non-breaking spaces so a range never wraps; compare them as plain spaces.
      text: [...body.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)]
        .map((t) => t[1])
        .join("")
        .replace(/\u00A0/g, " "),
      numbered: body.includes("<w:numPr>"),
    };
  });
}

describe("renderDocx", () => {
  it.each(TEMPLATE_IDS)(
    "%s: a well-formed package with real headings, numbered bullets and the page size",
    async (template) => {
      for (const [pageSize, width] of [
        ["A4", "11906"],
        ["Letter", "12240"],
      ] as const) {
        const docx = await renderDocx(
          sampleResume(),
          exportSettingsSchema.parse({ template, page_size: pageSize }),
        );
        const entries = await zipEntries(docx);
        for (const part of [
          "[Content_Types].xml",
          "_rels/.rels",
          "word/document.xml",
          "word/styles.xml",
          "word/numbering.xml",
          "docProps/core.xml",
        ]) {
          expect(entries.has(part), part).toBe(true);
        }
        const xml = entries.get("word/document.xml")!.toString("utf8");
        expect(xml).toContain(`w:w="${width}"`);
        const paras = paragraphs(xml);
        expect(paras.find((p) => p.style === "Title")?.text).toBe("Richard Hendriks");
        const headings = paras.filter((p) => p.style === "Heading1").map((p) => p.text.toLowerCase());
        expect(headings).toEqual(expect.arrayContaining(["experience", "education", "skills"]));
        const header = paras.find(
          (p) => p.style === "Heading2" && p.text.startsWith("CEO/President, Pied Piper"),
        );
        // The timeline keeps dates in its rail cell; everywhere else they end the entry's heading.
        if (TEMPLATES[template].dateRail)
          expect(paras.some((p) => p.text === "Dec 2013 – Dec 2014")).toBe(true);
        else expect(header?.text).toContain("Dec 2013 – Dec 2014");
        // A range never wraps: its spaces are non-breaking in the file.
        expect(xml).toContain("Dec\u00A02013\u00A0–\u00A0Dec\u00A02014");
        const bullets = paras.filter((p) => p.numbered).map((p) => p.text);
        expect(bullets).toContain("Successfully won Techcrunch Disrupt");
        // Bullets are a numbering definition, not typed characters.
        expect(bullets.some((b) => b.startsWith("•"))).toBe(false);
        expect(entries.get("word/numbering.xml")!.toString()).toContain('w:numFmt w:val="bullet"');
        // A table only where the layout needs one: sidebars, the timeline rail, the skills matrix.
        const t = TEMPLATES[template];
        expect(xml.includes("<w:tbl>"), template).toBe(
          t.layout === "sidebar" || t.dateRail > 0 || t.skillsMatrix,
        );
        const core = entries.get("docProps/core.xml")!.toString();
        expect(core).toContain("<dc:title>Richard Hendriks – Resume</dc:title>");
        expect(core).toContain("<dc:creator>Richard Hendriks</dc:creator>");
        // Every XML part is well-formed enough to parse its root element.
        for (const [name, data] of entries) {
          if (name.endsWith(".xml") || name.endsWith(".rels"))
            expect(data.toString().trimStart().startsWith("<?xml"), name).toBe(true);
        }
      }
    },
  );

  it("follows section order and visibility, keeps positions under one employer and custom sections", async () => {
    const settings = exportSettingsSchema.parse({
      section_order: ["custom:talks", "work"],
      hidden_sections: ["skills"],
    });
    const entries = await zipEntries(await renderDocx(longResume(1), settings));
    const paras = paragraphs(entries.get("word/document.xml")!.toString());
    const headings = paras.filter((p) => p.style === "Heading1").map((p) => p.text);
    expect(headings.slice(0, 2)).toEqual(["TALKS", "EXPERIENCE"]);
    expect(headings).not.toContain("SKILLS");
    expect(paras.filter((p) => p.style === "Heading2").map((p) => p.text)).toContain("Northwind Systems 1");
    const roles = paras.filter((p) => p.style === "Heading3").map((p) => p.text);
    expect(roles).toEqual(["Staff EngineerJan 2010 – Dec 2011", "Software EngineerMar 2008 – Dec 2009"]);
    // Dates sit on a right tab stop (a real <w:tab/>, not a tab character in the text).
    expect(entries.get("word/document.xml")!.toString()).toMatch(
      /<w:r>(<w:rPr>.*?<\/w:rPr>)?<w:tab\/><w:t[^>]*>Jan\u00A02010/,
    );
  });

  it("names the family with a safe fallback and its class in the font table", async () => {
    const table = async (extra: object) =>
      (await zipEntries(await renderDocx(sampleResume(), exportSettingsSchema.parse(extra))))
        .get("word/fontTable.xml")!
        .toString();
    expect(await table({ template: "technical" })).toContain(
      '<w:font w:name="Inter"><w:altName w:val="Arial"/><w:family w:val="swiss"/>',
    );
    expect(await table({ template: "academic" })).toContain(
      '<w:font w:name="Noto Serif"><w:altName w:val="Georgia"/><w:family w:val="roman"/>',
    );
    expect(await table({ font: "mono" })).toContain('<w:pitch w:val="fixed"/>');
  });

  it("writes hyperlinks as relationships", async () => {
    const entries = await zipEntries(await renderDocx(sampleResume(), exportSettingsSchema.parse({})));
    const rels = entries.get("word/_rels/document.xml.rels")!.toString();
    expect(rels).toContain('Target="mailto:richard.hendriks@mail.com"');
    expect(rels).toContain('TargetMode="External"');
  });
});
