import { describe, expect, it } from "vitest";
import { orderedLanguages } from "../../src/components/export-languages.js";

describe("orderedLanguages", () => {
  it("puts the CV's own language first, then the translations in their order", () => {
    expect(orderedLanguages("en", ["de", "fr"], new Set(["fr", "en", "de"]))).toEqual(["en", "de", "fr"]);
  });

  it("keeps only the chosen languages, and none when none is chosen", () => {
    expect(orderedLanguages("en", ["de", "fr"], new Set(["de"]))).toEqual(["de"]);
    expect(orderedLanguages("en", ["de"], new Set())).toEqual([]);
    expect(orderedLanguages("en", ["de"], new Set(["pl"]))).toEqual([]);
  });
});
