import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { renderPdf } from "../../../src/resume/render/index.js";
import { exportSettingsSchema, TEMPLATE_IDS } from "../../../src/resume/settings.js";
import { chineseResume, sampleResume, testFonts } from "./fixtures.js";

const EPOCH = new Date("2026-01-01T00:00:00Z");

type Node = { role?: string; alt?: string; type?: string; id?: string; children?: Node[] };

/** Roles of the structure tree in document order, with content and annotation leaves as "#content", "#annotation". */
function walk(node: Node, out: string[] = []): string[] {
  if (node.role) out.push(node.role);
  else if (node.type) out.push(`#${node.type}`);
  for (const child of node.children ?? []) walk(child, out);
  return out;
}

async function structure(pdf: Buffer, pageNumber = 1) {
  const doc = await getDocument({ data: new Uint8Array(pdf), disableFontFace: true, verbosity: 0 }).promise;
  const page = await doc.getPage(pageNumber);
  const tree = (await page.getStructTree()) as Node;
  const content = await page.getTextContent({ includeMarkedContent: true });
  const annotations = (await page.getAnnotations()) as { subtype: string; contentsObj?: { str: string } }[];
  await doc.loadingTask.destroy();
  return { tree, content, annotations };
}

describe("tagged PDF (PDF/UA-1 structure)", () => {
  it.each(TEMPLATE_IDS)(
    "%s: headings, lists, links with alternate text, language and title",
    async (template) => {
      const pdf = await renderPdf(sampleResume(), exportSettingsSchema.parse({ template }), {
        fonts: testFonts(),
        creationDate: EPOCH,
      });
      const latin1 = pdf.toString("latin1");
      expect(latin1).toContain("/Lang (en)");
      expect(latin1).toMatch(/\/DisplayDocTitle true/);
      expect(latin1).toMatch(/\/Marked true/);
      expect(latin1).toContain("<pdfuaid:part>1</pdfuaid:part>");
      expect(latin1).toMatch(/\/Tabs \/S/);
      const { tree, content, annotations } = await structure(pdf);
      const roles = walk(tree);
      expect(roles).toContain("Document");
      for (const role of ["H1", "H2", "H3", "P", "L", "LI", "LBody", "Link", "Sect"])
        expect(roles, role).toContain(role);
      // The name comes first, and each section's heading precedes its entries.
      expect(roles.indexOf("H1")).toBeLessThan(roles.indexOf("H2"));
      expect(roles.indexOf("H2")).toBeLessThan(roles.indexOf("H3"));
      // Bullets are list items with a label and a body.
      const li = roles.indexOf("Lbl");
      expect(li).toBeGreaterThan(0);
      expect(roles[li - 1]).toBe("LI");
      // Every link element holds its annotation, and every link annotation has alternate text.
      expect(roles).toContain("#annotation");
      const links = annotations.filter((a) => a.subtype === "Link");
      expect(links.length).toBeGreaterThan(0);
      for (const a of links) expect(a.contentsObj?.str, "link Contents").toMatch(/^(https?:|mailto:|tel:)/);
      // All drawn text is inside a marked-content sequence (content or artifact).
      let depth = 0;
      for (const item of content.items) {
        const type = (item as { type?: string }).type;
        if (type === "beginMarkedContentProps" || type === "beginMarkedContent") depth++;
        else if (type === "endMarkedContent") depth--;
        else if ("str" in item && item.str.trim()) expect(depth, item.str).toBeGreaterThan(0);
      }
    },
  );

  it("marks page numbers and rules as artifacts, not content", async () => {
    const pdf = await renderPdf(sampleResume(), exportSettingsSchema.parse({ template: "academic" }), {
      fonts: testFonts(),
      creationDate: EPOCH,
    });
    const { content } = await structure(pdf);
    const items = content.items as { type?: string; tag?: string; str?: string }[];
    const footer = items.findIndex((i) => i.str?.includes("Page 1 of"));
    expect(footer).toBeGreaterThan(0);
    const opener = items
      .slice(0, footer)
      .findLast((i) => i.type === "beginMarkedContentProps" || i.type === "beginMarkedContent");
    expect(opener?.tag).toBe("Artifact");
  });

  it("names the document language of a Chinese CV", async () => {
    const pdf = await renderPdf(chineseResume(), exportSettingsSchema.parse({}), {
      fonts: testFonts(),
      creationDate: EPOCH,
    });
    expect(pdf.toString("latin1")).toContain("/Lang (zh)");
  });
});
