/**
 * Repairs ligature glyphs that a PDF maps to no character (pdf.js reports
 * them as U+0000 when the font has no ToUnicode entry for them).
 *
 * The glyph is one of fi, fl, ff, ffi, ffl; we pick the one that turns the
 * word into a known word stem, and fall back to "fi", the most common one.
 */

// Two-letter ligatures first: a three-letter one would also match stems such as "flow" in "ffl·ow".
const CANDIDATES = ["fi", "fl", "ff", "ffi", "ffl"] as const;

// Word stems common in resumes, each containing a ligature pair.
const STEMS = [
  "certifi",
  "profil",
  "specifi",
  "effici",
  "offic",
  "officer",
  "diffic",
  "traffic",
  "suffici",
  "affili",
  "qualifi",
  "verifi",
  "identifi",
  "classifi",
  "simplifi",
  "modifi",
  "notifi",
  "unifi",
  "scientifi",
  "benefi",
  "configur",
  "confiden",
  "defin",
  "final",
  "financ",
  "find",
  "first",
  "field",
  "file",
  "fire",
  "firm",
  "fix",
  "fit",
  "fiscal",
  "fidel",
  "figure",
  "fill",
  "filter",
  "profit",
  "proficien",
  "magnifi",
  "artifi",
  "amplifi",
  "workflow",
  "overflow",
  "flow",
  "fluen",
  "flex",
  "flight",
  "fleet",
  "flag",
  "flash",
  "flat",
  "float",
  "floor",
  "influen",
  "conflict",
  "reflect",
  "inflat",
  "afflu",
  "flutter",
  "effect",
  "effort",
  "offer",
  "offline",
  "offset",
  "offshore",
  "staff",
  "stuff",
  "differ",
  "affect",
  "afford",
  "buffer",
  "coffee",
  "suffer",
  "tariff",
  "sheriff",
  "jeff",
  "cliff",
  "sniff",
  "stiff",
  "shuffl",
  "baffl",
  "muffl",
  "raffl",
  "scaffold",
  "waffl",
  "ruffl",
];

function looksKnown(word: string): boolean {
  const lower = word.toLowerCase();
  return STEMS.some((stem) => lower.includes(stem));
}

const NUL = String.fromCharCode(0);
// biome-ignore lint/suspicious/noControlCharactersInRegex: pdf.js reports unmapped ligature glyphs as U+0000.
const LIGATURE_HOLE = /(?<!\p{L})(\p{L}*)\u0000+(\p{L}*)/gu;

/** Replaces U+0000 ligature placeholders inside words. */
export function repairLigatures(text: string): string {
  if (!text.includes(NUL)) return text;
  return text.replace(LIGATURE_HOLE, (_m, before: string, after: string) => {
    for (const candidate of CANDIDATES) {
      if (looksKnown(before + candidate + after)) return before + candidate + after;
    }
    return `${before}fi${after}`;
  });
}
