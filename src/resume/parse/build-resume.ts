/**
 * Text lines → `Resume`: the format-neutral half of every parser.
 *
 * Layers: lines → sections (headings) → entries (gaps, bullets, dates) →
 * fields (scored features). Each extracted field records a confidence in
 * `meta.confidence` under its JSON path so the UI can ask the user to check
 * the uncertain ones.
 */
import {
  type Resume,
  type ResumeInput,
  resumeSchema,
  STANDARD_SECTIONS,
  type StandardSection,
} from "../model.js";
import { extractBasics } from "./extract/basics.js";
import { extractEducation } from "./extract/education.js";
import { joinWrapped } from "./extract/entry-header.js";
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
import { splitEntries } from "./layout/entries.js";
import { splitSections } from "./layout/sections.js";
import type { TextLine } from "./text-line.js";

export type SourceFormat = "pdf" | "docx" | "text" | "markdown" | "image";

/** Builds a validated resume from text lines. `parsedAt` stamps `meta.source`. */
export function buildResume(
  lines: TextLine[],
  format: SourceFormat,
  parsedAt: Date,
): { resume: Resume; warnings: string[] } {
  const warnings: string[] = [];
  const { header, sections } = splitSections(lines);
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
        summaryParts.push(section.lines.map((l) => l.text).reduce((a, b) => (a ? joinWrapped(a, b) : b), ""));
        break;
      case "contact":
      case "profiles":
        contactLines.push(...section.lines);
        break;
      case "work":
      case "volunteer": {
        const { work, confidence: c } = extractWork(entries());
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
        const { education, confidence: c } = extractEducation(entries());
        const offset = input.education.length;
        input.education.push(...education);
        for (const [i, values] of c.entries()) prefix("education", offset + i, values);
        break;
      }
      case "skills":
        input.skills.push(...extractSkills(section.lines));
        break;
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

  if (!basics.name) warnings.push("No name was recognised; please fill it in.");
  if (sections.length === 0)
    warnings.push("No section headings were recognised; the content may be incomplete.");

  const resume = parseClamped({
    basics,
    ...input,
    meta: { confidence, source: { format, parsed_at: parsedAt.toISOString() } },
  });
  assignIds(resume);
  return { resume, warnings };
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
  const draft = structuredClone(input) as Record<string, unknown>;
  for (let attempt = 0; attempt < 50; attempt++) {
    const result = resumeSchema.safeParse(draft);
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
