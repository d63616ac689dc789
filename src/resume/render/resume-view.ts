/**
 * The render view: a resume flattened into what every output format draws.
 *
 * PDF, DOCX and the HTML preview all render this one structure, so section
 * order, visibility, date wording and entry shapes are decided once. Empty
 * fields and empty sections disappear here; zero-width characters are
 * stripped so they cannot reach a font.
 */
import { STRIPPED_CHARACTERS } from "../fonts/glyph-coverage.js";
import { safeLink } from "../links.js";
import { type DateRange, formatDateRange, formatLocation, type Resume, STANDARD_SECTIONS } from "../model.js";
import { type ExportSettings, orderedVisibleSections } from "../settings.js";
import { sectionTitle } from "./section-titles.js";

export type ViewLink = { text: string; url: string };

/** One entry: a job, a degree, a project, … Positions under one employer are `roles`. */
export type ViewEntry = {
  title: string;
  subtitle: string;
  dates: string;
  location: string;
  url: string;
  /** What the organisation does (one line under the header). */
  description: string;
  summary: string;
  bullets: string[];
  /** Keyword line (project technologies, courses). */
  tags: string;
  roles: ViewRole[];
};

export type ViewRole = { title: string; dates: string; location: string; summary: string; bullets: string[] };

/** A label/value row of a list section (skills, languages, interests). */
export type ViewItem = { label: string; value: string };

export type ViewSection =
  | { key: string; title: string; kind: "text"; text: string }
  | { key: string; title: string; kind: "entries"; entries: ViewEntry[] }
  | { key: string; title: string; kind: "list"; items: ViewItem[] };

export type ResumeView = {
  name: string;
  label: string;
  contacts: (ViewLink | { text: string; url: "" })[];
  sections: ViewSection[];
  locale: string;
};

const clean = (s: string | undefined): string => (s ?? "").replace(STRIPPED_CHARACTERS, "").trim();
const cleanAll = (list: readonly string[]): string[] => list.map(clean).filter(Boolean);

/** The date as the user wrote it, else built from its structured parts. */
function dateText(range: DateRange | undefined): string {
  if (!range) return "";
  const text = clean(range.text) || clean(formatDateRange(range));
  // "Aug 2016 – Aug 2016" reads as one date.
  for (const dash of text.matchAll(/(?<!\s)\s+[–-]\s+/g)) {
    const left = text.slice(0, dash.index);
    if (left && left === text.slice(dash.index + dash[0].length)) return left;
  }
  return text;
}

function joinNonEmpty(parts: readonly string[], separator: string): string {
  return parts.map(clean).filter(Boolean).join(separator);
}

function entry(partial: Partial<ViewEntry>): ViewEntry {
  return {
    title: clean(partial.title),
    subtitle: clean(partial.subtitle),
    dates: clean(partial.dates),
    location: clean(partial.location),
    url: safeLink(clean(partial.url)),
    description: clean(partial.description),
    summary: clean(partial.summary),
    bullets: cleanAll(partial.bullets ?? []),
    tags: clean(partial.tags),
    roles: partial.roles ?? [],
  };
}

const hasContent = (e: ViewEntry) =>
  Boolean(e.title || e.subtitle || e.description || e.summary || e.bullets.length || e.roles.length);

function workEntries(resume: Resume): ViewEntry[] {
  return resume.work.map((w) => {
    const positions = w.positions.map((p) => ({
      title: clean(p.title),
      dates: dateText(p.dates),
      location: clean(p.location),
      summary: clean(p.summary),
      bullets: cleanAll(p.highlights),
    }));
    if (positions.length <= 1) {
      const p = positions[0];
      return entry({
        title: p?.title || w.name,
        subtitle: p?.title ? w.name : "",
        dates: p?.dates,
        location: p?.location || w.location,
        url: w.url,
        description: w.description,
        summary: p?.summary,
        bullets: p?.bullets,
      });
    }
    // Several roles at one employer: the employer heads the entry, each role follows.
    return entry({
      title: w.name,
      location: w.location,
      url: w.url,
      description: w.description,
      roles: positions,
    });
  });
}

function entriesFor(key: string, resume: Resume): ViewEntry[] {
  switch (key) {
    case "work":
      return workEntries(resume);
    case "education":
      return resume.education.map((e) =>
        entry({
          title: e.institution,
          subtitle: joinNonEmpty([e.studyType, e.area], ", "),
          dates: dateText(e.dates),
          location: e.location,
          url: e.url,
          summary: joinNonEmpty([e.summary, e.score ? `Score: ${e.score}` : ""], " "),
          tags: cleanAll(e.courses).join(", "),
        }),
      );
    case "projects":
      return resume.projects.map((p) =>
        entry({
          title: p.name,
          subtitle: joinNonEmpty([cleanAll(p.roles).join(", "), p.entity], ", "),
          dates: dateText(p.dates),
          url: p.url,
          summary: p.description,
          bullets: p.highlights,
          tags: cleanAll(p.keywords).join(", "),
        }),
      );
    case "volunteer":
      return resume.volunteer.map((v) =>
        entry({
          title: v.position || v.organization,
          subtitle: v.position ? v.organization : "",
          dates: dateText(v.dates),
          url: v.url,
          summary: v.summary,
          bullets: v.highlights,
        }),
      );
    case "awards":
      return resume.awards.map((a) =>
        entry({ title: a.title, subtitle: a.awarder, dates: dateText(a.date), summary: a.summary }),
      );
    case "certificates":
      return resume.certificates.map((c) =>
        entry({ title: c.name, subtitle: c.issuer, dates: dateText(c.date), url: c.url }),
      );
    case "publications":
      return resume.publications.map((p) =>
        entry({
          title: p.name,
          subtitle: p.publisher,
          dates: dateText(p.releaseDate),
          url: p.url,
          summary: p.summary,
        }),
      );
    case "references":
      return resume.references.map((r) => entry({ title: r.name, summary: r.reference }));
    default:
      return [];
  }
}

