/**
 * The resume section model: what `jobs.sections` stores.
 *
 * Glossary
 * - Resume: a JSON Resume–compatible document (`basics`, `work`, `education`, …)
 *   with three additions JSON Resume lacks: several positions under one
 *   employer (`work[i].positions[]`), custom sections with free titles
 *   (`custom[]`), and dates kept both as the original text and structured
 *   (`DateRange`).
 * - Entry id: every list entry carries a stable `id` so the UI can reorder and
 *   edit entries without relying on array indexes. Missing ids are generated.
 * - Meta: per-field parse confidence and source location keyed by JSON path
 *   (`"work.0.name"`, `"basics.email"`), the detected language, and the
 *   source lines no field took (`unplaced`), kept apart from the content so
 *   editing content never has to touch it.
 *
 * Every string and array has a cap (`MODEL_LIMITS`) so a stored resume has a
 * bounded size whatever the input; parsers clamp to the same caps.
 */
import { z } from "zod";
import { sanitizeText } from "./sanitize.js";

/** Caps on string lengths and list sizes; parsers clamp their output to these. */
export const MODEL_LIMITS = {
  shortText: 300,
  longText: 5_000,
  dateText: 120,
  url: 2_000,
  id: 64,
  entries: 100,
  positions: 30,
  highlights: 50,
  keywords: 100,
  profiles: 20,
  customSections: 20,
  confidenceKeys: 5_000,
  unplacedLines: 2_000,
  emptySections: 50,
} as const;

const L = MODEL_LIMITS;

/** The standard section keys in their conventional order (`custom` sections follow). */
const STANDARD_SECTION_KEYS = [
  "work",
  "education",
  "skills",
  "projects",
  "volunteer",
  "awards",
  "certificates",
  "publications",
  "languages",
  "interests",
  "references",
] as const;

