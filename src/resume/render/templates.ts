/**
 * The export templates: one definition per template id, read by the PDF and
 * DOCX renderers. Sizes are in points.
 */
import { TEMPLATE_IDS, type TemplateId } from "../settings.js";

export type TemplateDefinition = Readonly<{
  id: TemplateId;
  name: string;
  description: string;
  /** `single`: one column; `sidebar`: contact and list sections in a left column. */
  layout: "single" | "sidebar";
  margin: Readonly<{ top: number; bottom: number; left: number; right: number }>;
  sizes: Readonly<{
    name: number;
    label: number;
    heading: number;
    title: number;
    body: number;
    small: number;
  }>;
  lineHeight: number;
  colors: Readonly<{
    text: string;
    muted: string;
    accent: string;
    rule: string;
    sidebar: string;
    bandText: string;
  }>;
  headerAlign: "left" | "center";
  /** Upper-case section headings (the text layer keeps the casing drawn). */
  headingCaps: boolean;
  gaps: Readonly<{ section: number; entry: number; bullet: number; afterHeading: number }>;
  bulletIndent: number;
  sidebarWidth: number;
  columnGap: number;
  /** Put location and dates on the title line (compact) instead of below. */
  inlineMeta: boolean;
}>;

const CLASSIC: TemplateDefinition = {
  id: "classic",
  name: "Classic",
  description: "Single column, centred header, ruled section headings.",
  layout: "single",
  margin: { top: 50, bottom: 50, left: 56, right: 56 },
  sizes: { name: 24, label: 11.5, heading: 11, title: 10.5, body: 10, small: 9.5 },
  lineHeight: 1.32,
  colors: {
    text: "#1b1b1b",
    muted: "#555555",
    accent: "#1f3a5f",
    rule: "#9aa7b8",
    sidebar: "#ffffff",
    bandText: "#ffffff",
  },
  headerAlign: "center",
  headingCaps: true,
  gaps: { section: 14, entry: 8, bullet: 1.5, afterHeading: 5 },
  bulletIndent: 12,
  sidebarWidth: 0,
  columnGap: 0,
  inlineMeta: false,
};

const MODERN: TemplateDefinition = {
  id: "modern",
  name: "Modern",
  description: "Two columns: a tinted sidebar with contact details and skills beside the experience.",
  layout: "sidebar",
  margin: { top: 36, bottom: 40, left: 36, right: 40 },
  sizes: { name: 24, label: 12, heading: 11.5, title: 10.5, body: 9.75, small: 9 },
  lineHeight: 1.32,
  colors: {
    text: "#1d232b",
    muted: "#5b6573",
    accent: "#245b8f",
    rule: "#c9d3df",
    sidebar: "#eef2f7",
    bandText: "#ffffff",
  },
  headerAlign: "left",
  headingCaps: false,
  gaps: { section: 14, entry: 9, bullet: 1.5, afterHeading: 5 },
  bulletIndent: 11,
  sidebarWidth: 186,
  columnGap: 22,
  inlineMeta: false,
};

const COMPACT: TemplateDefinition = {
  id: "compact",
  name: "Compact",
  description: "Dense single column for long careers: small type, meta on the title line.",
  layout: "single",
  margin: { top: 34, bottom: 34, left: 40, right: 40 },
  sizes: { name: 18, label: 10, heading: 9.5, title: 9.25, body: 8.75, small: 8.25 },
  lineHeight: 1.26,
  colors: {
    text: "#161616",
    muted: "#5a5a5a",
    accent: "#3b3b3b",
    rule: "#b5b5b5",
    sidebar: "#ffffff",
    bandText: "#ffffff",
  },
  headerAlign: "left",
  headingCaps: true,
  gaps: { section: 9, entry: 5, bullet: 0.5, afterHeading: 3 },
  bulletIndent: 10,
  sidebarWidth: 0,
  columnGap: 0,
  inlineMeta: true,
};

/** Every template by id. */
export const TEMPLATES: Readonly<Record<TemplateId, TemplateDefinition>> = Object.freeze({
  classic: CLASSIC,
  modern: MODERN,
  compact: COMPACT,
});

export { TEMPLATE_IDS };

/** Page sizes in points (width, height). */
export const PAGE_SIZES = { A4: [595.28, 841.89], Letter: [612, 792] } as const;
