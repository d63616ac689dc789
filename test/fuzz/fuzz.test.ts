/**
 * The fuzz targets on a short budget, on every CI run (`npm run fuzz` runs
 * them longer). A failure names the seed and path to replay with
 * `npm run fuzz -- --seed S --only NAME`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTargets } from "../../fuzz/targets.js";
import { createDocumentParser } from "../../src/resume/parse/index.js";

const SECONDS_PER_TARGET = Number(process.env.FUZZ_SECONDS ?? 4);

describe("fuzz targets", () => {
  const parser = createDocumentParser({ limits: { timeoutMs: 10_000 } });
  afterAll(() => parser.close());
  // The parse thread starts once before the clock runs: a cold start on a loaded machine could use up a
  // target's whole budget before its first input.
  beforeAll(async () => {
    await parser.parse({
      bytes: new TextEncoder().encode("Jane Doe\njane@example.com\n"),
      filename: "cv.txt",
    });
  }, 60_000);

  it("every input ends in a result or a typed error within its budget", { timeout: 120_000 }, async () => {
    const results = await runTargets(parser, SECONDS_PER_TARGET, { slowIsFinding: false });
    for (const r of results) {
      expect(r.failure, r.name).toBeUndefined();
      expect(r.runs, r.name).toBeGreaterThan(0);
    }
  });
});
