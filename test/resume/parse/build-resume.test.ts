import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MODEL_LIMITS } from "../../../src/resume/model.js";
import { parseClamped } from "../../../src/resume/parse/build-resume.js";
import { DEFAULT_PARSE_LIMITS } from "../../../src/resume/parse/limits.js";
import { parseBytes } from "../../../src/resume/parse/parse-bytes.js";

const realWorld = fileURLToPath(new URL("../../../../shared/corpus/real-world/", import.meta.url));
const parse = (text: string, filename = "cv.txt") =>
  parseBytes({ bytes: new TextEncoder().encode(text), filename }, DEFAULT_PARSE_LIMITS, {
    now: new Date("2026-01-01T00:00:00Z"),
  });

describe("sections that came out empty", () => {
  it("flags a heading whose section has no entries, with the heading's source line", async () => {
    const text = [
      "Jane Roe",
      "jane@example.com",
      "",
      "Experience",
      "",
      "Education",
      "University of Somewhere — BSc Computer Science",
      "2015 – 2019",
      "",
      "Skills",
      "Go, SQL",
    ].join("\n");
    const { resume } = await parse(text);
    expect(resume.education.length).toBeGreaterThan(0);
    expect(resume.work).toEqual([]);
    expect(resume.meta.empty_sections).toEqual([
      { section: "work", heading: "Experience", source: { line: 3 } },
    ]);
  });

  it("flags nothing when every heading's section holds something", async () => {
    const text = [
      "Jane Roe",
      "",
      "Experience",
      "Acme Corp — Engineer",
      "2019 – 2021",
      "",
      "Skills",
      "Go, SQL",
    ].join("\n");
    const { resume } = await parse(text);
    expect(resume.work.length).toBe(1);
    expect(resume.meta.empty_sections).toBeUndefined();
  });

  it("does not flag a references heading standing alone (references on request)", async () => {
    const text = ["Jane Roe", "", "Skills", "Go, SQL", "", "References"].join("\n");
    const { resume } = await parse(text);
    expect(resume.meta.empty_sections).toBeUndefined();
  });

  it.skipIf(!existsSync(realWorld))(
    "flags the awards a real CV's awards heading lost (PDF box of the heading)",
    async () => {
      const file = `${realWorld}jsonresume-caffeine.pdf`;
      const { resume } = await parseBytes(
        { bytes: new Uint8Array(readFileSync(file)), filename: "caffeine.pdf" },
        DEFAULT_PARSE_LIMITS,
        { now: new Date("2026-01-01T00:00:00Z") },
      );
      const awards = resume.meta.empty_sections?.find((e) => e.section === "awards");
      expect(resume.awards).toEqual([]);
      expect(awards).toMatchObject({ heading: "AWARDS", source: { page: 2 } });
    },
  );
});

describe("icon glyphs", () => {
  it("are dropped at parse time from text and DOCX sources too: no field holds a private-use character", async () => {
    // Font Awesome's envelope, phone and map-marker code points, as icon fonts put them in a Word CV.
    const text = [
      "Jane Roe",
      "\uF0E0 jane@example.com \uF095 +1 555 010 9999",
      "\uF041 Berlin, Germany",
      "",
      "Experience",
      "\uF0B1",
      "Acme Corp — Engineer",
      "2019 – 2021",
      "- Built things 🚀",
    ].join("\n");
    const { resume } = await parse(text);
    const all = JSON.stringify({ ...resume, meta: { unplaced: resume.meta.unplaced } });
    expect(all).not.toMatch(/[\uE000-\uF8FF]|\p{Extended_Pictographic}/u);
    expect(resume.basics.email).toBe("jane@example.com");
    expect(resume.work).toHaveLength(1);
    // A line of nothing but an icon is no entry ("z"-titled jobs came from such lines).
    expect(resume.work[0]!.name).toBe("Acme Corp");
  });
});

describe("German compounds in an entry line", () => {
  it("tells the employer from the title when both are compounds the lexicon only knows the ends of", async () => {
    const text = [
      "Anna Schneider",
      "anna@example.de",
      "",
      "Berufserfahrung",
      "Pflegefachkraft Intensivstation, Universitätsklinikum Köln — 2018 – heute",
      "- Intensivpflege von beatmeten Patienten",
      "Stadtwerke Bielefeld, Elektroniktechnikerin — 2014 – 2018",
      "- Wartung der Netzleittechnik",
    ].join("\n");
    const { resume } = await parse(text);
    expect(resume.work.map((w) => [w.name, w.positions[0]?.title])).toEqual([
      ["Universitätsklinikum Köln", "Pflegefachkraft Intensivstation"],
      ["Stadtwerke Bielefeld", "Elektroniktechnikerin"],
    ]);
  });
});

describe("parseClamped", () => {
  it("returns a resume that fits as it is, and cuts what passes a cap without touching its input", () => {
    const fits = { basics: { name: "Ada Lovelace" }, skills: [{ name: "Math", keywords: ["Analysis"] }] };
    expect(parseClamped(fits).basics.name).toBe("Ada Lovelace");

    const input = {
      basics: { name: "N".repeat(MODEL_LIMITS.shortText + 40) },
      work: [
        {
          name: "Acme",
          positions: [
            { title: "Engineer", highlights: Array.from({ length: MODEL_LIMITS.highlights + 5 }, () => "x") },
          ],
        },
      ],
    };
    const resume = parseClamped(input);
    expect(resume.basics.name).toHaveLength(MODEL_LIMITS.shortText);
    expect(resume.work[0]!.positions[0]!.highlights).toHaveLength(MODEL_LIMITS.highlights);
    // The caller's input is left as it was.
    expect(input.basics.name).toHaveLength(MODEL_LIMITS.shortText + 40);
    expect(input.work[0]!.positions[0]!.highlights).toHaveLength(MODEL_LIMITS.highlights + 5);
  });
});
