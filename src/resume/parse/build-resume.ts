/**
 * Text lines → `Resume`: the format-neutral half of every parser.
 *
 * Layers: lines → sections (headings) → entries (gaps, bullets, dates) →
 * fields (scored features). Each extracted field records a confidence in
 * `meta.confidence` under its JSON path so the UI can ask the user to check
 * the uncertain ones.
 */
import {
  type EmptySection,
  MODEL_LIMITS,
  type Resume,
  type ResumeInput,
  resumeSchema,
  STANDARD_SECTIONS,
  type StandardSection,
} from "../model.js";
import { applyDoubts, findDoubts } from "./doubts.js";
import { extractBasics } from "./extract/basics.js";
import { isChronology, readChronology } from "./extract/chronology.js";
import { educationFromChronology, workFromChronology } from "./extract/chronology-entries.js";
import { extractEducation } from "./extract/education.js";
import { joinWrapped } from "./extract/entry-header.js";
import { findEmail, findPhone } from "./extract/features.js";
import { looksLikeAddress } from "./extract/location.js";
import {
  extractAwards,
  extractCertificates,
  extractCustom,
  extractInterests,
  extractLanguages,
  extractProjects,
  extractPublications,
  extractReferences,
} from "./extract/other-sections.js";
import { extractSkills } from "./extract/skills.js";
import { extractWork } from "./extract/work.js";
import { withoutIconGlyphs } from "./glyphs.js";
import { splitEntries } from "./layout/entries.js";
import { type Section, splitSections } from "./layout/sections.js";
import { detectLanguage, LEVEL_PATTERN, readLabelledSegments } from "./lexicon/index.js";
import { placeLines } from "./placement.js";
import { boundLineLengths, type TextLine } from "./text-line.js";

export type SourceFormat = "pdf" | "docx" | "text" | "markdown" | "image";

