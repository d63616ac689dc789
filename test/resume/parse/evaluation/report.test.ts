import { describe, expect, it } from "vitest";
import { resumeSchema } from "../../../../src/resume/model.js";
import { checkResume, type RealWorldTruth } from "../../../../src/resume/parse/evaluation/real-world.js";
import { calibration } from "../../../../src/resume/parse/evaluation/report.js";

const truth: RealWorldTruth = {
  name: "Ada Lovelace",
  email: "ada@example.com",
  phone: null,
  location: null,
  work: [
    { company: "Analytical Engines", position: "Programmer", start: "1842-01", end: null },
    { company: "Babbage & Co", position: "Analyst", start: "1843-01", end: null },
  ],
  education: [],
  skills: ["Mathematics"],
  file: "ada.pdf",
  lang: "en",
  generator: "test",
};

describe("confidence calibration", () => {
  it("counts wrong and right fields by flag, and missed fields left empty in a flagged entry", () => {
    const resume = resumeSchema.parse({
      basics: { name: "Ada Lovelace", email: "ada@example.org" },
      work: [
        { name: "Analytical Engines", positions: [{ title: "Programmer", dates: { text: "" } }] },
        {
          name: "Babbage & Co",
          positions: [{ title: "Analyst", dates: { text: "1843", start: "1843-01" } }],
        },
      ],
      skills: [{ name: "", keywords: ["Mathematics"] }],
    });
    const checks = checkResume(resume, truth);
    // A paired entry's empty field keeps its path; nothing is parsed there.
    expect(checks.find((c) => c.field === "start" && !c.ok)).toMatchObject({
      predicted: "",
      path: "work.0.positions.0.dates",
    });
    const confidence = {
      "basics.name": 0.9,
      "basics.email": 0.6, // flagged, and wrong
      "work.0.name": 0.8,
      "work.0.positions.0.title": 0.8,
      "work.0.positions.0.dates": 0.3, // empty and flagged
      "work.1.name": 0.6, // flagged, but right
      "work.1.positions.0.title": 0.8,
      "work.1.positions.0.dates": 0.9,
      "skills.0": 0.9,
    };
    const result = calibration([{ file: "ada.pdf", lang: "en", checks, warnings: [], confidence }]);
    expect(result.flagged).toEqual({ right: 1, total: 2 });
    expect(result.unflagged).toEqual({ right: 6, total: 6 });
    expect(result.missing).toEqual({ right: 0, total: 1 });
    expect(result.missingFlagged).toBe(1);
  });
});