function itemsFor(key: string, resume: Resume): ViewItem[] {
  switch (key) {
    case "skills":
      return resume.skills.map((s) => ({
        label: clean(s.name),
        value: joinNonEmpty([cleanAll(s.keywords).join(", "), s.level ? `(${clean(s.level)})` : ""], " "),
      }));
    case "languages":
      return resume.languages.map((l) => ({ label: clean(l.language), value: clean(l.fluency) }));
    case "interests":
      return resume.interests.map((i) => ({ label: clean(i.name), value: cleanAll(i.keywords).join(", ") }));
    default:
      return [];
  }
}

const LIST_SECTIONS = new Set(["skills", "languages", "interests"]);

/** Sections with content, keyed as `section_order` names them. */
function buildSections(resume: Resume, locale: string): Map<string, ViewSection> {
  const sections = new Map<string, ViewSection>();
  const summary = clean(resume.basics.summary);
  if (summary)
    sections.set("summary", {
      key: "summary",
      title: sectionTitle("summary", locale),
      kind: "text",
      text: summary,
    });
  for (const key of STANDARD_SECTIONS) {
    const title = sectionTitle(key, locale);
    if (LIST_SECTIONS.has(key)) {
      const items = itemsFor(key, resume).filter((i) => i.label || i.value);
      if (items.length) sections.set(key, { key, title, kind: "list", items });
    } else {
      const entries = entriesFor(key, resume).filter(hasContent);
      if (entries.length) sections.set(key, { key, title, kind: "entries", entries });
    }
  }
  for (const custom of resume.custom) {
    const entries = custom.items
      .map((i) =>
        entry({
          title: i.title,
          subtitle: i.subtitle,
          dates: dateText(i.dates),
          summary: i.summary,
          bullets: i.highlights,
        }),
      )
      .filter(hasContent);
    const key = `custom:${custom.id}`;
    if (entries.length) sections.set(key, { key, title: clean(custom.title), kind: "entries", entries });
  }
  return sections;
}

function contactsOf(resume: Resume): ResumeView["contacts"] {
  const b = resume.basics;
  const contacts: ResumeView["contacts"] = [];
  const email = clean(b.email);
  if (email) contacts.push({ text: email, url: `mailto:${email}` });
  const phone = clean(b.phone);
  if (phone) contacts.push({ text: phone, url: `tel:${phone.replace(/[^+\d]/g, "")}` });
  const location = clean(formatLocation({ ...b.location, address: "", postalCode: "" }));
  if (location) contacts.push({ text: location, url: "" });
  const url = clean(b.url);
  if (url) contacts.push({ text: url.replace(/^https?:\/\//, "").replace(/\/$/, ""), url: safeUrl(url) });
  for (const p of b.profiles) {
    const text = clean(p.url)
      ? clean(p.url)
          .replace(/^https?:\/\//, "")
          .replace(/\/$/, "")
      : joinNonEmpty([p.network, p.username], ": ");
    if (text) contacts.push({ text, url: safeUrl(clean(p.url)) });
  }
  return contacts.map((c) => (c.url ? c : { text: c.text, url: "" }));
}

/** Only web, mail and phone links become clickable (`links.ts`); anything else stays plain text. */
export function safeUrl(url: string): string {
  return safeLink(url);
}

/** Flatten a resume for rendering with the export settings' order and visibility. */
export function buildResumeView(resume: Resume, settings: ExportSettings): ResumeView {
  const sections = buildSections(resume, settings.locale);
  const order = orderedVisibleSections(settings, [...sections.keys()]);
  return {
    name: clean(resume.basics.name),
    label: clean(resume.basics.label),
    contacts: contactsOf(resume),
    sections: order.map((key) => sections.get(key)!).map((s) => ({ ...s, title: s.title })),
    locale: settings.locale,
  };
}

/**
 * Every field the view draws, one string per field: the glyph check reads all
 * of them, the PDF round-trip check looks each one up in the text layer
 * (section titles excluded there, since templates may change their case).
 */
export function* viewStrings(view: ResumeView, options: { titles: boolean }): Generator<string> {
  yield view.name;
  yield view.label;
  for (const c of view.contacts) yield c.text;
  for (const s of view.sections) {
    if (options.titles) yield s.title;
    if (s.kind === "text") yield s.text;
    else if (s.kind === "list")
      for (const i of s.items) {
        yield i.label;
        yield i.value;
      }
    else
      for (const e of s.entries) {
        yield* [e.title, e.subtitle, e.dates, e.location, e.description, e.summary, e.tags, ...e.bullets];
        for (const r of e.roles) yield* [r.title, r.dates, r.location, r.summary, ...r.bullets];
      }
  }
}
