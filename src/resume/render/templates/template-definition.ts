/**
 * What a template is: data the shared layout engine reads (sizes, colours,
 * spacing) plus a few switches for the structural variants the engine knows
 * (sidebar, name band, date rail, skills matrix, photo, page numbers).
 * Adding a template is adding one file here and its id to `TEMPLATE_IDS`.
 * Sizes are in points.
 */
import type { FontId, TemplateId } from "../../settings.js";

export type TemplateColors = Readonly<{
  text: string;
  muted: string;
  accent: string;
  rule: string;
  /** Sidebar fill (sidebar layouts) and heading tint (`tinted` headings). */
  sidebar: string;
  /** Text drawn on the accent colour (name band, dark sidebar). */
  bandText: string;
}>;

export type TemplateDefinition = Readonly<{
  id: TemplateId;
  name: string;
  /** One sentence, checked against the output by tests: say only what the template draws. */
  description: string;
  /** `single`: one column; `sidebar`: contact and list sections in a left column. */
  layout: "single" | "sidebar";
  /** `band`: the name on an accent band across the page; otherwise a text header aligned so. */
  header: "centered" | "left" | "band";
  /** `rule` under the heading, `plain` (type only), `tinted` (a fill behind it), `bar` (an accent mark before it). */
  headingStyle: "rule" | "plain" | "tinted" | "bar";
  /** The family used when the export settings name none. */
  defaultFont: FontId;
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
  colors: TemplateColors;
  /** Upper-case section headings (the text layer keeps the casing drawn). */
  headingCaps: boolean;
  gaps: Readonly<{ section: number; entry: number; bullet: number; afterHeading: number }>;
  bulletIndent: number;
  /** Width of the sidebar from the page's left edge (sidebar layout). */
  sidebarWidth: number;
  columnGap: number;
  /** A dark sidebar: the accent fills it and its text is `bandText`. */
  darkSidebar: boolean;
  /** Sections the sidebar layout puts in the sidebar. */
  sidebarSections: readonly string[];
  /** Put location and dates on the title line (compact) instead of below. */
  inlineMeta: boolean;
  /** Width of a left rail holding entry dates on a timeline line (0: dates on the right). */
  dateRail: number;
  /** Skills as a two-column matrix (group | keywords) with row rules. */
  skillsMatrix: boolean;
  /** Where the photo goes, when the CV has one. */
  photo: "none" | "header" | "sidebar";
  photoSize: number;
  /** Contacts as one line, or as a labelled block ("Email  jane@…"), translated. */
  contactStyle: "line" | "labelled";
  /** The summary opens the document under the header, without a heading. */
  leadSummary: boolean;
  /** Name and "page n of m" in the footer of every page (multi-page documents). */
  pageNumbers: boolean;
  /** Entry sections numbered [1], [2], … (publications in an academic CV). */
  numberedSections: readonly string[];
}>;

/** The defaults every template starts from; a template file overrides what makes it different. */
export const BASE_TEMPLATE: Omit<TemplateDefinition, "id" | "name" | "description"> = {
  layout: "single",
  header: "left",
  headingStyle: "rule",
  defaultFont: "sans",
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
  headingCaps: true,
  gaps: { section: 14, entry: 8, bullet: 1.5, afterHeading: 5 },
  bulletIndent: 12,
  sidebarWidth: 0,
  columnGap: 0,
  darkSidebar: false,
  sidebarSections: ["skills", "languages", "interests"],
  inlineMeta: false,
  dateRail: 0,
  skillsMatrix: false,
  photo: "none",
  photoSize: 0,
  contactStyle: "line",
  leadSummary: false,
  pageNumbers: false,
  numberedSections: [],
};

/** A template from the base and its differences. */
export function defineTemplate(
  t: Pick<TemplateDefinition, "id" | "name" | "description"> & Partial<TemplateDefinition>,
): TemplateDefinition {
  return Object.freeze({ ...BASE_TEMPLATE, ...t });
}
