import { readFile } from "node:fs/promises";
import pixelmatch from "pixelmatch";
import type { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { TEMPLATE_IDS } from "../../../src/resume/settings.js";
import {
  decodePng,
  EXAMPLES,
  type ExampleId,
  exampleGoldenPath,
  GOLDEN_DPI,
  goldenPath,
  rasterizeFirstPage,
  renderSample,
} from "./golden/rasterize.js";

/** Share of pixels allowed to differ (anti-aliasing and poppler version noise), after pixelmatch's own threshold. */
const TOLERANCE = 0.005;

describe("golden images (page 1 of the JSON Resume sample)", () => {
  it.each(TEMPLATE_IDS.flatMap((t) => [[t, "A4"] as const, [t, "Letter"] as const]))(
    "%s (%s) matches its reference image",
    async (template, pageSize) => {
      const actual = decodePng(await rasterizeFirstPage(await renderSample(template, pageSize), GOLDEN_DPI));
      const expected = decodePng(await readFile(goldenPath(template, pageSize)));
      expect([actual.width, actual.height]).toEqual([expected.width, expected.height]);
      const differing = pixelmatch(actual.data, expected.data, null, actual.width, actual.height, {
        threshold: 0.1,
      });
      const share = differing / (actual.width * actual.height);
      expect(
        share,
        `${differing} pixels differ; if the change is intended run test/resume/render/golden/update-golden.ts`,
      ).toBeLessThanOrEqual(TOLERANCE);
    },
  );

  it.each(Object.keys(EXAMPLES) as ExampleId[])("%s matches its reference image", async (id) => {
    const actual = decodePng(await rasterizeFirstPage(await EXAMPLES[id](), GOLDEN_DPI));
    const expected = decodePng(await readFile(exampleGoldenPath(id)));
    expect([actual.width, actual.height]).toEqual([expected.width, expected.height]);
    const differing = pixelmatch(actual.data, expected.data, null, actual.width, actual.height, {
      threshold: 0.1,
    });
    expect(differing / (actual.width * actual.height)).toBeLessThanOrEqual(TOLERANCE);
  });

  it("templates differ in structure, not only in colour: their ink maps differ pairwise", async () => {
    // Ink = a dark pixel whatever its hue; two templates that only recolour one layout share an ink map.
    const ink = (png: PNG) => {
      const out = new Uint8Array(png.width * png.height);
      for (let i = 0; i < out.length; i++) {
        const [r, g, b] = [png.data[i * 4]!, png.data[i * 4 + 1]!, png.data[i * 4 + 2]!];
        out[i] = 0.299 * r + 0.587 * g + 0.114 * b < 160 ? 1 : 0;
      }
      return out;
    };
    const maps = new Map<string, Uint8Array>();
    for (const t of TEMPLATE_IDS) maps.set(t, ink(decodePng(await readFile(goldenPath(t)))));
    for (const [i, a] of TEMPLATE_IDS.entries()) {
      for (const b of TEMPLATE_IDS.slice(i + 1)) {
        const x = maps.get(a)!;
        const y = maps.get(b)!;
        let differ = 0;
        for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) differ++;
        expect(differ / x.length, `${a} vs ${b}`).toBeGreaterThan(0.02);
      }
    }
  });
});
