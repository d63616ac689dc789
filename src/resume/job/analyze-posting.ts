/**
 * Job analysis: a posting (text, Markdown, HTML or JSON Resume job) → title,
 * company, location, seniority, must-have and nice-to-have requirements,
 * responsibilities and skills. Deterministic and offline.
 *
 * Skills come from two general mechanisms, never from capitalisation alone
 * (which is how "York" and "Doctolib Paris" became skills before):
 * 1. the lexicon (`skills-lexicon.json`), longest match first, synonyms joined;
 * 2. lists: in a requirement listing several items ("Triton, TensorRT or
 *    vLLM"), a short item next to known skills is a skill too, even when the
 *    lexicon lacks it — unless it names the employer or the location.
 */
import { replaceBracketed } from "../bracketed.js";
import type { JobAnalysis, PostingSkill, Requirement } from "./analysis.js";
import { type JsonResumeJob, jsonJobIn } from "./json-resume-job.js";
import { type SkillLexicon, skillLexicon } from "./lexicon.js";
import { type PostingLine, postingLines } from "./posting-lines.js";
import {
  ABOUT_COMPANY_HEADING,
  BENEFIT_SENTENCE,
  COMPANY_LABEL,
  COMPANY_SENTENCES,
  classifyHeading,
  detectLanguage,
  LOCATION_LABEL,
  LOCATION_SENTENCE,
  NICE_MARKER,
  REMOTE_WORDS,
  REQUIREMENT_MARKER,
  SENIORITY,
  type SectionKind,
  TITLE_LABEL,
  TITLE_MARKERS,
  YEARS,
} from "./posting-vocabulary.js";

/** What the analyzer accepts: free text (any supported form) or a JSON Resume job. */
export type PostingInput = string | JsonResumeJob;

type Line = PostingLine & { section: SectionKind };

const MAX_TEXT = 100_000;

/** Analyze a posting. */
export function analyzePosting(input: PostingInput, lexicon: SkillLexicon = skillLexicon()): JobAnalysis {
  const json = typeof input === "string" ? jsonJobIn(input) : input;
  if (json) return analyzeJsonJob(json, lexicon);
  const lines = sectioned(postingLines((input as string).slice(0, MAX_TEXT)));
  const { parts } = findTitle(lines);
  const byline = findByline(lines, findTitle(lines).index);
  const named = findCompany(lines, byline.company);
  // "Engineer – Acme – Berlin": what follows the role is the employer and place, unless the employer is
  // named elsewhere and differs ("Registered Nurse - Intensive Care Unit").
  const same = (a: string | undefined, b: string | null) => !!a && !!b && a.toLowerCase() === b.toLowerCase();
  let companyAt = parts.findIndex((p, i) => i > 0 && same(p, named));
  if (companyAt === -1 && !named && parts.length > 1) companyAt = 1;
  const company = named ?? (companyAt > 0 ? parts[companyAt]! : null);
  const location =
    findLocation(lines) ?? byline.location ?? (companyAt > 0 ? (parts[companyAt + 1] ?? null) : null);
  const roleParts =
    companyAt > 0 ? parts.slice(0, companyAt) : parts.filter((p, i) => i === 0 || !same(p, location));
  const title = { title: roleParts.join(" - ") || null };
  const all = lines.map((l) => l.text).join("\n");
  const requirements = findRequirements(lines, lexicon, [company, location]);
  const responsibilities = lines
    .filter((l) => l.section === "responsibilities" && !l.heading)
    .map((l) => l.text)
    .slice(0, 200);
  const skillLines = lines.filter((l) => ["other", "responsibilities"].includes(l.section) && !l.heading);
  return {
    title: title.title,
    company,
    location,
    remote: findRemote(all),
    seniority: findSeniority(title.title ?? "", requirements),
    language: detectLanguage(all),
    requirements,
    responsibilities,
    skills: collectSkills(
      requirements,
      skillLines.map((l) => l.text),
      title.title,
      lexicon,
      [company, location],
    ),
  };
}

