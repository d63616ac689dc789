import { readFile } from "node:fs/promises";
import pixelmatch from "pixelmatch";
import { describe, expect, it } from "vitest";
import { TEMPLATE_IDS } from "../../../src/resume/settings.js";
import { decodePng, GOLDEN_DPI, goldenPath, rasterizeFirstPage, renderSample } from "./golden/rasterize.js";

/** Share of pixels allowed to differ (anti-aliasing and poppler version noise), after pixelmatch's own threshold. */
const TOLERANCE = 0.005;

describe("golden images (page 1 of the JSON Resume sample)", () => {
  it.each(TEMPLATE_IDS)("%s matches its reference image", async (template) => {
    const actual = decodePng(await rasterizeFirstPage(await renderSample(template), GOLDEN_DPI));
    const expected = decodePng(await readFile(goldenPath(template)));
    expect([actual.width, actual.height]).toEqual([expected.width, expected.height]);
    const differing = pixelmatch(actual.data, expected.data, null, actual.width, actual.height, {
      threshold: 0.1,
    });
    const share = differing / (actual.width * actual.height);
    expect(
      share,
      `${differing} pixels differ; if the change is intended run test/resume/render/golden/update-golden.ts`,
    ).toBeLessThanOrEqual(TOLERANCE);
  });
});
