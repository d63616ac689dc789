/**
 * Export settings: what the job's export settings (`jobs.current_schema`) store.
 *
 * They describe how a resume is exported (template, section order and
 * visibility, page size, locale, font), never its content. Every field has a
 * default so `{}` is a valid input and old stored settings keep parsing when
 * fields are added.
 */
import { z } from "zod";
import { STANDARD_SECTIONS } from "./model.js";

/** Template ids the renderer knows. */
export const TEMPLATE_IDS = ["classic", "modern", "compact"] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

/** Font families; the renderer maps each to bundled font files. */
export const FONT_IDS = ["sans", "serif", "mono"] as const;
export type FontId = (typeof FONT_IDS)[number];

/** Section keys that `section_order` and `hidden_sections` may name. */
export const ORDERABLE_SECTIONS = ["summary", ...STANDARD_SECTIONS] as const;

/**
 * A section reference: a standard key (`work`, `skills`, …, plus `summary`)
 * or `custom:<id>` for a custom section.
 */
export const sectionRefSchema = z
  .string()
  .max(80)
  .refine(
    (s) => (ORDERABLE_SECTIONS as readonly string[]).includes(s) || /^custom:[A-Za-z0-9_.:-]{1,64}$/.test(s),
    "expected a standard section key or custom:<id>",
  );

const DEFAULT_ORDER: string[] = [...ORDERABLE_SECTIONS];

export const exportSettingsSchema = z.object({
  template: z.enum(TEMPLATE_IDS).default("classic"),
  /**
   * Order of sections in the export. Sections not listed (e.g. custom
   * sections added later) follow in their natural order.
   */
  section_order: z
    .array(sectionRefSchema)
    .max(64)
    .refine((a) => new Set(a).size === a.length, "section_order has duplicates")
    .default(() => [...DEFAULT_ORDER]),
  /** Sections left out of the export; the content stays in the resume. */
  hidden_sections: z
    .array(sectionRefSchema)
    .max(64)
    .default(() => []),
  page_size: z.enum(["A4", "Letter"]).default("A4"),
  /** BCP 47 tag; drives date and heading wording in exports. */
  locale: z
    .string()
    .regex(/^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "expected a BCP 47 language tag such as en or en-US")
    .default("en"),
  font: z.enum(FONT_IDS).default("sans"),
});

/** Validated export settings with defaults applied. */
export type ExportSettings = z.output<typeof exportSettingsSchema>;
export type ExportSettingsInput = z.input<typeof exportSettingsSchema>;

/** The settings a new job starts with. */
export function defaultExportSettings(): ExportSettings {
  return exportSettingsSchema.parse({});
}

/**
 * The sections to export, in order: `section_order` first, then any present
 * section it does not name, minus `hidden_sections`.
 */
export function orderedVisibleSections(settings: ExportSettings, present: readonly string[]): string[] {
  const hidden = new Set(settings.hidden_sections);
  const presentSet = new Set(present);
  const ordered = settings.section_order.filter((s) => presentSet.has(s));
  const rest = present.filter((s) => !ordered.includes(s));
  return [...ordered, ...rest].filter((s) => !hidden.has(s));
}