/** Builds a validated resume from text lines. `parsedAt` stamps `meta.source`. */
export function buildResume(
  sourceLines: TextLine[],
  format: SourceFormat,
  parsedAt: Date,
): { resume: Resume; warnings: string[]; placedShare: number } {
  const warnings: string[] = [];
  // Icon glyphs are dropped here for every format: no field holds a character only an icon font has.
  const lines = sourceLines.flatMap((l) => withoutIconGlyphs(l) ?? []);
  const { header, sections, headings } = splitSections(boundLineLengths(lines));
  const confidence: Record<string, number> = {};
  const input: Required<Pick<ResumeInput, StandardSection | "custom">> = {
    work: [],
    education: [],
    skills: [],
    projects: [],
    volunteer: [],
    awards: [],
    certificates: [],
    publications: [],
    languages: [],
    interests: [],
    references: [],
    custom: [],
  };
  const contactLines: TextLine[] = [];
  const summaryParts: string[] = [];
  const readAsContact = new Set<Section>();

  const prefix = (key: string, index: number, values: Record<string, number>) => {
    for (const [field, value] of Object.entries(values))
      confidence[`${key}.${index}.${field}`] = round(value);
  };

  for (const section of sections) {
    const entries = () => splitEntries(section.lines);
    confidence[`sections.${section.kind === "custom" ? `custom.${section.title}` : section.kind}`] = round(
      section.confidence,
    );
    switch (section.kind) {
      case "summary":
        // A sidebar "About" block of short contact lines is contact data, not a summary.
        if (isContactBlock(section.lines)) {
          contactLines.push(...section.lines);
          readAsContact.add(section);
        } else
          summaryParts.push(
            section.lines.map((l) => l.text).reduce((a, b) => (a ? joinWrapped(a, b) : b), ""),
          );
        break;
      case "contact":
      case "profiles":
        contactLines.push(...section.lines);
        readPersonalFacts(section.lines, input, confidence);
        break;
      case "work":
      case "volunteer": {
        const { work, confidence: c } = isChronology(section.lines)
          ? workFromChronology(readChronology(section.lines))
          : extractWork(entries());
        if (section.kind === "work") {
          const offset = input.work.length;
          input.work.push(...work);
          for (const [i, values] of c.entries()) prefix("work", offset + i, values);
        } else {
          for (const w of work) {
            for (const p of w.positions ?? []) {
              input.volunteer.push({
                organization: w.name,
                position: p.title,
                dates: p.dates,
                summary: p.summary,
                highlights: p.highlights,
                url: w.url,
              });
            }
          }
        }
        break;
      }
      case "education": {
        const { education, confidence: c } = isChronology(section.lines)
          ? educationFromChronology(readChronology(section.lines))
          : extractEducation(entries());
        const offset = input.education.length;
        input.education.push(...education);
        for (const [i, values] of c.entries()) prefix("education", offset + i, values);
        break;
      }
      case "skills": {
        const { skills, routed } = extractSkills(section.lines, section.title);
        // A skill group is as sure as the heading it sits under, less for loose single items.
        for (const [i, skill] of skills.entries())
          confidence[`skills.${input.skills.length + i}`] = round(
            section.confidence * ((skill.keywords?.length ?? 0) > 1 || skill.name ? 1 : 0.85),
          );
        input.skills.push(...skills);
        for (const { kind, line } of routed) {
          if (kind === "languages") input.languages.push(...extractLanguages([line]));
          else if (kind === "interests") input.interests.push(...extractInterests([line]));
          else if (kind === "certificates") input.certificates.push({ name: line.text });
          else input.custom.push({ title: kind, items: [{ title: line.text }] });
        }
        break;
      }
      case "projects":
        input.projects.push(...extractProjects(entries()));
        break;
      case "awards":
        input.awards.push(...extractAwards(entries()));
        break;
      case "certificates":
        input.certificates.push(...extractCertificates(entries()));
        break;
      case "publications":
        input.publications.push(...extractPublications(entries()));
        break;
      case "languages":
        input.languages.push(...extractLanguages(section.lines));
        break;
      case "interests":
        input.interests.push(...extractInterests(section.lines));
        break;
      case "references":
        input.references.push(...extractReferences(section.lines));
        break;
      case "custom": {
        const group = skillGroup(section.title, section.lines);
        if (group) {
          confidence[`skills.${input.skills.length}`] = 0.6;
          input.skills.push(group);
          break;
        }
        const custom = extractCustom(section.title, section.lines, entries());
        if (custom.items?.length) input.custom.push(custom);
        break;
      }
    }
  }

  const { basics, confidence: basicsConfidence } = extractBasics(header, contactLines, lines);
  Object.assign(confidence, basicsConfidence);
  // A summary paragraph above the first heading (no "Summary" title) is still the summary.
  if (summaryParts.length === 0) {
    const prose = header.filter((l) => l.text.length > 60 && !/@/.test(l.text));
    if (prose.length) summaryParts.push(prose.map((l) => l.text).reduce((a, b) => joinWrapped(a, b)));
  }
  basics.summary = summaryParts.join("\n\n");

  const language = detectLanguage(lines.map((l) => l.text));
  if (!basics.name) warnings.push("No name was recognised; please fill it in.");
  if (sections.length === 0)
    warnings.push("No section headings were recognised; the content may be incomplete.");

  const resume = parseClamped({
    basics,
    ...input,
    meta: {
      confidence,
      ...(language ? { language } : {}),
      source: { format, parsed_at: parsedAt.toISOString() },
    },
  });
  assignIds(resume);
  applyDoubts(resume.meta.confidence, findDoubts(resume, language));
  const placement = placeLines(
    resume,
    lines,
    sections.map((s) => s.title),
  );
  resume.meta.unplaced = placement.unplaced;
  resume.meta.sources = placement.sources;
  const empty = emptySections(resume, headings, readAsContact);
  if (empty.length) resume.meta.empty_sections = empty;
  return { resume, warnings, placedShare: placement.placedShare };
}

/**
 * Headings of standard sections (and the summary) whose section came out empty: their lines were
 * read into another section, listed as unplaced, or there were none under the heading (a column
 * read elsewhere). The review screen flags them. A references heading alone is "on request".
 */
function emptySections(resume: Resume, headings: Section[], readAsContact: Set<Section>): EmptySection[] {
  const out: EmptySection[] = [];
  const seen = new Set<string>();
  for (const heading of headings) {
    const { kind } = heading;
    if (kind === "custom" || kind === "contact" || kind === "profiles" || readAsContact.has(heading))
      continue;
    if (kind === "references" && heading.lines.length === 0) continue;
    const filled = kind === "summary" ? resume.basics.summary.trim() !== "" : resume[kind].length > 0;
    if (filled || seen.has(kind) || out.length >= MODEL_LIMITS.emptySections) continue;
    seen.add(kind);
    out.push({
      section: kind,
      heading: heading.title.slice(0, MODEL_LIMITS.shortText),
      ...(heading.source ? { source: heading.source } : {}),
    });
  }
  return out;
}

