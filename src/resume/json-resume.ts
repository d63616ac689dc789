/**
 * Conversion between our resume model and plain JSON Resume (v1.0.0).
 *
 * Used by the JSON Resume importer (after schema validation) and by the JSON
 * export. What does not survive the trip is listed on `toJsonResume`.
 */
import {
  type DateRange,
  formatDateRange,
  formatPartialDate,
  MODEL_LIMITS as L,
  type Resume,
  type ResumeInput,
  resumeSchema,
} from "./model.js";
import { clampText } from "./sanitize.js";

/** A JSON Resume document (v1.0.0); loose because the format allows extra keys. */
export type JsonResume = Record<string, unknown>;

/** ISO 8601 date as JSON Resume writes it → our `YYYY`/`YYYY-MM`, or undefined. */
function toPartialDate(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const match = /^(\d{4})(?:-(0[1-9]|1[0-2]))?/.exec(value.trim());
  if (!match) return undefined;
  return match[2] ? `${match[1]}-${match[2]}` : match[1];
}

function rangeFromJson(start: unknown, end: unknown): DateRange {
  const s = toPartialDate(start);
  const e = toPartialDate(end);
  // JSON Resume marks an ongoing role by omitting endDate.
  const current = s !== undefined && e === undefined && (end === undefined || end === "") ? true : undefined;
  const range: DateRange = { text: "", start: s, end: e, current };
  range.text = formatDateRange(range);
  return range;
}

function singleDateFromJson(value: unknown): DateRange {
  const start = toPartialDate(value);
  return { text: start ? formatPartialDate(start) : "", start };
}

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === "string") : []);
const objs = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === "object" && x !== null) : [];
const clampList = <T>(items: T[], max: number = L.entries): T[] => items.slice(0, max);
const clamp = (s: string, max: number = L.shortText): string => clampText(s, max);

/**
 * Our model from a JSON Resume document (already schema-validated by the caller).
 *
 * Consecutive `work` items with the same employer name become positions of one
 * employer; a `custom` key written by `toJsonResume` is read back. Strings and
 * lists are clamped to `MODEL_LIMITS`.
 */
export function fromJsonResume(json: JsonResume): Resume {
  const basics = (typeof json.basics === "object" && json.basics !== null ? json.basics : {}) as Record<
    string,
    unknown
  >;
  const location = (
    typeof basics.location === "object" && basics.location !== null ? basics.location : {}
  ) as Record<string, unknown>;

  const work: ResumeInput["work"] = [];
  for (const item of objs(json.work)) {
    const position = {
      title: clamp(str(item.position)),
      dates: rangeFromJson(item.startDate, item.endDate),
      location: clamp(str(item.location)),
      summary: clamp(str(item.summary), L.longText),
      highlights: clampList(strs(item.highlights), L.highlights),
    };
    const name = clamp(str(item.name));
    const previous = work.at(-1);
    if (
      previous &&
      name !== "" &&
      previous.name === name &&
      (previous.positions?.length ?? 0) < L.positions
    ) {
      previous.positions?.push(position);
      continue;
    }
    work.push({
      name,
      location: position.location,
      description: clamp(str(item.description), L.longText),
      url: str(item.url),
      positions: [position],
    });
  }

  const input: ResumeInput = {
    basics: {
      name: clamp(str(basics.name)),
      label: clamp(str(basics.label)),
      image: str(basics.image),
      email: clamp(str(basics.email)),
      phone: clamp(str(basics.phone), 60),
      url: str(basics.url),
      summary: clamp(str(basics.summary), L.longText),
      location: {
        address: clamp(str(location.address)),
        postalCode: clamp(str(location.postalCode), 40),
        city: clamp(str(location.city)),
        region: clamp(str(location.region)),
        countryCode: clamp(str(location.countryCode), 8),
      },
      profiles: clampList(objs(basics.profiles), L.profiles).map((p) => ({
        network: clamp(str(p.network)),
        username: clamp(str(p.username)),
        url: str(p.url),
      })),
    },
    work: clampList(work),
    education: clampList(objs(json.education)).map((e) => ({
      institution: clamp(str(e.institution)),
      url: str(e.url),
      area: clamp(str(e.area)),
      studyType: clamp(str(e.studyType)),
      dates: rangeFromJson(e.startDate, e.endDate),
      score: clamp(str(e.score), 60),
      courses: clampList(strs(e.courses), L.keywords),
    })),
    skills: clampList(objs(json.skills)).map((s) => ({
      name: clamp(str(s.name)),
      level: clamp(str(s.level)),
      keywords: clampList(strs(s.keywords), L.keywords),
    })),
    projects: clampList(objs(json.projects)).map((p) => ({
      name: clamp(str(p.name)),
      description: clamp(str(p.description), L.longText),
      highlights: clampList(strs(p.highlights), L.highlights),
      keywords: clampList(strs(p.keywords), L.keywords),
      url: str(p.url),
      roles: clampList(strs(p.roles), L.keywords),
      entity: clamp(str(p.entity)),
      type: clamp(str(p.type)),
      dates: rangeFromJson(p.startDate, p.endDate),
    })),
    volunteer: clampList(objs(json.volunteer)).map((v) => ({
      organization: clamp(str(v.organization)),
      position: clamp(str(v.position)),
      url: str(v.url),
      dates: rangeFromJson(v.startDate, v.endDate),
      summary: clamp(str(v.summary), L.longText),
      highlights: clampList(strs(v.highlights), L.highlights),
    })),
    awards: clampList(objs(json.awards)).map((a) => ({
      title: clamp(str(a.title)),
      date: singleDateFromJson(a.date),
      awarder: clamp(str(a.awarder)),
      summary: clamp(str(a.summary), L.longText),
    })),
    certificates: clampList(objs(json.certificates)).map((c) => ({
      name: clamp(str(c.name)),
      date: singleDateFromJson(c.date),
      issuer: clamp(str(c.issuer)),
      url: str(c.url),
    })),
    publications: clampList(objs(json.publications)).map((p) => ({
      name: clamp(str(p.name)),
      publisher: clamp(str(p.publisher)),
      releaseDate: singleDateFromJson(p.releaseDate),
      url: str(p.url),
      summary: clamp(str(p.summary), L.longText),
    })),
    languages: clampList(objs(json.languages)).map((l) => ({
      language: clamp(str(l.language)),
      fluency: clamp(str(l.fluency)),
    })),
    interests: clampList(objs(json.interests)).map((i) => ({
      name: clamp(str(i.name)),
      keywords: clampList(strs(i.keywords), L.keywords),
    })),
    references: clampList(objs(json.references)).map((r) => ({
      name: clamp(str(r.name)),
      reference: clamp(str(r.reference), L.longText),
    })),
    custom: clampList(objs(json.custom), L.customSections)
      .filter((c) => str(c.title).trim() !== "")
      .map((c) => ({
        title: clamp(str(c.title)),
        items: clampList(objs(c.items)).map((i) => ({
          title: clamp(str(i.title)),
          subtitle: clamp(str(i.subtitle)),
          dates: i.startDate || i.endDate ? rangeFromJson(i.startDate, i.endDate) : undefined,
          summary: clamp(str(i.summary), L.longText),
          highlights: clampList(strs(i.highlights), L.highlights),
        })),
      })),
  };
  return resumeSchema.parse(input);
}

