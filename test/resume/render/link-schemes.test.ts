/**
 * Links leave the model through the same allow-list they enter by: a stored
 * resume that still holds a `javascript:`, `file:` or UNC link (older rows,
 * direct writes) never becomes a PDF /URI action, a DOCX hyperlink or an
 * HTML href.
 */
import { describe, expect, it } from "vitest";
import { safeLink } from "../../../src/resume/links.js";
import { resumeSchema } from "../../../src/resume/model.js";
import { readArchive } from "../../../src/resume/parse/archive-reader.js";
import { resolveLimits } from "../../../src/resume/parse/limits.js";
import { loadFontSet, renderDocx, renderPdf } from "../../../src/resume/render/index.js";
import { renderHtml } from "../../../src/resume/render/render-html.js";
import { exportSettingsSchema } from "../../../src/resume/settings.js";

const HOSTILE = [
  "javascript:alert(1)",
  "JaVa\tScRiPt:alert(2)",
  "file:///etc/passwd",
  "\\\\evil\\share\\x.exe",
  "data:text/html,hi",
  "//evil.example/x",
];

const resume = resumeSchema.parse({
  basics: {
    name: "Jane Doe",
    email: "jane@example.org",
    url: HOSTILE[0],
    profiles: [{ network: "X", url: " JaVaScRiPt:alert(2)" }],
  },
  work: [{ name: "Acme", url: HOSTILE[2], positions: [{ title: "Engineer", highlights: ["Built things"] }] }],
  projects: [{ name: "Share", url: HOSTILE[3] }],
  certificates: [{ name: "Cert", url: HOSTILE[4] }],
  publications: [{ name: "Paper", url: HOSTILE[5] }],
  education: [{ institution: "Uni", url: "example.edu/cs" }],
});

describe("safeLink", () => {
  it("allows https, http, mailto, tel and bare domains only", () => {
    expect(safeLink("https://jane.dev/cv")).toBe("https://jane.dev/cv");
    expect(safeLink("mailto:jane@example.org")).toBe("mailto:jane@example.org");
    expect(safeLink("tel:+4930123")).toBe("tel:+4930123");
    expect(safeLink("linkedin.com/in/jane")).toBe("https://linkedin.com/in/jane");
    for (const url of HOSTILE) expect(safeLink(url)).toBe("");
    expect(safeLink(" \u0000javascript:alert(1)")).toBe("");
  });
});

describe("renderers", () => {
  it("write no unsafe link into the PDF", async () => {
    const pdf = (
      await renderPdf(resume, exportSettingsSchema.parse({}), {
        fonts: loadFontSet(),
        creationDate: new Date(0),
      })
    ).toString("latin1");
    expect(pdf).not.toMatch(/javascript|file:|data:|evil/i);
  });

  it("write no unsafe hyperlink into the DOCX", async () => {
    const docx = await renderDocx(resume);
    const archive = await readArchive(docx, resolveLimits());
    const rels = archive.entries
      .find((e) => e.name === "word/_rels/document.xml.rels")!
      .data!.toString("utf8");
    expect(rels).not.toMatch(/javascript|file:|data:|evil/i);
    expect(rels).toContain("https://example.edu/cs");
  });

  it("write no unsafe href into the HTML", () => {
    const html = renderHtml(resume, exportSettingsSchema.parse({})).toString("utf8");
    expect(html).not.toMatch(/href="(?!https:|http:|mailto:|tel:)/);
  });
});
