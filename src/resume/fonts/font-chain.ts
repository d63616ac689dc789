/**
 * The fonts one document draws with, in order: the chosen family, the symbol
 * font, Noto Sans CJK (only when the text has CJK characters), and the
 * configured fallback. Each character is drawn by the first font that has it.
 */
import type { FontId } from "../settings.js";
import { CJK_FACES, type CjkLanguage } from "./font-files.js";
import type { FaceFonts, Font, FontSet } from "./font-set.js";

export type FontChain = Readonly<{
  /** Slot 0 is the family; the rest are fallbacks. */
  slots: readonly FaceFonts[];
  /** The regular face of every slot, for coverage checks. */
  regular: readonly Font[];
  /** The CJK face in use, if any (DOCX and HTML name it). */
  cjk: CjkLanguage | undefined;
}>;

const HAN_OR_KANA =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFFEF]/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;

/** Which CJK face suits the text: the document language when it is one, else what the characters say. */
export function cjkLanguageFor(texts: readonly string[], language: string): CjkLanguage | undefined {
  if (!texts.some((t) => HAN_OR_KANA.test(t))) return undefined;
  if (language in CJK_FACES) return language as CjkLanguage;
  if (texts.some((t) => KANA.test(t))) return "ja";
  if (texts.some((t) => HANGUL.test(t))) return "ko";
  return "zh";
}

/** The chain for a document in `family` whose strings are `texts`, written in `language`. */
export function fontChainFor(
  fonts: FontSet,
  family: FontId,
  texts: readonly string[],
  language: string,
): FontChain {
  const cjk = cjkLanguageFor(texts, language);
  const slots: FaceFonts[] = [fonts.family(family), fonts.symbols()];
  const cjkFonts = cjk ? fonts.cjk(cjk) : undefined;
  if (cjkFonts) slots.push(cjkFonts);
  if (fonts.fallback) {
    const f = fonts.fallback;
    slots.push({ regular: f, bold: f, italic: f, boldItalic: f });
  }
  return { slots, regular: slots.map((s) => s.regular), cjk: cjkFonts ? cjk : undefined };
}