/** Drops empty strings, empty lists and undefined so exported JSON stays tidy. */
function compact<T extends Record<string, unknown>>(object: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined || value === "") continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  return out as Partial<T>;
}

/**
 * Plain JSON Resume (v1.0.0) from our model.
 *
 * Lossy: entry ids, the original date text and `meta` (confidence) are
 * dropped; each position becomes its own `work` item repeating the employer;
 * `current` becomes a missing `endDate`. Custom sections are kept under a
 * `custom` key (the JSON Resume schema allows extra keys) and read back by
 * `fromJsonResume`.
 */
export function toJsonResume(resume: Resume): JsonResume {
  const { basics } = resume;
  const range = (d: DateRange | undefined) => ({
    startDate: d?.start,
    endDate: d?.current ? undefined : d?.end,
  });
  return compact({
    $schema: "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json",
    basics: compact({
      name: basics.name,
      label: basics.label,
      image: basics.image,
      email: basics.email,
      phone: basics.phone,
      url: basics.url,
      summary: basics.summary,
      location: Object.keys(compact(basics.location)).length ? compact(basics.location) : undefined,
      profiles: basics.profiles.map((p) => compact({ network: p.network, username: p.username, url: p.url })),
    }),
    work: resume.work.flatMap((w) =>
      (w.positions.length ? w.positions : [undefined]).map((p) =>
        compact({
          name: w.name,
          location: p?.location || w.location,
          description: w.description,
          position: p?.title,
          url: w.url,
          ...range(p?.dates),
          summary: p?.summary,
          highlights: p?.highlights,
        }),
      ),
    ),
    volunteer: resume.volunteer.map((v) =>
      compact({
        organization: v.organization,
        position: v.position,
        url: v.url,
        ...range(v.dates),
        summary: v.summary,
        highlights: v.highlights,
      }),
    ),
    education: resume.education.map((e) =>
      compact({
        institution: e.institution,
        url: e.url,
        area: e.area,
        studyType: e.studyType,
        ...range(e.dates),
        score: e.score,
        courses: e.courses,
      }),
    ),
    awards: resume.awards.map((a) =>
      compact({ title: a.title, date: a.date.start, awarder: a.awarder, summary: a.summary }),
    ),
    certificates: resume.certificates.map((c) =>
      compact({ name: c.name, date: c.date.start, issuer: c.issuer, url: c.url }),
    ),
    publications: resume.publications.map((p) =>
      compact({
        name: p.name,
        publisher: p.publisher,
        releaseDate: p.releaseDate.start,
        url: p.url,
        summary: p.summary,
      }),
    ),
    skills: resume.skills.map((s) => compact({ name: s.name, level: s.level, keywords: s.keywords })),
    languages: resume.languages.map((l) => compact({ language: l.language, fluency: l.fluency })),
    interests: resume.interests.map((i) => compact({ name: i.name, keywords: i.keywords })),
    references: resume.references.map((r) => compact({ name: r.name, reference: r.reference })),
    projects: resume.projects.map((p) =>
      compact({
        name: p.name,
        description: p.description,
        highlights: p.highlights,
        keywords: p.keywords,
        startDate: p.dates.start,
        endDate: p.dates.current ? undefined : p.dates.end,
        url: p.url,
        roles: p.roles,
        entity: p.entity,
        type: p.type,
      }),
    ),
    custom: resume.custom.map((c) =>
      compact({
        title: c.title,
        items: c.items.map((i) =>
          compact({
            title: i.title,
            subtitle: i.subtitle,
            ...range(i.dates),
            summary: i.summary,
            highlights: i.highlights,
          }),
        ),
      }),
    ),
  });
}