function analyzeJsonJob(job: JsonResumeJob, lexicon: SkillLexicon): JobAnalysis {
  const location =
    typeof job.location === "string"
      ? job.location
      : job.location
        ? [job.location.city, job.location.region, job.location.countryCode].filter(Boolean).join(", ") ||
          null
        : null;
  const descriptionLines = job.description ? sectioned(postingLines(job.description)) : [];
  const qualificationLines: Line[] = (job.qualifications ?? []).map((text) => ({
    text,
    heading: false,
    bullet: true,
    section: "requirements",
  }));
  const company = job.company?.trim() || null;
  const requirements = findRequirements([...qualificationLines, ...descriptionLines], lexicon, [
    company,
    location,
  ]);
  const explicit = (job.skills ?? []).flatMap((s) => [...(s.keywords ?? []), ...(s.name ? [s.name] : [])]);
  if (explicit.length) {
    // The job's own skill list leads: it is what the employer chose to name.
    requirements.unshift({
      id: "r0",
      text: explicit.join(", ").slice(0, 2_000),
      kind: "must",
      skills: unique(explicit.map((k) => lexicon.match(k)[0]?.skill ?? k.trim())).slice(0, 40),
    });
    requirements.forEach((r, i) => {
      r.id = `r${i + 1}`;
    });
  }
  const remoteText = `${job.remote ?? ""} ${job.description ?? ""}`;
  const remote = /^full$/i.test(job.remote ?? "")
    ? "remote"
    : /^none$/i.test(job.remote ?? "")
      ? "onsite"
      : findRemote(remoteText);
  const title = job.title ? cleanTitle(job.title) : null;
  return {
    title,
    company,
    location,
    remote,
    seniority: findSeniority(`${title ?? ""} ${job.experience ?? ""}`, requirements),
    language: detectLanguage([job.title, job.description, ...(job.qualifications ?? [])].join(" ")),
    requirements,
    responsibilities: (job.responsibilities ?? []).slice(0, 200),
    skills: collectSkills(
      requirements,
      [...(job.responsibilities ?? []), ...descriptionLines.filter((l) => !l.heading).map((l) => l.text)],
      title,
      lexicon,
      [company, location],
    ),
  };
}

/** Each line with the kind of section it sits in (the kind of the nearest heading above). */
function sectioned(lines: PostingLine[]): Line[] {
  let section: SectionKind = "other";
  return lines.map((l) => {
    if (l.heading) {
      const kind = classifyHeading(l.text);
      // A heading that is the job title (first line, h1) does not open a section.
      if (kind !== "other" || l.level === undefined || l.level > 1) section = kind;
      return { ...l, section: kind };
    }
    return { ...l, section };
  });
}

// Runs of spaces and separators are matched from their first character only (the lookbehinds), so a
// long run is read once, not again from each of its characters.
const WAY_OF_WORKING = /\b(?:remote|hybrid|remoto|télétravail|homeoffice)\b/i;

function cleanTitle(text: string): string {
  // "Engineer (Remote)", "Engineer (hybrid, Berlin)": the way of working and the space before it go.
  const withoutWay = replaceBracketed(text.replace(TITLE_MARKERS, ""), (before, inner) =>
    WAY_OF_WORKING.test(inner) ? before.trimEnd() : `${before}(${inner})`,
  );
  return withoutWay
    .replace(/\(\s*\)|\[\s*\]/g, "")
    .replace(/\s{2,}/g, " ")
    .replace(/(?<![\s,–—|-])[\s,–—|-]+$/, "")
    .trim();
}

function findTitle(lines: Line[]): { parts: string[]; index: number } {
  for (const [i, l] of lines.slice(0, 40).entries()) {
    const m = TITLE_LABEL.exec(l.text);
    if (m) return { parts: [cleanTitle(m[1]!)], index: i };
  }
  const index = Math.max(
    0,
    lines.findIndex((l, i) =>
      i < 6 && l.heading && l.level === 1
        ? true
        : i < 3 && l.text.split(/\s+/).length <= 14 && classifyHeading(l.text) === "other",
    ),
  );
  const first = lines[index];
  if (!first || first.text.split(/\s+/).length > 14) return { parts: [], index: -1 };
  // "Senior Engineer – Acme – Berlin", "Data Analyst at Acme", "Infirmier H/F | Clinique X".
  const parts = first.text
    .split(/(?<!\s)(?:\s+[|–—-]\s+|\s+(?:at|@|chez|bei)\s+(?=\p{Lu}))/u)
    .map(cleanTitle)
    .filter(Boolean);
  return { parts, index };
}

