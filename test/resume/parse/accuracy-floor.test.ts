import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { listEvalDocuments, runEvaluation } from "../../../src/resume/parse/evaluation/run-evaluation.js";
import { metrics, overall } from "../../../src/resume/parse/evaluation/score.js";

const corpusDir = fileURLToPath(new URL("../../../../shared/corpus", import.meta.url));
const fixturesDir = fileURLToPath(new URL("../../fixtures/parse", import.meta.url));

// Floors sit just under the values measured by `npm run eval:parse`; raise them when the parser improves.
const FLOORS: Record<string, number> = {
  overall: 0.99,
  name: 0.98,
  email: 0.98,
  phone: 0.98,
  location: 0.97,
  "work.company": 0.98,
  "work.position": 0.98,
  "work.start": 0.98,
  "work.end": 0.98,
  "education.institution": 0.97,
  "education.degree": 0.97,
  skills: 0.98,
};

describe.skipIf(!existsSync(corpusDir))("parse accuracy floor", () => {
  it("stays at or above the measured F1 per field", async () => {
    const result = await runEvaluation(listEvalDocuments({ corpusDir, fixturesDir }));
    expect(result.documents.length).toBeGreaterThanOrEqual(21);
    const f1 = (field: string) =>
      metrics(field === "overall" ? overall(result.scores) : result.scores[field]!).f1;
    const below = Object.entries(FLOORS)
      .filter(([field, floor]) => f1(field) < floor)
      .map(([field, floor]) => `${field}: ${f1(field).toFixed(3)} < ${floor}`);
    expect(below).toEqual([]);
  });
});
