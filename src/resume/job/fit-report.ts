/**
 * Fit report: for every requirement of a posting, the CV text that covers it
 * (JSON path + text) or the plain statement that none was found, and a
 * coverage score where a must-have weighs twice a nice-to-have.
 *
 * How a requirement is judged, in order:
 * 1. It names skills: each skill is looked for in every CV field through the
 *    lexicon (aliases, translations, tools that evidence a field). A list
 *    joined by "or" needs one skill, otherwise all; some is "partial".
 * 2. It only asks for years ("5+ years of experience"): the years spanned by
 *    the CV's positions.
 * 3. Otherwise: the CV field sharing the most content words with it; half of
 *    its content words is "met", a quarter "partial".
 */
import { z } from "zod";
import type { Resume } from "../model.js";
import type { JobAnalysis, Requirement } from "./analysis.js";
import { type SkillLexicon, skillLexicon, tokenize } from "./lexicon.js";

export const evidenceSchema = z.object({
  path: z.string().max(200),
  text: z.string().max(400),
  skill: z.string().max(120).optional(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const requirementFitSchema = z.object({
  requirement_id: z.string().max(16),
  text: z.string().max(2_000),
  kind: z.enum(["must", "nice"]),
  status: z.enum(["met", "partial", "missing"]),
  evidence: z.array(evidenceSchema).max(5),
  /** Skills of the requirement that no CV field mentions. */
  missing_skills: z.array(z.string().max(120)).max(40),
});
export type RequirementFit = z.infer<typeof requirementFitSchema>;

export const fitReportSchema = z.object({
  /** 0..1, must-haves weigh 2, nice-to-haves 1, partial counts half. */
  score: z.number().min(0).max(1),
  requirements: z.array(requirementFitSchema).max(200),
  matched_skills: z.array(z.string().max(120)).max(300),
  missing_skills: z.array(z.string().max(120)).max(300),
  /** Problems of the CV itself that no proposal can fix: "empty_experience", "no_requirements_found". */
  warnings: z.array(z.string().max(60)).max(10),
  experience_years: z.number().min(0).max(80),
});
export type FitReport = z.infer<typeof fitReportSchema>;

export type CvField = { path: string; text: string };

/** Paths whose text is contact data or bookkeeping, never evidence. */
const NOT_EVIDENCE =
  /^(?:meta|basics\.(?:email|phone|url|image|location|profiles|name)|.*\.(?:id|url|dates|date))(?:\.|$)/;

/** Every string of the CV with its dotted path (contact details and ids left out). */
export function cvFields(resume: Resume): CvField[] {
  const out: CvField[] = [];
  const walk = (value: unknown, path: string) => {
    if (path && NOT_EVIDENCE.test(path)) return;
    if (typeof value === "string") {
      if (value.trim()) out.push({ path, text: value });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => {
        walk(v, path ? `${path}.${i}` : String(i));
      });
    } else if (value && typeof value === "object")
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(resume, "");
  return out;
}

/** Years between the earliest start and the latest end of the CV's positions (overlaps not double-counted). */
export function experienceYears(resume: Resume, now = new Date()): number {
  const ranges: [number, number][] = [];
  const month = (d: string | undefined) => {
    if (!d) return null;
    const [y, m] = d.split("-").map(Number);
    return y! * 12 + ((m ?? 1) - 1);
  };
  const nowMonth = now.getUTCFullYear() * 12 + now.getUTCMonth();
  for (const w of resume.work)
    for (const p of w.positions) {
      const start = month(p.dates.start);
      const end = p.dates.current ? nowMonth : (month(p.dates.end) ?? start);
      if (start !== null && end !== null && end >= start) ranges.push([start, end]);
    }
  ranges.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let cursor = -Infinity;
  for (const [s, e] of ranges) {
    const from = Math.max(s, cursor);
    if (e > from) total += e - from;
    cursor = Math.max(cursor, e);
  }
  return Math.round((total / 12) * 10) / 10;
}

const OR_LIST = /\b(?:or|oder|ou|o|bzw)\b|\//i;
const STOP = new Set(
  `with and the for you your our will have has from that this into using strong good very great plus years year experience
  mit und der die das für oder eine einer einem sehr gute guter gutes erfahrung jahre kenntnisse
  avec pour dans des les une vous votre vos ans expérience bonne bonnes solide
  con para los las una del tus años experiencia buen buena conocimientos`.split(/\s+/),
);

function contentWords(text: string): string[] {
  return tokenize(text)
    .map((t) => t.lower)
    .filter((w) => w.length >= 4 && !STOP.has(w) && !/^\d+$/.test(w))
    .map((w) => w.slice(0, 6));
}

function clip(text: string): string {
  return text.length > 400 ? `${text.slice(0, 397)}…` : text;
}

/** Judge every requirement of `analysis` against `resume`. */
export function fitReport(
  resume: Resume,
  analysis: JobAnalysis,
  options: { lexicon?: SkillLexicon; now?: Date } = {},
): FitReport {
  const lexicon = options.lexicon ?? skillLexicon();
  const fields = cvFields(resume);
  const matchedByField = fields.map((f) => new Set(lexicon.match(f.text).map((m) => m.skill.toLowerCase())));
  const years = experienceYears(resume, options.now);

  const skillEvidence = (skill: string): Evidence[] => {
    const names = lexicon.evidencedBy(skill);
    const known = lexicon.entry(skill) !== undefined;
    const literal = new RegExp(`(?:^|[^\\p{L}\\p{N}])${escapeRegExp(skill)}(?=$|[^\\p{L}\\p{N}])`, "iu");
    const out: Evidence[] = [];
    fields.forEach((f, i) => {
      const hit = known ? [...names].some((n) => matchedByField[i]!.has(n)) : literal.test(f.text);
      if (hit && out.length < 3) out.push({ path: f.path, text: clip(f.text), skill });
    });
    return out;
  };

  const judged = analysis.requirements.map((r): RequirementFit => judge(r));
  function judge(r: Requirement): RequirementFit {
    const base = { requirement_id: r.id, text: r.text, kind: r.kind };
    if (r.skills.length) {
      const perSkill = r.skills.map((s) => ({ skill: s, evidence: skillEvidence(s) }));
      const found = perSkill.filter((p) => p.evidence.length);
      const anyOf = OR_LIST.test(r.text);
      const status =
        found.length === 0 ? "missing" : anyOf || found.length === perSkill.length ? "met" : "partial";
      return {
        ...base,
        status,
        evidence: found.flatMap((p) => p.evidence).slice(0, 5),
        missing_skills:
          anyOf && found.length ? [] : perSkill.filter((p) => !p.evidence.length).map((p) => p.skill),
      };
    }
    if (r.years !== undefined) {
      const workPaths = resume.work.flatMap((w, i) =>
        w.positions.map((p, j) => ({ path: `work.${i}.positions.${j}.title`, text: p.title })),
      );
      const status = years >= r.years ? "met" : years >= r.years / 2 ? "partial" : "missing";
      return {
        ...base,
        status,
        evidence: status === "missing" ? [] : workPaths.filter((w) => w.text).slice(0, 3),
        missing_skills: [],
      };
    }
    const words = new Set(contentWords(r.text));
    let best: { field: CvField; share: number } | null = null;
    if (words.size) {
      for (const f of fields) {
        const have = new Set(contentWords(f.text));
        const shared = [...words].filter((w) => have.has(w)).length;
        const share = shared / words.size;
        if (shared >= 1 && (!best || share > best.share)) best = { field: f, share };
      }
    }
    const status = !best ? "missing" : best.share >= 0.5 ? "met" : best.share >= 0.25 ? "partial" : "missing";
    return {
      ...base,
      status,
      evidence: best && status !== "missing" ? [{ path: best.field.path, text: clip(best.field.text) }] : [],
      missing_skills: [],
    };
  }

  let weight = 0;
  let earned = 0;
  for (const r of judged) {
    const w = r.kind === "must" ? 2 : 1;
    weight += w;
    earned += r.status === "met" ? w : r.status === "partial" ? w / 2 : 0;
  }
  const matched: string[] = [];
  const missing: string[] = [];
  for (const s of analysis.skills) (skillEvidence(s.name).length ? matched : missing).push(s.name);

  const warnings: string[] = [];
  const experienceText = resume.work.some(
    (w) =>
      w.description.trim() || w.positions.some((p) => p.summary.trim() || p.highlights.some((h) => h.trim())),
  );
  if (!resume.work.length || !experienceText) warnings.push("empty_experience");
  if (!analysis.requirements.length) warnings.push("no_requirements_found");
  return {
    score: weight ? Math.round((earned / weight) * 100) / 100 : 0,
    requirements: judged,
    matched_skills: matched,
    missing_skills: missing,
    warnings,
    experience_years: Math.min(80, years),
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