/** The line under the title when it reads "Company - City" or "Company, City". */
function findByline(lines: Line[], titleIndex: number): { company: string | null; location: string | null } {
  const l = titleIndex >= 0 ? lines[titleIndex + 1] : undefined;
  if (
    !l ||
    l.bullet ||
    l.text.split(/\s+/).length > 8 ||
    /[.!?:]$/.test(l.text) ||
    LOCATION_LABEL.test(l.text)
  )
    return { company: null, location: null };
  const dashed = l.text.split(/(?<!\s)\s+[|–—-]\s+/);
  const parts = dashed.length > 1 ? dashed : l.text.split(/,\s+/);
  if (parts.length !== 2) return { company: null, location: null };
  return { company: parts[0]!.trim(), location: parts[1]!.trim() };
}

const LEADING_ARTICLE = /^(?:the|das|die|der|le|la|les|el|los)\s+|^l['’]/i;

function findCompany(lines: Line[], byline: string | null): string | null {
  for (const l of lines.slice(0, 60)) {
    const m = COMPANY_LABEL.exec(l.text);
    if (m) return m[1]!.trim();
  }
  for (const l of lines) {
    if (!l.heading) continue;
    const m = ABOUT_COMPANY_HEADING.exec(l.text);
    if (
      m &&
      !/^(?:you|us|the role|the team|the job|the position|the company|uns|vous|nous|ti|nosotros|le poste|el puesto)\b/i.test(
        m[1]!,
      )
    )
      return m[1]!.replace(/[:.]$/, "").trim();
  }
  if (byline) return byline;
  for (const l of lines) {
    for (const re of COMPANY_SENTENCES) {
      const m = re.exec(l.text);
      if (m && !/^(?:we|you|our|the|this|wir|nous|vous|nosotros|en este|in this)$/i.test(m[1]!))
        return m[1]!.replace(LEADING_ARTICLE, "").trim();
    }
  }
  return null;
}

function findLocation(lines: Line[]): string | null {
  for (const l of lines.slice(0, 80)) {
    const m = LOCATION_LABEL.exec(l.text);
    if (m) return placeOnly(m[1]!);
  }
  for (const l of lines.slice(0, 40)) {
    const m = LOCATION_SENTENCE.exec(l.text);
    if (m) return m[1]!.trim();
  }
  return null;
}

/** "Nantes, télétravail partiel" → "Nantes": the way of working is `remote`, not part of the place. */
function placeOnly(text: string): string | null {
  let place = text.trim();
  for (const [, re] of REMOTE_WORDS) {
    const m = re.exec(place);
    if (m) place = place.slice(0, m.index);
  }
  place = place
    .replace(/\b(?:or|oder|ou|o|and|und|et|y)\s*$/i, "")
    .replace(/\b(?:télétravail|teletrabajo)\b.*$/i, "")
    .replace(/(?<![\s,;(–—-])[\s,;(–—-]+$/, "")
    .trim();
  return place ? place.slice(0, 300) : null;
}

function findRemote(text: string): JobAnalysis["remote"] {
  for (const [kind, re] of REMOTE_WORDS) if (re.test(text)) return kind;
  return null;
}

function findSeniority(title: string, requirements: Requirement[]): JobAnalysis["seniority"] {
  for (const [level, re] of SENIORITY) if (re.test(title)) return level as JobAnalysis["seniority"];
  const years = Math.max(-1, ...requirements.filter((r) => r.kind === "must").map((r) => r.years ?? -1));
  if (years < 0) return null;
  return years >= 5 ? "senior" : years >= 2 ? "mid" : "junior";
}

/** Requirement lines: those under requirement headings, else sentences that read as requirements. */
function findRequirements(lines: Line[], lexicon: SkillLexicon, exclude: (string | null)[]): Requirement[] {
  const hasSections = lines.some((l) => l.section === "requirements" || l.section === "nice");
  const out: Requirement[] = [];
  for (const l of lines) {
    if (l.heading) continue;
    const inSection = l.section === "requirements" || l.section === "nice";
    const sentences = l.bullet ? [l.text] : splitSentences(l.text);
    for (const sentence of sentences) {
      const marked = REQUIREMENT_MARKER.test(sentence) || NICE_MARKER.test(sentence);
      if (!inSection && (hasSections || l.section !== "other" || !marked)) continue;
      if (sentence.length < 3 || /:$/.test(sentence) || BENEFIT_SENTENCE.test(sentence)) continue;
      const kind = l.section === "nice" || NICE_MARKER.test(sentence) ? "nice" : "must";
      const years = YEARS.exec(sentence);
      const skills = skillsOf(sentence, lexicon, exclude).map((s) => s.name);
      out.push({
        id: `r${out.length + 1}`,
        text: sentence,
        kind,
        skills: unique(skills).slice(0, 40),
        ...(years ? { years: Math.min(60, Number(years[1])) } : {}),
      });
      if (out.length >= 150) return out;
    }
  }
  return out;
}

function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?;])\s+(?=\p{Lu})/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

type FoundSkill = { name: string; asWritten: string; domain: string; known: boolean };

const LIST_SEPARATOR =
  /(?:(?<!\s)\s+)?(?:,|;|\band\b|\bor\b|\bund\b|\boder\b|\bsowie\b|\bet\b|\bou\b|\by\b|\bo\b|\be\b)\s*/i;
const LIST_LEAD =
  /^(?:e\.g\.|i\.e\.|such as|like|including|incl\.|z\.\s?b\.|wie|etwa|par exemple|comme|tels? que|como|p\.\s?ej\.|experience (?:with|in)|knowledge of)\s+/i;
// The first alternative reads up to the second capital or digit with letters that are neither, so a
// long word without one is read once.
const TECH_SHAPE =
  /^(?:\p{Lu}[\p{Ll}\p{Lt}\p{Lm}\p{Lo}]*[\p{Lu}\p{N}][\p{L}\p{N}]*|[\p{L}]+[.+#][\p{L}\p{N}.+#]*|\p{Lu}{2,6}s?|[\p{L}]+\d[\p{L}\p{N}]*)$/u;

/** Skills of one line: lexicon matches, plus unknown items of lists that hold known skills. */
function skillsOf(text: string, lexicon: SkillLexicon, exclude: (string | null)[]): FoundSkill[] {
  const matches = lexicon.match(text);
  const found: FoundSkill[] = matches.map((m) => ({
    name: m.skill,
    asWritten: m.text,
    domain: m.domain,
    known: true,
  }));
  if (matches.length === 0) return found;
  const excluded = exclude.filter(Boolean).map((e) => e!.toLowerCase());
  // Items of parenthesised or comma lists: "(Triton, TensorRT or vLLM)".
  for (const group of text.split(/[():]/)) {
    const items = group.split(LIST_SEPARATOR).map((s) => s.replace(LIST_LEAD, "").trim());
    if (items.length < 3) continue;
    const knownItems = items.filter((item) => lexicon.match(item).length > 0).length;
    if (knownItems < 2) continue;
    for (const item of items) {
      if (!item || lexicon.match(item).length) continue;
      const words = item.split(/\s+/);
      if (words.length > 3 || !words.every((w) => TECH_SHAPE.test(w) || /^\p{Lu}/u.test(w))) continue;
      if (excluded.some((e) => e.includes(item.toLowerCase()) || item.toLowerCase().includes(e))) continue;
      const clean = item.replace(/(?<![.!?])[.!?]+$/, "");
      found.push({ name: clean, asWritten: clean, domain: "other", known: false });
    }
  }
  return found;
}

function collectSkills(
  requirements: Requirement[],
  otherLines: string[],
  title: string | null,
  lexicon: SkillLexicon,
  exclude: (string | null)[],
): PostingSkill[] {
  const byKey = new Map<string, PostingSkill>();
  const add = (s: FoundSkill, required: boolean) => {
    const key = s.name.toLowerCase();
    const existing = byKey.get(key);
    if (existing) existing.required ||= required;
    else
      byKey.set(key, {
        name: s.name,
        as_written: s.asWritten,
        domain: s.domain,
        required,
        known: s.known,
      });
  };
  for (const r of requirements) {
    for (const s of skillsOf(r.text, lexicon, exclude)) add(s, r.kind === "must");
    // Skills named explicitly (a JSON Resume job's list) count even when the text match missed them.
    for (const name of r.skills) {
      const entry = lexicon.entry(name);
      add({ name, asWritten: name, domain: entry?.domain ?? "other", known: !!entry }, r.kind === "must");
    }
  }
  for (const line of [title ?? "", ...otherLines])
    for (const s of skillsOf(line, lexicon, exclude)) add(s, false);
  return [...byKey.values()].slice(0, 300);
}

function unique(list: string[]): string[] {
  const seen = new Set<string>();
  return list.filter((s) => {
    const k = s.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
