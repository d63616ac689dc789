import { describe, expect, it } from "vitest";
import { type ResumeInput, resumeSchema } from "../../../src/resume/model.js";
import { buildResume } from "../../../src/resume/parse/build-resume.js";
import { applyDoubts, DOUBT_CONFIDENCE, findDoubts } from "../../../src/resume/parse/doubts.js";
import { textToLines } from "../../../src/resume/parse/text.js";

const resume = (input: ResumeInput) => resumeSchema.parse(input);
const position = (
  title: string,
  dates: { text: string; start?: string; end?: string; current?: boolean },
) => ({
  title,
  dates,
});

describe("review signals", () => {
  it("doubts an employer whose positions overlap, not one whose positions follow each other", () => {
    const parsed = resume({
      work: [
        {
          name: "Acme",
          positions: [
            position("Senior Developer", { text: "Aug 2021 – Present", start: "2021-08", current: true }),
            position("Senior Developer", { text: "Aug 2021 – May 2023", start: "2021-08", end: "2023-05" }),
          ],
        },
        {
          name: "Globex",
          positions: [
            position("Lead", { text: "2021 – today", start: "2021", current: true }),
            position("Engineer", { text: "2019 – 2021", start: "2019", end: "2021" }),
            position("Intern", { text: "03/2018 – 04/2019", start: "2018-03", end: "2019-04" }),
          ],
        },
      ],
    });
    expect(findDoubts(parsed, "en")).toEqual([{ path: "work.0.name", reason: "overlapping_positions" }]);
  });

  it("doubts a numeric date whose day and month can swap, only where the language leaves the order open", () => {
    const parsed = resume({
      work: [
        {
          name: "Acme",
          positions: [
            position("Engineer", { text: "03/05/2021 – 01/01/2022", start: "2021-05", end: "2022-01" }),
            position("Intern", { text: "13/05/2020 – 01/01/2021", start: "2020-05", end: "2021-01" }),
          ],
        },
      ],
      education: [{ institution: "Uni", dates: { text: "01.02.2015", start: "2015-02" } }],
    });
    expect(findDoubts(parsed, "en")).toEqual([
      { path: "work.0.positions.0.dates", reason: "ambiguous_date" },
      { path: "education.0.dates", reason: "ambiguous_date" },
    ]);
    expect(findDoubts(parsed, undefined)).toHaveLength(2);
    // Portuguese and German write the day first: 03/05 is the 3rd of May.
    expect(findDoubts(parsed, "pt")).toEqual([]);
    expect(findDoubts(parsed, "de")).toEqual([]);
  });

  it("doubts a degree that runs on past its degree term, not one whose field of study reads as a phrase", () => {
    const parsed = resume({
      education: [
        { institution: "Stanford", studyType: "B.S COM PUTER SCIENCE" },
        { institution: "TU", studyType: "Master of Science Informatik" },
        { institution: "Sorbonne", studyType: "Master Management de projets numériques" },
        { institution: "NYU", studyType: "M.S. Data Science" },
        { institution: "MIT", studyType: "B.S. Computer Science Engineering", area: "" },
        { institution: "ETH", studyType: "BSc", area: "Computer Science and Engineering Systems" },
      ],
    });
    expect(findDoubts(parsed, "en")).toEqual([
      { path: "education.0.studyType", reason: "run_on_degree" },
      { path: "education.4.studyType", reason: "run_on_degree" },
    ]);
  });

  it("doubts a skill group whose items read as sentences, not one of short skill names", () => {
    const parsed = resume({
      skills: [
        { name: "", keywords: ["Expert-level knowledge of accounting", "Auditing", "Time management"] },
        { name: "", keywords: ["tempor invidunt ut labore et dolore magna", "sed diam voluptua. At"] },
        { name: "", keywords: ["Lorem ipsum dolor sit amet", "sed diam nonumy eirmod"] },
      ],
    });
    expect(findDoubts(parsed, "en")).toEqual([
      { path: "skills.1", reason: "prose_skills" },
      { path: "skills.2", reason: "prose_skills" },
    ]);
  });

  it("caps confidence under the review line and never raises it", () => {
    const confidence: Record<string, number> = { "work.0.name": 0.8, "skills.1": 0.4 };
    applyDoubts(confidence, [
      { path: "work.0.name", reason: "overlapping_positions" },
      { path: "skills.1", reason: "prose_skills" },
      { path: "education.0.dates", reason: "ambiguous_date" },
    ]);
    expect(confidence).toEqual({
      "work.0.name": DOUBT_CONFIDENCE,
      "skills.1": 0.4,
      "education.0.dates": DOUBT_CONFIDENCE,
    });
  });

  it("flags the employer of a parsed CV whose second employer line was not read", () => {
    const text = [
      "Jane Doe",
      "jane@example.com",
      "",
      "Experience",
      "",
      "Acme Corp",
      "Senior Developer          Aug 2021 – Present",
      "- Built the billing system.",
      "",
      "Senior Developer          Aug 2021 – May 2023",
      "- Ran the platform team.",
    ].join("\n");
    const { resume: parsed } = buildResume(textToLines(text, false), "text", new Date("2026-01-01"));
    expect(parsed.work.map((w) => w.positions.length)).toEqual([2]);
    expect(parsed.meta.confidence["work.0.name"]).toBe(DOUBT_CONFIDENCE);
  });
});