/** A fresh entry id; random so ids created in the UI never collide with parsed ones. */
export function newEntryId(): string {
  return `e${globalThis.crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
}

/**
 * A text field: sanitised (no NUL or other control characters, no lone surrogates, NFC) before its
 * length is checked, so nothing PostgreSQL cannot store gets past the model. New string fields use it.
 */
export const modelText = () => z.string().overwrite(sanitizeText);

const entryId = z
  .string()
  .min(1)
  .max(L.id)
  .regex(/^[A-Za-z0-9_.:-]+$/, "ids use letters, digits, and _ . : -")
  .default(newEntryId);
const short = modelText().max(L.shortText).default("");
const long = modelText().max(L.longText).default("");
const url = modelText().max(L.url).default("");
const highlights = z.array(modelText().max(L.longText)).max(L.highlights).default([]);
const keywords = z.array(modelText().max(L.shortText)).max(L.keywords).default([]);

/** `YYYY` or `YYYY-MM`: the precision a resume actually states. */
export const partialDateSchema = z.string().regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, "expected YYYY or YYYY-MM");
export type PartialDate = z.infer<typeof partialDateSchema>;

/** A date or date range as written (`text`) plus its structured reading. */
export const dateRangeSchema = z.object({
  text: modelText().max(L.dateText).default(""),
  start: partialDateSchema.optional(),
  end: partialDateSchema.optional(),
  /** True for "… – Present": the range is open. */
  current: z.boolean().optional(),
});
export type DateRange = z.output<typeof dateRangeSchema>;
const dates = dateRangeSchema.default({ text: "" });

export const locationSchema = z.object({
  address: short,
  postalCode: modelText().max(40).default(""),
  city: short,
  region: short,
  countryCode: modelText().max(8).default(""),
});
export type Location = z.output<typeof locationSchema>;

export const profileSchema = z.object({ id: entryId, network: short, username: short, url });

export const basicsSchema = z.object({
  name: short,
  label: short,
  image: url,
  email: short,
  phone: modelText().max(60).default(""),
  url,
  summary: long,
  location: locationSchema.default({ address: "", postalCode: "", city: "", region: "", countryCode: "" }),
  profiles: z.array(profileSchema).max(L.profiles).default([]),
});

/** One role held at an employer. */
export const positionSchema = z.object({
  id: entryId,
  title: short,
  dates,
  location: short,
  summary: long,
  highlights,
});
export type Position = z.output<typeof positionSchema>;

/** An employer with one or more positions (promotions stay under one employer). */
export const workSchema = z.object({
  id: entryId,
  name: short,
  location: short,
  description: long,
  url,
  positions: z.array(positionSchema).max(L.positions).default([]),
});
export type Work = z.output<typeof workSchema>;

export const educationSchema = z.object({
  id: entryId,
  institution: short,
  url,
  area: short,
  studyType: short,
  dates,
  location: short,
  score: modelText().max(60).default(""),
  courses: keywords,
  summary: long,
});
export type Education = z.output<typeof educationSchema>;

export const skillSchema = z.object({ id: entryId, name: short, level: short, keywords });
export type Skill = z.output<typeof skillSchema>;

export const projectSchema = z.object({
  id: entryId,
  name: short,
  description: long,
  highlights,
  keywords,
  url,
  roles: keywords,
  entity: short,
  type: short,
  dates,
});

export const volunteerSchema = z.object({
  id: entryId,
  organization: short,
  position: short,
  url,
  dates,
  summary: long,
  highlights,
});

export const awardSchema = z.object({
  id: entryId,
  title: short,
  date: dates,
  awarder: short,
  summary: long,
});
export const certificateSchema = z.object({ id: entryId, name: short, date: dates, issuer: short, url });
export const publicationSchema = z.object({
  id: entryId,
  name: short,
  publisher: short,
  releaseDate: dates,
  url,
  summary: long,
});
export const languageSchema = z.object({ id: entryId, language: short, fluency: short });
export const interestSchema = z.object({ id: entryId, name: short, keywords });
export const referenceSchema = z.object({ id: entryId, name: short, reference: long });

/** One item of a custom section: a generic titled entry. */
export const customItemSchema = z.object({
  id: entryId,
  title: short,
  subtitle: short,
  dates: dateRangeSchema.optional(),
  summary: long,
  highlights,
});

/** A section with a free title ("Talks", "Open source", …). */
export const customSectionSchema = z.object({
  id: entryId,
  title: modelText().min(1).max(L.shortText),
  items: z.array(customItemSchema).max(L.entries).default([]),
});
export type CustomSection = z.output<typeof customSectionSchema>;

/**
 * Where a parsed field came from in the original, for the review screen to
 * highlight beside it: a box on a PDF page (1-based page, PDF points, origin
 * at the page's top left), a DOCX body paragraph (0-based), or a line of a
 * text or Markdown file (0-based).
 */
export const sourceRefSchema = z.union([
  z.object({
    page: z.number().int().min(1),
    x: z.number(),
    y: z.number(),
    w: z.number().min(0),
    h: z.number().min(0),
  }),
  z.object({ paragraph: z.number().int().min(0) }),
  z.object({ line: z.number().int().min(0) }),
]);
export type SourceRef = z.output<typeof sourceRefSchema>;

/** A source line the parser could not place in any field ("Unplaced text" on the review screen). */
export const unplacedLineSchema = z.object({
  id: modelText().min(1).max(L.id),
  text: modelText().max(L.longText),
  source: sourceRefSchema.optional(),
});
export type UnplacedLine = z.output<typeof unplacedLineSchema>;

/**
 * A section whose heading the parser found but which came out empty: its content went elsewhere or
 * was not read, so the review screen asks the user to look (`section` is a standard section key, or
 * `summary`).
 */
export const emptySectionSchema = z.object({
  section: z.enum([...STANDARD_SECTION_KEYS, "summary"]),
  heading: modelText().max(L.shortText),
  source: sourceRefSchema.optional(),
});
export type EmptySection = z.output<typeof emptySectionSchema>;

export const resumeMetaSchema = z.object({
  /** Parse confidence 0..1 per field, keyed by dotted JSON path (`work.0.positions.1.title`). */
  confidence: z
    .record(modelText().max(200), z.number().min(0).max(1))
    .refine((c) => Object.keys(c).length <= L.confidenceKeys, "too many confidence entries")
    .default({}),
  /** The document's language as detected by the parser: a BCP-47 primary subtag ("en", "de", "zh"). */
  language: z
    .string()
    .regex(/^[a-z]{2,3}$/)
    .optional(),
  /** Source lines that landed in no field, in reading order. */
  unplaced: z.array(unplacedLineSchema).max(L.unplacedLines).optional(),
  /** Headings found in the source whose section came out empty. */
  empty_sections: z.array(emptySectionSchema).max(L.emptySections).optional(),
  /** Where each parsed field came from, keyed by JSON path ("basics.name", "work.0.positions.0.title"). */
  sources: z
    .record(modelText().max(200), sourceRefSchema)
    .refine((c) => Object.keys(c).length <= L.confidenceKeys, "too many source entries")
    .optional(),
  source: z
    .object({
      format: z.enum(["pdf", "docx", "text", "markdown", "json-resume", "image", "linkedin", "manual"]),
      parsed_at: z.iso.datetime(),
    })
    .optional(),
  /** Set when optimize proposals were applied: the export manifest names the job description's hash. */
  optimized_for: z
    .object({
      task_id: z.uuid(),
      job_description_sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .nullable(),
      applied_at: z.iso.datetime(),
    })
    .optional(),
});
export type ResumeMeta = z.output<typeof resumeMetaSchema>;

const list = <T extends z.ZodType>(item: T) => z.array(item).max(L.entries).default([]);

export const resumeSchema = z.object({
  basics: basicsSchema.default(() => basicsSchema.parse({})),
  work: list(workSchema),
  education: list(educationSchema),
  skills: list(skillSchema),
  projects: list(projectSchema),
  volunteer: list(volunteerSchema),
  awards: list(awardSchema),
  certificates: list(certificateSchema),
  publications: list(publicationSchema),
  languages: list(languageSchema),
  interests: list(interestSchema),
  references: list(referenceSchema),
  custom: z.array(customSectionSchema).max(L.customSections).default([]),
  meta: resumeMetaSchema.default({ confidence: {} }),
});

/** A validated resume with all defaults filled in. */
export type Resume = z.output<typeof resumeSchema>;
/** What callers may send: ids, empty strings and empty lists may be omitted. */
export type ResumeInput = z.input<typeof resumeSchema>;

/** The standard section keys in their conventional order (`custom` sections follow). */
export const STANDARD_SECTIONS = STANDARD_SECTION_KEYS;
export type StandardSection = (typeof STANDARD_SECTIONS)[number];

/** An empty, valid resume. */
export function emptyResume(): Resume {
  return resumeSchema.parse({});
}

/** One-line form of a location, e.g. "San Francisco, CA, US". */
export function formatLocation(location: Location): string {
  return [location.address, location.city, location.region, location.postalCode, location.countryCode]
    .map((s) => s.trim())
    .filter(Boolean)
    .join(", ");
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2019-03" → "Mar 2019", "2019" → "2019". */
export function formatPartialDate(date: string): string {
  const [year, month] = date.split("-");
  return month ? `${MONTHS[Number(month) - 1]} ${year}` : (year ?? "");
}

/** Text for a structured range, e.g. "Mar 2019 – Present"; used when no original text exists. */
export function formatDateRange(range: Pick<DateRange, "start" | "end" | "current">): string {
  const start = range.start ? formatPartialDate(range.start) : "";
  const end = range.current ? "Present" : range.end ? formatPartialDate(range.end) : "";
  return start && end ? `${start} – ${end}` : start || end;
}
