import { describe, expect, it } from "vitest";
import { analyzePosting } from "../../../src/resume/job/analyze-posting.js";
import { cvFields, experienceYears, fitReport } from "../../../src/resume/job/fit-report.js";
import { type ResumeInput, resumeSchema } from "../../../src/resume/model.js";

const resume = (input: ResumeInput) => resumeSchema.parse(input);

const mlCv = resume({
  basics: {
    name: "Ada Park",
    email: "ada@example.com",
    phone: "+1 555 0100",
    summary: "ML engineer serving models at scale.",
  },
  work: [
    {
      name: "Nimbus Labs",
      positions: [
        {
          title: "ML Engineer",
          dates: { text: "2019 – present", start: "2019-01", current: true },
          highlights: [
            "Served PyTorch models with Triton on EKS for 40M daily requests",
            "Built Python feature pipelines in Airflow",
          ],
        },
      ],
    },
  ],
  skills: [{ name: "Languages", keywords: ["Python", "Go"] }],
});

const posting = `Senior ML Engineer
Requirements:
- 5+ years of experience
- Model serving on Kubernetes
- Python or Rust
- Experience with model quantization
Nice to have:
- Familiarity with Terraform`;

describe("fitReport", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  const report = fitReport(mlCv, analyzePosting(posting), { now });

  it("points every met requirement at the CV text that covers it", () => {
    const byText = new Map(report.requirements.map((r) => [r.text, r]));
    expect(byText.get("Model serving on Kubernetes")).toMatchObject({
      status: "met",
      evidence: expect.arrayContaining([
        {
          path: "work.0.positions.0.highlights.0",
          text: "Served PyTorch models with Triton on EKS for 40M daily requests",
          skill: "Model serving",
        },
      ]),
    });
    expect(byText.get("Python or Rust")?.status).toBe("met");
    expect(byText.get("5+ years of experience")?.status).toBe("met");
  });

  it("says plainly when nothing in the CV covers a requirement", () => {
    const q = report.requirements.find((r) => r.text.includes("quantization"));
    expect(q).toMatchObject({ status: "missing", evidence: [], missing_skills: ["Model quantization"] });
    expect(report.missing_skills).toEqual(expect.arrayContaining(["Model quantization", "Terraform"]));
  });

  it("weighs must-haves twice nice-to-haves", () => {
    // Must: years met, serving met, python met, quantization missing (2+2+2+0 of 8); nice: terraform missing (0 of 1).
    expect(report.score).toBe(Math.round((6 / 9) * 100) / 100);
  });

  it("never uses contact details as evidence", () => {
    expect(cvFields(mlCv).some((f) => /email|phone/.test(f.path))).toBe(false);
  });

  it("notices an empty Experience section", () => {
    const empty = resume({ basics: { name: "B" }, skills: [{ name: "x", keywords: ["Python"] }] });
    expect(fitReport(empty, analyzePosting(posting)).warnings).toContain("empty_experience");
    expect(report.warnings).not.toContain("empty_experience");
  });

  it("counts overlapping positions once", () => {
    const cv = resume({
      work: [
        { name: "A", positions: [{ title: "x", dates: { text: "", start: "2010-01", end: "2014-01" } }] },
        { name: "B", positions: [{ title: "y", dates: { text: "", start: "2012-01", end: "2016-01" } }] },
      ],
    });
    expect(experienceYears(cv, now)).toBe(6);
  });
});
