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
import { type DateRange, formatLocation, type Resume, STANDARD_SECTIONS } from "../model.js";
import { type DateFormat, type ExportSettings, orderedVisibleSections } from "../settings.js";
import { documentDate } from "./document-dates.js";
import { type DocumentLabels, documentLabels, primaryLanguage, type SectionKey } from "./document-labels.js";

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

/** What a contact is, so labelled layouts can name it ("Email", "Telefon", …). */
export type ContactKind = "email" | "phone" | "address" | "website" | "profile";

export type ViewContact = { text: string; url: string; kind: ContactKind; label: string };

export type ResumeView = {
  name: string;
  label: string;
  contacts: ViewContact[];
  sections: ViewSection[];
  /** BCP 47 tag the document is written in: the CV's detected language, else the export locale. */
  locale: string;
  /** Primary language subtag of `locale` (`de`, `zh`, …). */
  language: string;
  labels: DocumentLabels;
  /** The document title ("Jane Doe – Resume", translated). */
  title: string;
};

const clean = (s: string | undefined): string => (s ?? "").replace(STRIPPED_CHARACTERS, "").trim();
const cleanAll = (list: readonly string[]): string[] => list.map(clean).filter(Boolean);

type DateContext = { style: DateFormat; locale: string; present: string; comma: string; colon: string };

/** The date in the settings' style and the document's language. */
function dateText(range: DateRange | undefined, d: DateContext): string {
  return clean(
    documentDate(range ? { ...range, text: clean(range.text) } : undefined, d.style, d.locale, d.present),
  );
}

/**
 * Trailing separators a label may carry ("Familiar:") would double the one the layout adds. The run
 * is matched from its first character only, so a long one is read once.
 */
const stripTrailingPunctuation = (s: string) => s.replace(/(?<![\s:：,;，；])[\s:：,;，；]+$/u, "");

function joinNonEmpty(parts: readonly string[], separator: string): string {
  return parts
    .map((p) => stripTrailingPunctuation(clean(p)))
    .filter(Boolean)
    .join(separator);
}

const same = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: "base" }) === 0;

function entry(partial: Partial<ViewEntry>): ViewEntry {
  const title = clean(partial.title);
  const subtitle = clean(partial.subtitle);
  const summary = clean(partial.summary);
  const description = clean(partial.description);
  return {
    title,
    // A field is printed once: a subtitle equal to the title, or a description equal to the summary, goes.
    subtitle: same(subtitle, title) ? "" : subtitle,
    dates: clean(partial.dates),
    location: clean(partial.location),
    url: safeLink(clean(partial.url)),
    description: same(description, summary) ? "" : description,
    summary,
    bullets: cleanAll(partial.bullets ?? []),
    tags: clean(partial.tags),
    roles: partial.roles ?? [],
  };
}

const hasContent = (e: ViewEntry) =>
  Boolean(e.title || e.subtitle || e.description || e.summary || e.bullets.length || e.roles.length);

