/**
 * WCAG 2.x contrast for the accent colour a user picks.
 *
 * The accent draws the name, headings and links on the white page and fills
 * bands that carry white text, so it needs the 4.5:1 ratio of normal-size
 * text against white. A colour short of that is darkened (same hue) until it
 * passes, and the export screen shows the colour actually used.
 */

/** WCAG AA for normal text. */
export const MIN_ACCENT_CONTRAST = 4.5;

function channels(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const toHex = (rgb: readonly number[]) =>
  `#${rgb
    .map((c) =>
      Math.round(Math.max(0, Math.min(255, c)))
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;

/** Relative luminance of `#rrggbb` (WCAG definition). */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio between two colours, 1..21. */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

export type AccentCheck = {
  /** The colour asked for. */
  requested: string;
  /** The colour drawn: `requested`, or the darkened colour that reaches the minimum. */
  used: string;
  ratio: number;
  adjusted: boolean;
};

/**
 * Check `accent` against the page colour and darken it until it reaches `min`.
 *
 * @example checkAccentContrast("#ffcc00").used // "#7a6200" (darker, same hue)
 */
export function checkAccentContrast(
  accent: string,
  page = "#ffffff",
  min = MIN_ACCENT_CONTRAST,
): AccentCheck {
  const requested = accent.toLowerCase();
  const ratio = contrastRatio(requested, page);
  if (ratio >= min) return { requested, used: requested, ratio, adjusted: false };
  const rgb = channels(requested);
  // Scale towards black: hue is kept, and the ratio grows monotonically as the factor falls.
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 20; i++) {
    const mid = (lo + hi) / 2;
    if (contrastRatio(toHex(rgb.map((c) => c * mid)), page) >= min) lo = mid;
    else hi = mid;
  }
  const used = toHex(rgb.map((c) => c * lo));
  return { requested, used, ratio: contrastRatio(used, page), adjusted: true };
}
