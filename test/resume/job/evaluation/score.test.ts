import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzePosting } from "../../../../src/resume/job/analyze-posting.js";
import { runTailorEval } from "../../../../src/resume/job/evaluation/run-tailor-eval.js";
import { prf, scoreGuard, scorePosting, skillKey } from "../../../../src/resume/job/evaluation/score.js";

describe("tailor eval scoring", () => {
  it("compares skills by meaning and requirements by fragment", () => {
    const analysis = analyzePosting("Requirements:\n- K8s and Postgres\n- Nice to have: Figma");
    const score = scorePosting(analysis, {
      language: "en",
      industry: "x",
      title: null,
      company: null,
      location: null,
      skills: ["Kubernetes", "PostgreSQL", "Terraform"],
      requirements: [
        ["K8s and Postgres", "must"],
        ["Figma", "nice"],
        ["Terraform", "must"],
      ],
    });
    expect(score.skills).toEqual({ tp: 2, fp: 1, fn: 1 });
    expect(score.requirements).toEqual({ tp: 2, fp: 0, fn: 1 });
    expect(score.kindsRight).toBe(2);
    expect(skillKey("k8s")).toBe("kubernetes");
    expect(skillKey("Dagster")).toBe("dagster");
  });

  it("computes precision and recall, with rejection as the positive class for guards", () => {
    expect(prf({ tp: 3, fp: 1, fn: 3 })).toMatchObject({ precision: 0.75, recall: 0.5 });
    expect(
      scoreGuard([
        { label: "fabrication", rejected: true },
        { label: "legit", rejected: true },
        { label: "fabrication", rejected: false },
        { label: "legit", rejected: false },
      ]),
    ).toEqual({ tp: 1, fp: 1, fn: 1, tn: 1 });
  });

  it("runs the shipped eval set: ≥ 20 postings in 4 languages and ≥ 100 guard cases", async () => {
    const result = await runTailorEval(resolve(import.meta.dirname, "../../../../eval/tailor"));
    expect(result.postings.length).toBeGreaterThanOrEqual(20);
    expect(Object.keys(result.byLanguage).sort()).toEqual(["de", "en", "es", "fr"]);
    expect(result.guard.cases).toBeGreaterThanOrEqual(100);
  }, 60_000);
});
