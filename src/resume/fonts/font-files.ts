/**
 * Where the font files live.
 *
 * The families come from npm packages (`@expo-google-fonts/*`, SIL Open Font
 * License 1.1) so they install with the application and need no system
 * fonts; they cover Latin, Greek (not Lato, Source Sans 3 partly) and
 * Cyrillic. Symbols people paste (○ ● ★ ✓ ♀ ♂ arrows) come from DejaVu Sans
 * (npm `dejavu-fonts-ttf`, a free licence). Chinese and Japanese come from
 * Noto Sans CJK, installed by the image and CI from Debian's `fonts-noto-cjk`.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import type { FontId } from "../settings.js";

/** The four faces a template uses. */
export const FONT_FACES = ["regular", "bold", "italic", "boldItalic"] as const;
export type FontFace = (typeof FONT_FACES)[number];

const require = createRequire(import.meta.url);

const FILES: Record<FontId, { pkg: string; prefix: string }> = {
  sans: { pkg: "@expo-google-fonts/noto-sans", prefix: "NotoSans" },
  serif: { pkg: "@expo-google-fonts/noto-serif", prefix: "NotoSerif" },
  mono: { pkg: "@expo-google-fonts/jetbrains-mono", prefix: "JetBrainsMono" },
  inter: { pkg: "@expo-google-fonts/inter", prefix: "Inter" },
  "source-sans": { pkg: "@expo-google-fonts/source-sans-3", prefix: "SourceSans3" },
  lato: { pkg: "@expo-google-fonts/lato", prefix: "Lato" },
  "eb-garamond": { pkg: "@expo-google-fonts/eb-garamond", prefix: "EBGaramond" },
};

const FACE_DIRS: Record<FontFace, string> = {
  regular: "400Regular",
  bold: "700Bold",
  italic: "400Regular_Italic",
  boldItalic: "700Bold_Italic",
};

/** Absolute path of one bundled face, resolved through the package so it works from any cwd. */
export function bundledFontPath(family: FontId, face: FontFace): string {
  const { pkg, prefix } = FILES[family];
  const dir = FACE_DIRS[face];
  return require.resolve(`${pkg}/${dir}/${prefix}_${dir}.ttf`);
}

const SYMBOL_FILES: Record<FontFace, string> = {
  regular: "DejaVuSans.ttf",
  bold: "DejaVuSans-Bold.ttf",
  italic: "DejaVuSans-Oblique.ttf",
  boldItalic: "DejaVuSans-BoldOblique.ttf",
};

/** The symbol fallback face (DejaVu Sans). */
export function symbolFontPath(face: FontFace): string {
  return require.resolve(`dejavu-fonts-ttf/ttf/${SYMBOL_FILES[face]}`);
}

/** Where Debian's `fonts-noto-cjk` puts the sans collections (regular, bold). */
const CJK_DIRS = [
  "/usr/share/fonts/opentype/noto",
  "/usr/share/fonts/noto-cjk",
  "/usr/share/fonts/opentype/noto-cjk",
];

/** The Noto Sans CJK collection for `weight`, or undefined when the package is not installed. */
export function cjkFontPath(
  weight: "Regular" | "Bold",
  dirs: readonly string[] = CJK_DIRS,
): string | undefined {
  for (const dir of dirs) {
    const path = `${dir}/NotoSansCJK-${weight}.ttc`;
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** Which face of the collection draws a language: Chinese and Japanese shape Han characters differently. */
export const CJK_FACES = { zh: "sc", ja: "jp", ko: "kr" } as const;
export type CjkLanguage = keyof typeof CJK_FACES;

/** The family names written into DOCX and HTML (the reader's installed fonts render them). */
export const FONT_FAMILY_NAMES: Record<FontId, string> = {
  sans: "Noto Sans",
  serif: "Noto Serif",
  mono: "JetBrains Mono",
  inter: "Inter",
  "source-sans": "Source Sans 3",
  lato: "Lato",
  "eb-garamond": "EB Garamond",
};

/** A generic CSS family and a widely installed font that a reader without the family falls back to. */
export const FONT_FALLBACKS: Record<FontId, { generic: string; safe: string }> = {
  sans: { generic: "sans-serif", safe: "Arial" },
  serif: { generic: "serif", safe: "Georgia" },
  mono: { generic: "monospace", safe: "Consolas" },
  inter: { generic: "sans-serif", safe: "Arial" },
  "source-sans": { generic: "sans-serif", safe: "Arial" },
  lato: { generic: "sans-serif", safe: "Arial" },
  "eb-garamond": { generic: "serif", safe: "Garamond" },
};
