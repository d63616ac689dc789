/**
 * The design a document is drawn with: the template's definition with the
 * export settings' design controls applied (font, accent colour, base size,
 * line spacing, margins). Every renderer reads this one resolved definition,
 * so PDF, DOCX and HTML agree on the numbers.
 */
import { AppError } from "../../errors.js";
import type { ExportSettings, FontId } from "../settings.js";
import { checkAccentContrast } from "./color-contrast.js";
import { TEMPLATES, type TemplateDefinition } from "./templates/index.js";

export type Design = TemplateDefinition & { font: FontId };

const POINTS_PER_MM = 72 / 25.4;

/** Resolve the template of `settings` with its design controls. Throws `template_unknown`. */
export function resolveDesign(settings: ExportSettings): Design {
  const t = TEMPLATES[settings.template];
  if (!t) throw new AppError("template_unknown", `Unknown template "${settings.template}"`);
  const scale = settings.font_size ? settings.font_size / t.sizes.body : 1;
  const sizes = scale === 1 ? t.sizes : scaleAll(t.sizes, scale);
  const margin =
    settings.margin_mm === undefined ? t.margin : marginsOf(settings.margin_mm * POINTS_PER_MM, t);
  const accent = settings.accent_color ? checkAccentContrast(settings.accent_color).used : t.colors.accent;
  // A dark sidebar is filled with the accent, so it follows the user's choice.
  const colors = settings.accent_color
    ? { ...t.colors, accent, ...(t.darkSidebar ? { sidebar: accent } : {}) }
    : t.colors;
  return {
    ...t,
    font: settings.font ?? t.defaultFont,
    sizes,
    lineHeight: settings.line_spacing ?? t.lineHeight,
    margin,
    colors,
    gaps: scale === 1 ? t.gaps : scaleAll(t.gaps, Math.sqrt(scale)),
  };
}

function scaleAll<T extends Record<string, number>>(values: T, factor: number): T {
  const out = {} as Record<string, number>;
  for (const [k, v] of Object.entries(values)) out[k] = Math.round(v * factor * 100) / 100;
  return out as T;
}

/** One margin for every side; inside a sidebar the left margin is capped so the column keeps room. */
function marginsOf(points: number, t: TemplateDefinition): TemplateDefinition["margin"] {
  const m = Math.round(points * 10) / 10;
  return { top: m, bottom: m, left: t.layout === "sidebar" ? Math.min(m, 40) : m, right: m };
}
