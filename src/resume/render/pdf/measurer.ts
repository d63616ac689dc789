/**
 * Text measurement for layout, from the shared font set.
 *
 * Widths come from the same memoized, ligature-free shaping pdfkit draws
 * with, so what the line breaker measures is what ends up on the page.
 */
import type { FontFace } from "../../fonts/font-files.js";
import { advanceWidth, type FontSet } from "../../fonts/font-set.js";
import { fontIndexFor } from "../../fonts/glyph-coverage.js";
import type { ExportSettings } from "../../settings.js";
import type { FontSlot, TextMeasurer } from "./boxes.js";

/** The name a face is registered under in the PDF document. */
export const fontName = (face: FontFace, slot: FontSlot) => (slot === 0 ? face : `fallback-${face}`);

/** A measurer for the settings' font family (and the fallback font, if any). */
export function createMeasurer(fonts: FontSet, settings: ExportSettings): TextMeasurer {
  const family = fonts.families[settings.font];
  const chain = fonts.fallback ? [family.regular, fonts.fallback] : [family.regular];
  const slots = new Map<number, FontSlot>();
  const unitsPerEm = family.regular.unitsPerEm;
  const fallbackUnitsPerEm = fonts.fallback?.unitsPerEm ?? unitsPerEm;
  return {
    width(text, face, size, slot) {
      const font = slot === 0 ? family[face] : fonts.fallback!;
      return (advanceWidth(font, text) * size) / (slot === 0 ? unitsPerEm : fallbackUnitsPerEm);
    },
    singleSlot: !fonts.fallback,
    slotFor(codePoint) {
      let slot = slots.get(codePoint);
      if (slot === undefined) {
        slot = fontIndexFor(codePoint, chain) === 1 ? 1 : 0;
        slots.set(codePoint, slot);
      }
      return slot;
    },
    metrics(face, size) {
      const font = family[face];
      const scale = size / font.unitsPerEm;
      return { ascender: font.ascent * scale, descender: font.descent * scale };
    },
  };
}