/** Short lines, one of them an e-mail, phone or address: a contact block under any title. */
function isContactBlock(lines: TextLine[]): boolean {
  if (lines.length === 0 || lines.length > 12) return false;
  const short = lines.filter((l) => l.text.split(/\s+/).length <= 5 && !/[.!?]$/.test(l.text));
  return (
    short.length >= 0.6 * lines.length &&
    lines.some((l) => findEmail(l.text) || findPhone(l.text) || looksLikeAddress(l.text))
  );
}

/**
 * A titled block of a proficiency word and short items ("WEB DEVELOPMENT" /
 * "MASTER" / "HTML" "CSS"): a skill group named by its title.
 */
function skillGroup(
  title: string,
  lines: TextLine[],
): NonNullable<ResumeInput["skills"]>[number] | undefined {
  const texts = lines.flatMap((l) => l.segments).map((t) => t.trim());
  const levels = texts.filter((t) => LEVEL_PATTERN.test(t));
  const items = texts.filter((t) => !LEVEL_PATTERN.test(t));
  if (levels.length !== 1 || items.length < 2) return undefined;
  if (!items.every((t) => t.split(/\s+/).length <= 3 && !/\d{4}|[.!?]$/.test(t))) return undefined;
  return { name: title, level: levels[0]!, keywords: items };
}

/**
 * A personal-details table may state the current job and the qualifications
 * ("Derzeitige Tätigkeit: Lead-Entwickler", "Schulabschluss: Abitur") instead of
 * listing them under their own headings: they become entries.
 */
function readPersonalFacts(
  lines: TextLine[],
  input: Pick<Required<ResumeInput>, "work" | "education">,
  confidence: Record<string, number>,
): void {
  for (const line of lines) {
    const fact = readLabelledSegments(line.segments);
    if (!fact?.value) continue;
    if (fact.kind === "currentPosition") {
      // Spaces before a separator are matched from the first of them only: a long run is read once.
      const [title, ...others] = fact.value.split(/(?:(?<!\s)\s+)?[,;/]\s*/);
      const index = input.work.length;
      input.work.push({
        name: "",
        positions: [{ title, summary: others.join(", "), dates: { text: "", current: true } }],
      });
      confidence[`work.${index}.positions.0.title`] = 0.6;
    } else if (fact.kind === "qualification") {
      const index = input.education.length;
      input.education.push({ institution: "", studyType: fact.value });
      confidence[`education.${index}.studyType`] = 0.6;
    }
  }
}

function round(value: number): number {
  return Math.round(Math.max(0, Math.min(1, value)) * 100) / 100;
}

/**
 * Validates against the model, truncating whatever exceeds a cap (long
 * strings, long lists) instead of failing: parsed input is never rejected for
 * being verbose, and the stored result stays bounded.
 */
export function parseClamped(input: ResumeInput): Resume {
  // Almost every resume fits: it is validated as it is, and copied only when something must be cut.
  const first = resumeSchema.safeParse(input);
  if (first.success) return first.data;
  const draft = structuredClone(input) as Record<string, unknown>;
  for (let attempt = 0; attempt < 50; attempt++) {
    const result = attempt === 0 ? first : resumeSchema.safeParse(draft);
    if (result.success) return result.data;
    let fixed = false;
    for (const issue of result.error.issues) {
      if (issue.code !== "too_big" || typeof issue.maximum !== "number") continue;
      const parentPath = issue.path.slice(0, -1);
      const key = issue.path.at(-1);
      let parent: unknown = draft;
      for (const p of parentPath) parent = (parent as Record<PropertyKey, unknown>)[p as PropertyKey];
      const container = parent as Record<PropertyKey, unknown>;
      const value = key === undefined ? undefined : container[key as PropertyKey];
      if (typeof value === "string") container[key as PropertyKey] = value.slice(0, Number(issue.maximum));
      else if (Array.isArray(value)) value.length = Number(issue.maximum);
      else continue;
      fixed = true;
    }
    if (!fixed) throw result.error;
  }
  return resumeSchema.parse(draft);
}

/** Deterministic ids (`work-0`, `work-0-p1`) so re-parsing the same file yields the same ids. */
export function assignIds(resume: Resume): void {
  const lists = [...STANDARD_SECTIONS, "custom"] as const;
  for (const key of lists) {
    resume[key].forEach((entry, i) => {
      entry.id = `${key}-${i}`;
    });
  }
  resume.work.forEach((w, i) => {
    w.positions.forEach((p, j) => {
      p.id = `work-${i}-p${j}`;
    });
  });
  resume.custom.forEach((c, i) => {
    c.items.forEach((item, j) => {
      item.id = `custom-${i}-i${j}`;
    });
  });
  resume.basics.profiles.forEach((p, i) => {
    p.id = `profile-${i}`;
  });
}
