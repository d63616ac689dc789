import { describe, expect, it } from "vitest";
import type { CoverLetter } from "../../../../src/resume/cover-letter/cover-letter.js";
import { scoreLetter, summarizeLetters } from "../../../../src/resume/job/evaluation/letter-score.js";

const letter = (evidence: string[], intro: string): CoverLetter => ({
  greeting: "Dear hiring team,",
  paragraphs: [intro, evidence.map((e) => `– ${e}.`).join("\n")],
  closing: "Kind regards,\nAda Park",
  source: "template",
  evidence: evidence.map((text, i) => ({ path: `work.0.positions.0.highlights.${i}`, text })),
});

const labels = {
  title: "Senior ML Engineer",
  company: "Acme AI",
  current: "ML Engineer",
  relevant: ["Triton on Kubernetes", "Python feature pipelines", "with Docker"],
};

describe("scoreLetter", () => {
  it("counts quoted achievements against the labelled fragments, ignoring case and spacing", () => {
    const s = scoreLetter(
      letter(
        ["Served models with Triton on  kubernetes", "Organised the book club"],
        "I am applying for the Senior ML Engineer position at Acme AI. In my current role as ML Engineer, …",
      ),
      labels,
      [],
    );
    expect(s).toMatchObject({ company: true, role: true, currentRole: true, grounded: false });
    // One relevant quote, one irrelevant; two of the three relevant fragments were left out.
    expect(s.achievements).toEqual({ tp: 1, fp: 1, fn: 2 });
  });

  it("finds a wrong company, role or current role, and a pair with nothing relevant quoting nothing is grounded", () => {
    const s = scoreLetter(
      letter([], "I am applying for the Engineer position at Acme. In my current role as Nimbus Labs, …"),
      { ...labels, relevant: [] },
      ["name:Google"],
    );
    expect(s).toMatchObject({ company: false, role: false, currentRole: false, grounded: true });
    expect(s.achievements).toEqual({ tp: 0, fp: 0, fn: 0 });
    const summary = summarizeLetters([
      s,
      scoreLetter(letter([], "Acme AI Senior ML Engineer"), { ...labels, current: null, relevant: [] }, []),
    ]);
    expect(summary).toMatchObject({
      letters: 2,
      company: 0.5,
      role: 0.5,
      currentRole: 0,
      withCurrentRole: 1,
      withoutInventions: 0.5,
    });
  });

  it("counts recall only up to the number of achievements a letter quotes", () => {
    const s = scoreLetter(letter(["Triton on Kubernetes"], "Senior ML Engineer at Acme AI"), labels, [], 1);
    expect(s.achievements).toEqual({ tp: 1, fp: 0, fn: 0 });
  });
});