function workEntries(resume: Resume, d: DateContext): ViewEntry[] {
  return resume.work.map((w) => {
    const positions = w.positions.map((p) => ({
      title: clean(p.title),
      dates: dateText(p.dates, d),
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

function entriesFor(key: string, resume: Resume, scoreLabel: string, d: DateContext): ViewEntry[] {
  switch (key) {
    case "work":
      return workEntries(resume, d);
    case "education":
      return resume.education.map((e) =>
        entry({
          title: e.institution,
          subtitle: joinNonEmpty([e.studyType, e.area], d.comma),
          dates: dateText(e.dates, d),
          location: e.location,
          url: e.url,
          summary: [clean(e.summary), clean(e.score) ? `${scoreLabel}: ${clean(e.score)}` : ""]
            .filter(Boolean)
            .join(" "),
          tags: cleanAll(e.courses).join(d.comma),
        }),
      );
    case "projects":
      return resume.projects.map((p) =>
        entry({
          title: p.name,
          subtitle: joinNonEmpty([cleanAll(p.roles).join(d.comma), p.entity], d.comma),
          dates: dateText(p.dates, d),
          url: p.url,
          summary: p.description,
          bullets: p.highlights,
          tags: cleanAll(p.keywords).join(d.comma),
        }),
      );
    case "volunteer":
      return resume.volunteer.map((v) =>
        entry({
          title: v.position || v.organization,
          subtitle: v.position ? v.organization : "",
          dates: dateText(v.dates, d),
          url: v.url,
          summary: v.summary,
          bullets: v.highlights,
        }),
      );
    case "awards":
      return resume.awards.map((a) =>
        entry({ title: a.title, subtitle: a.awarder, dates: dateText(a.date, d), summary: a.summary }),
      );
    case "certificates":
      return resume.certificates.map((c) =>
        entry({ title: c.name, subtitle: c.issuer, dates: dateText(c.date, d), url: c.url }),
      );
    case "publications":
      return resume.publications.map((p) =>
        entry({
          title: p.name,
          subtitle: p.publisher,
          dates: dateText(p.releaseDate, d),
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

function itemsFor(key: string, resume: Resume, d: DateContext): ViewItem[] {
  switch (key) {
    case "skills":
      return resume.skills.map((s) => {
        const label = stripTrailingPunctuation(clean(s.name));
        const keywords = cleanAll(s.keywords).filter((k) => !same(k, label));
        const level = clean(s.level);
        return {
          label,
          value: [keywords.join(d.comma), level ? `(${level})` : ""].filter(Boolean).join(" "),
        };
      });
    case "languages":
      return resume.languages.map((l) => {
        const label = stripTrailingPunctuation(clean(l.language));
        const fluency = clean(l.fluency);
        return { label, value: same(fluency, label) ? "" : fluency };
      });
    case "interests":
      return resume.interests.map((i) => {
        const label = stripTrailingPunctuation(clean(i.name));
        return {
          label,
          value: cleanAll(i.keywords)
            .filter((k) => !same(k, label))
            .join(", "),
        };
      });
    default:
      return [];
  }
}

const LIST_SECTIONS = new Set(["skills", "languages", "interests"]);

/** Sections with content, keyed as `section_order` names them. */
function buildSections(resume: Resume, labels: DocumentLabels, d: DateContext): Map<string, ViewSection> {
  const sections = new Map<string, ViewSection>();
  const summary = clean(resume.basics.summary);
  if (summary)
    sections.set("summary", {
      key: "summary",
      title: labels.sections.summary,
      kind: "text",
      text: summary,
    });
  for (const key of STANDARD_SECTIONS) {
    const title = labels.sections[key as SectionKey] ?? key;
    if (LIST_SECTIONS.has(key)) {
      const items = itemsFor(key, resume, d).filter((i) => i.label || i.value);
      if (items.length) sections.set(key, { key, title, kind: "list", items });
    } else {
      const entries = entriesFor(key, resume, labels.score, d).filter(hasContent);
      if (entries.length) sections.set(key, { key, title, kind: "entries", entries });
    }
  }
  for (const custom of resume.custom) {
    const entries = custom.items
      .map((i) =>
        entry({
          title: i.title,
          subtitle: i.subtitle,
          dates: dateText(i.dates, d),
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

function contactsOf(resume: Resume, labels: DocumentLabels): ViewContact[] {
  const b = resume.basics;
  const contacts: ViewContact[] = [];
  const add = (kind: ContactKind, text: string, url: string, label: string) => {
    // The same address listed as the website and as a profile is printed once.
    if (text && !contacts.some((c) => same(c.text, text))) contacts.push({ kind, text, url, label });
  };
  const email = clean(b.email);
  if (email) add("email", email, `mailto:${email}`, labels.email);
  const phone = clean(b.phone);
  if (phone) add("phone", phone, `tel:${phone.replace(/[^+\d]/g, "")}`, labels.phone);
  const location = clean(formatLocation({ ...b.location, address: "", postalCode: "" }));
  if (location) add("address", location, "", labels.address);
  const url = clean(b.url);
  if (url) add("website", url.replace(/^https?:\/\//, "").replace(/\/$/, ""), safeUrl(url), labels.website);
  for (const p of b.profiles) {
    const text = clean(p.url)
      ? clean(p.url)
          .replace(/^https?:\/\//, "")
          .replace(/\/$/, "")
      : joinNonEmpty([p.network, p.username], ": ");
    add("profile", text, safeUrl(clean(p.url)), stripTrailingPunctuation(clean(p.network)) || labels.website);
  }
  return contacts;
}

/** Only web, mail and phone links become clickable (`links.ts`); anything else stays plain text. */
export function safeUrl(url: string): string {
  return safeLink(url);
}

/**
 * The language a document is written in: the parser's `meta.language` when it detected one,
 * else the export settings' locale. A locale with the same language keeps its region (`en-US`).
 */
export function documentLocale(resume: Resume, settings: ExportSettings): string {
  const detected = (resume.meta as { language?: unknown }).language;
  if (typeof detected !== "string" || !/^[a-z]{2,3}$/i.test(detected)) return settings.locale;
  return primaryLanguage(settings.locale) === detected.toLowerCase()
    ? settings.locale
    : detected.toLowerCase();
}

/** Flatten a resume for rendering with the export settings' order, visibility and date style. */
export function buildResumeView(resume: Resume, settings: ExportSettings): ResumeView {
  const locale = documentLocale(resume, settings);
  const labels = documentLabels(locale);
  const d: DateContext = {
    style: settings.date_format,
    locale,
    present: labels.present,
    comma: labels.comma,
    colon: labels.colon,
  };
  const sections = buildSections(resume, labels, d);
  const order = orderedVisibleSections(settings, [...sections.keys()]);
  const name = clean(resume.basics.name);
  return {
    name,
    label: clean(resume.basics.label),
    contacts: contactsOf(resume, labels),
    sections: order.map((key) => sections.get(key)!),
    locale,
    language: primaryLanguage(locale),
    labels,
    title: name ? `${name} – ${labels.resume}` : labels.resume,
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
  if (options.titles) yield* [view.labels.contact, view.labels.personalDetails, view.title];
  if (options.titles) for (const c of view.contacts) yield c.label;
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
