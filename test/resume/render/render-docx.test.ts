import { describe, expect, it } from "vitest";
import { renderDocx } from "../../../src/resume/render/index.js";
import { exportSettingsSchema, TEMPLATE_IDS } from "../../../src/resume/settings.js";
import { longResume, sampleResume } from "./fixtures.js";
import { zipEntries } from "./zip-entries.js";

/** Paragraph texts of a WordprocessingML body, in order. */
function paragraphs(xml: string): { style: string | null; text: string; numbered: boolean }[] {
  return [...xml.matchAll(/<w:p\b[^>]*>([\s\S]*?)<\/w:p>/g)].map((m) => {
    const body = m[1]!;
    return {
      style: /<w:pStyle w:val="([^"]+)"/.exec(body)?.[1] ?? null,
      text: [...body.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(""),
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
        expect(
          paras.find((p) => p.style === "Heading2" && p.text.startsWith("CEO/President, Pied Piper"))?.text,
        ).toContain("Dec 2013 – Dec 2014");
        const bullets = paras.filter((p) => p.numbered).map((p) => p.text);
        expect(bullets).toContain("Successfully won Techcrunch Disrupt");
        // Bullets are a numbering definition, not typed characters.
        expect(bullets.some((b) => b.startsWith("•"))).toBe(false);
        expect(entries.get("word/numbering.xml")!.toString()).toContain('w:numFmt w:val="bullet"');
        // A table only where the layout needs one: the two-column template.
        expect(xml.includes("<w:tbl>"), template).toBe(template === "modern");
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
      /<w:r>(<w:rPr>.*?<\/w:rPr>)?<w:tab\/><w:t[^>]*>Jan 2010/,
    );
  });

  it("writes hyperlinks as relationships", async () => {
    const entries = await zipEntries(await renderDocx(sampleResume(), exportSettingsSchema.parse({})));
    const rels = entries.get("word/_rels/document.xml.rels")!.toString();
    expect(rels).toContain('Target="mailto:richard.hendriks@mail.com"');
    expect(rels).toContain('TargetMode="External"');
  });
});
