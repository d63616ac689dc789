/**
 * Where the bundled font files live.
 *
 * The fonts come from npm packages (`@expo-google-fonts/*`, SIL Open Font
 * License 1.1) so they install with the application and need no system fonts.
 * Noto Sans and Noto Serif cover Latin, Greek and Cyrillic; JetBrains Mono
 * covers the same scripts for the monospaced choice. CJK and other scripts
 * come from the configured fallback font (`RENDER_FALLBACK_FONT`).
 */
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

/** The font family names written into DOCX files (the reader's installed fonts render them). */
export const DOCX_FONT_NAMES: Record<FontId, string> = {
  sans: "Noto Sans",
  serif: "Noto Serif",
  mono: "JetBrains Mono",
};
