/**
 * Text measurement for layout, from the document's font chain.
 *
 * Widths come from the same memoized, ligature-free shaping pdfkit draws
 * with, so what the line breaker measures is what ends up on the page.
 */
import type { FontChain } from "../../fonts/font-chain.js";
import type { FontFace } from "../../fonts/font-files.js";
import { advanceWidth } from "../../fonts/font-set.js";
import { fontIndexFor } from "../../fonts/glyph-coverage.js";
import type { FontSlot, TextMeasurer } from "./boxes.js";

/** The name a face is registered under in the PDF document. */
export const fontName = (face: FontFace, slot: FontSlot) => (slot === 0 ? face : `f${slot}-${face}`);

/** A measurer for a document's font chain. */
export function createMeasurer(chain: FontChain, options: { singleSlot: boolean }): TextMeasurer {
  const slots = new Map<number, FontSlot>();
  const family = chain.slots[0]!;
  return {
    width(text, face, size, slot) {
      const font = chain.slots[slot]![face];
      return (advanceWidth(font, text) * size) / font.unitsPerEm;
    },
    singleSlot: options.singleSlot,
    slotFor(codePoint) {
      let slot = slots.get(codePoint);
      if (slot === undefined) {
        slot = Math.max(0, fontIndexFor(codePoint, chain.regular));
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
