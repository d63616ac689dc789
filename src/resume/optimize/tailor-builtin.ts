/**
 * What the built-in engine adds when there is a posting, without a model:
 *
 * - the posting's words for what the CV already says: a CV that writes "k8s"
 *   where the posting writes "Kubernetes" gets the posting's spelling (the
 *   lexicon knows they are one skill, so no fact is added);
 * - a summary sentence naming the required skills the CV evidences elsewhere
 *   but its summary leaves out, in the CV's language;
 * - evidence on every proposal: the CV text it draws on and the requirement
 *   it serves.
 *
 * It cannot write new prose: bullet rewrites beyond these rules need a model.
 */
import type { JobAnalysis, Requirement } from "../job/analysis.js";
import type { FitReport } from "../job/fit-report.js";
import type { SkillLexicon } from "../job/lexicon.js";
import type { Resume } from "../model.js";
import { makeProposal, type Proposal, type ProposalEvidence } from "./proposal.js";
import { editableFields } from "./resume-text.js";

const SUMMARY_SENTENCE: Record<string, (skills: string) => string> = {
  en: (s) => `Experience with ${s}.`,
  de: (s) => `Erfahrung mit ${s}.`,
  fr: (s) => `Expérience en ${s}.`,
  es: (s) => `Experiencia en ${s}.`,
};
const AND: Record<string, string> = { en: "and", de: "und", fr: "et", es: "y" };

function joinList(items: string[], language: string): string {
  if (items.length < 2) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${AND[language] ?? "and"} ${items.at(-1)}`;
}

/** The requirement a text serves best: the one whose skills it mentions most (must-haves first on ties). */
export function servedRequirement(
  text: string,
  analysis: JobAnalysis,
  lexicon: SkillLexicon,
): Requirement | undefined {
  const mentioned = new Set(lexicon.match(text).map((m) => m.skill.toLowerCase()));
  let best: { r: Requirement; score: number } | undefined;
  for (const r of analysis.requirements) {
    const score = r.skills.filter((s) => [...lexicon.evidencedBy(s)].some((n) => mentioned.has(n))).length;
    if (score === 0) continue;
    const rank = score * 2 + (r.kind === "must" ? 1 : 0);
    if (!best || rank > best.score) best = { r, score: rank };
  }
  return best?.r;
}

function evidenceFor(path: string, text: string, requirement: Requirement | undefined): ProposalEvidence {
  return {
    cv: [{ path, text: text.slice(0, 400) }],
    ...(requirement
      ? { requirement: { id: requirement.id, text: requirement.text, kind: requirement.kind } }
      : {}),
  };
}

/** Attach evidence to proposals that lack it (the field itself, and the requirement it serves). */
export function withEvidence(
  proposals: Proposal[],
  analysis: JobAnalysis | null,
  lexicon: SkillLexicon,
): Proposal[] {
  return proposals.map((p) => {
    if (p.evidence) return p;
    const text = Array.isArray(p.original) ? p.original.join(", ") : p.original;
    const requirement = analysis ? servedRequirement(text, analysis, lexicon) : undefined;
    return { ...p, evidence: evidenceFor(p.path, text, requirement) };
  });
}

/**
 * The posting's spelling for skills the CV names differently, merged into the proposals that already
 * touch the same field (one proposal per field, so accepting one never makes another stale).
 */
export function alignTerms(
  resume: Resume,
  proposals: Proposal[],
  analysis: JobAnalysis,
  lexicon: SkillLexicon,
): Proposal[] {
  const postingWords = new Map(
    analysis.skills.filter((s) => s.known).map((s) => [s.name.toLowerCase(), s.as_written]),
  );
  const byPath = new Map(
    proposals.filter((p) => p.applicable && typeof p.proposed === "string").map((p) => [p.path, p]),
  );
  const out = [...proposals];
  for (const field of editableFields(resume)) {
    const existing = byPath.get(field.path);
    const base = (existing?.proposed as string | undefined) ?? field.text;
    let aligned = base;
    const renamed: string[] = [];
    // Right to left, so earlier offsets stay valid while replacing.
    for (const m of lexicon.match(base).reverse()) {
      const wanted = postingWords.get(m.skill.toLowerCase());
      if (!wanted || wanted.toLowerCase() === m.text.toLowerCase()) continue;
      // Only spellings of the same skill: an acronym the posting spells out, or the reverse.
      if (lexicon.match(wanted)[0]?.skill !== m.skill) continue;
      aligned = aligned.slice(0, m.start) + wanted + aligned.slice(m.end);
      renamed.push(`"${m.text}" → "${wanted}"`);
    }
    if (aligned === base) continue;
    const reason = `Uses the posting's words for skills you already have (${renamed.reverse().join(", ")}).`;
    const requirement = servedRequirement(aligned, analysis, lexicon);
    const proposal = makeProposal({
      path: field.path,
      original: field.text,
      proposed: aligned,
      reason: existing ? `${existing.reason} ${reason}` : reason,
      category: "keyword_alignment",
    });
    const full = { ...proposal, evidence: evidenceFor(field.path, field.text, requirement) };
    if (existing) out[out.indexOf(existing)] = full;
    else out.push(full);
  }
  return out;
}

/** A summary sentence naming required skills the CV evidences but the summary omits. */
export function summaryProposal(
  resume: Resume,
  analysis: JobAnalysis,
  fit: FitReport,
  lexicon: SkillLexicon,
  language: string,
): Proposal | null {
  const summary = resume.basics.summary;
  const inSummary = new Set(lexicon.match(summary).map((m) => m.skill.toLowerCase()));
  const required = analysis.skills.filter((s) => s.required && s.known && s.domain !== "language");
  const evidenced = required.filter(
    (s) =>
      fit.matched_skills.includes(s.name) && ![...lexicon.evidencedBy(s.name)].some((n) => inSummary.has(n)),
  );
  if (!evidenced.length) return null;
  const names = evidenced.slice(0, 4).map((s) => s.as_written);
  const sentence = (SUMMARY_SENTENCE[language] ?? SUMMARY_SENTENCE.en!)(joinList(names, language));
  const proposed = summary.trim() ? `${summary.trim().replace(/([^.!?])$/, "$1.")} ${sentence}` : sentence;
  const sources = fit.requirements
    .filter((r) => r.status !== "missing")
    .flatMap((r) => r.evidence.filter((e) => names.some((n) => lexicon.mentions(e.text, n) || e.skill === n)))
    .slice(0, 5)
    .map((e) => ({ path: e.path, text: e.text }));
  const served = analysis.requirements.find(
    (r) => r.kind === "must" && r.skills.some((s) => evidenced.some((e) => e.name === s)),
  );
  const proposal = makeProposal({
    path: "basics.summary",
    original: summary,
    proposed,
    reason: `The posting requires ${joinList(names, "en")}; your CV shows them but your summary does not say so.`,
    category: "summary",
  });
  return {
    ...proposal,
    evidence: {
      cv: sources,
      ...(served ? { requirement: { id: served.id, text: served.text, kind: served.kind } } : {}),
    },
  };
}
