import { describe, expect, it } from "vitest";
import { findPhone, findUrl, isLocation, titleScore } from "../../../src/resume/parse/extract/features.js";
import { findDateRange, isDateOnly, parseDateText } from "../../../src/resume/parse/layout/dates.js";
import { headingScore, sectionKindOf } from "../../../src/resume/parse/layout/headings.js";
import { layoutPdfLines } from "../../../src/resume/parse/pdf/layout-lines.js";
import { repairLigatures } from "../../../src/resume/parse/pdf/ligatures.js";
import { sniffDocumentType } from "../../../src/resume/parse/sniff.js";
import { textToLines } from "../../../src/resume/parse/text.js";
import { plainLine } from "../../../src/resume/parse/text-line.js";

describe("dates", () => {
  it.each([
    ["January 2019 to Present", { start: "2019-01", current: true }],
    ["Sept 2018 – May 2023", { start: "2018-09", end: "2023-05" }],
    ["05/2019 - 08/2019", { start: "2019-05", end: "2019-08" }],
    ["2023-06 – present", { start: "2023-06", current: true }],
    ["01.2021 – heute", { start: "2021-01", current: true }],
    ["since 2019", { start: "2019", current: true }],
    ["2010 – 2013", { start: "2010", end: "2013" }],
  ])("%s", (text, expected) => {
    expect(parseDateText(text)).toMatchObject({ text, ...expected });
  });

  it("ignores years inside prose unless asked", () => {
    expect(findDateRange("Paper accepted at NeurIPS 2022")).toBeUndefined();
    expect(findDateRange("NeurIPS 2022", { allowBareYear: true })?.range.start).toBe("2022");
    expect(isDateOnly("(2019)")).toBe(true);
    expect(isDateOnly("Acme 2019")).toBe(false);
  });
});

describe("features", () => {
  it("finds phones but not DOIs, patents or year ranges", () => {
    expect(findPhone("Call (555) 123-4567 today")).toBe("(555) 123-4567");
    expect(findPhone("+49 30 1234567")).toBe("+49 30 1234567");
    expect(findPhone("doi 10.1234/neurips.2023.1234")).toBeUndefined();
    expect(findPhone("US Patent 11,234,567")).toBeUndefined();
    expect(findPhone("2018 - 2023")).toBeUndefined();
  });

  it("tells links from abbreviations", () => {
    expect(findUrl("see github.com/janesmith")).toBe("github.com/janesmith");
    expect(findUrl("https://johndoe.me/")).toBe("https://johndoe.me/");
    expect(findUrl("B.Tech in Computer Engineering")).toBeUndefined();
    expect(findUrl("ASP.NET and Node.js")).toBeUndefined();
    expect(findUrl("mail jane@example.org")).toBeUndefined();
  });

  it("recognises locations and job titles", () => {
    for (const place of [
      "San Francisco, CA",
      "Pleasantville, CA 94588",
      "Istanbul, Türkiye",
      "San Francisco, California, US",
      "Remote",
    ]) {
      expect(isLocation(place), place).toBe(true);
    }
    for (const other of [
      "Nexus AI, Co-Founder & CTO",
      "Harborview Medical Center, Charge Nurse, ICU",
      "Research Intern",
    ]) {
      expect(isLocation(other), other).toBe(false);
    }
    expect(titleScore("Senior Web Developer")).toBeGreaterThan(0.8);
    expect(titleScore("NVIDIA Research")).toBe(0);
  });
});

describe("headings", () => {
  it("knows section titles in several languages", () => {
    expect(sectionKindOf("Work Experience")).toBe("work");
    expect(sectionKindOf("BERUFSERFAHRUNG")).toBe("work");
    expect(sectionKindOf("Licenses & Certifications:")).toBe("certificates");
    expect(sectionKindOf("Patents")).toBeUndefined();
  });

  it("scores short, set-apart lines and refuses sentences and bullets", () => {
    expect(headingScore(plainLine("EXPERIENCE", { emphasis: true, gapBefore: 1 }))).toBeGreaterThanOrEqual(
      0.5,
    );
    expect(headingScore(plainLine("Experience in building web apps."))).toBe(0);
    expect(headingScore(plainLine("- Skills"))).toBe(0);
    const style = { size: 1.3, emphasis: true, allCaps: false };
    expect(
      headingScore(plainLine("Invited Talks", { size: 1.3, emphasis: true }), 0, style),
    ).toBeGreaterThanOrEqual(0.5);
    expect(headingScore(plainLine("Invited Talks"), 0, style)).toBe(0);
  });
});

describe("ligatures, sniffing and text lines", () => {
  it("repairs unmapped ligature glyphs", () => {
    expect(repairLigatures("Certi\u0000cations")).toBe("Certifications");
    expect(repairLigatures("Pro\u0000les")).toBe("Profiles");
    expect(repairLigatures("StackOver\u0000ow")).toBe("StackOverflow");
    expect(repairLigatures("e\u0000cient")).toBe("efficient");
  });

  it("sniffs by content", () => {
    const text = (s: string) => new TextEncoder().encode(s);
    expect(sniffDocumentType(text("%PDF-1.7\n...")).kind).toBe("pdf");
    expect(sniffDocumentType(text('{"basics":{}}')).kind).toBe("json");
    expect(sniffDocumentType(text("Jane Doe\nEngineer"), { filename: "cv.md" })).toMatchObject({
      kind: "text",
      markdown: true,
    });
    const utf16 = new Uint8Array([
      0xff,
      0xfe,
      ...new Uint8Array(new Uint16Array([..."Jane Doe"].map((c) => c.charCodeAt(0))).buffer),
    ]);
    expect(sniffDocumentType(utf16)).toMatchObject({ kind: "text", markdown: false });
  });

  it("reads Markdown headings, bullets, tab stops and blank lines", () => {
    const lines = textToLines(
      "# Jane Doe\n\n## Experience\n\n**Acme** — Engineer\n- Built things\nAcme Corp      2019 – 2021\n",
      true,
    );
    expect(lines.map((l) => [l.text, l.headingLevel, l.bullet])).toEqual([
      ["Jane Doe", undefined, false],
      ["Experience", 2, false],
      ["Acme — Engineer", undefined, false],
      ["Built things", undefined, true],
      ["Acme Corp 2019 – 2021", undefined, false],
    ]);
    expect(lines[4]?.segments).toEqual(["Acme Corp", "2019 – 2021"]);
    expect(lines[2]?.gapBefore).toBe(1);
  });
});

describe("PDF layout", () => {
  it("drops a row of nothing but spaces instead of failing on it (found by fuzzing)", () => {
    const item = (text: string, y: number, x = 72) => ({
      text,
      x,
      y,
      width: text.length * 5,
      size: 10,
      font: "f1",
    });
    const page = {
      number: 1,
      width: 612,
      height: 792,
      items: [
        item("Jane Roe", 700, 250),
        item("Engineer", 685, 255),
        item("   ", 670, 300),
        item("jane@example.com", 655, 240),
        item("Berlin", 640, 270),
        item("Experience", 600),
      ],
    };
    const lines = layoutPdfLines([page]);
    expect(lines.map((l) => l.text)).toEqual([
      "Jane Roe",
      "Engineer",
      "jane@example.com",
      "Berlin",
      "Experience",
    ]);
  });
});
