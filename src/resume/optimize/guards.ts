/**
 * Guards every proposal passes, whichever engine made it.
 *
 * 1. Locked fields: only prose (summaries, descriptions, bullets) and skill
 *    keyword lists/order are editable. Names, contact details, employers,
 *    job titles, dates, degrees and institutions can never be proposed.
 * 2. The original must be what the resume holds now (an engine that
 *    misquotes the field is not trusted to edit it).
 * 3. Fabrication (`fact-guard.ts`): the proposal may not introduce an
 *    employer, title, date, degree, number, metric, technology or
 *    certification that is in neither the resume nor the user's answers. The
 *    posting is not a source: a skill only the job asks for is not the
 *    author's until they say so. New skill keywords follow the same rule.
 */

import { skillLexicon } from "../job/lexicon.js";
import type { Resume } from "../model.js";
import { describeFacts, type GuardLanguage, introducedFacts, KnownText } from "./fact-guard.js";
import { getAtPath } from "./json-path.js";
import { type Proposal, sameValue } from "./proposal.js";

const EDITABLE: RegExp[] = [
  /^basics\.summary$/,
  /^work\.\d+\.positions\.\d+\.(summary|highlights\.\d+)$/,
  /^work\.\d+\.description$/,
  /^projects\.\d+\.(description|highlights\.\d+)$/,
  /^volunteer\.\d+\.(summary|highlights\.\d+)$/,
  /^(awards|publications)\.\d+\.summary$/,
  /^custom\.\d+\.items\.\d+\.(summary|highlights\.\d+)$/,
  /^skills$/,
  /^skills\.\d+\.keywords$/,
];

/** True when the path may be edited at all. */
export function isEditablePath(path: string): boolean {
  return EDITABLE.some((re) => re.test(path));
}

export type GuardContext = {
  resume: Resume;
  resumeText: string;
  /** Kept for callers; the posting is not a source of facts. */
  jobText?: string;
  /** What the user told us in answer to questions: facts they vouch for. */
  answers?: readonly string[];
  /** German: capitalised nouns are checked against the dictionary (see fact-guard). */
  language?: GuardLanguage;
};

export type Rejection = { proposal: Proposal; reason: string };

const indexed = new WeakMap<GuardContext, KnownText>();

/** The resume text and the answers, indexed once per context (once per proposal was quadratic). */
function knownSources(ctx: GuardContext): KnownText {
  let known = indexed.get(ctx);
  if (known === undefined) {
    known = new KnownText([ctx.resumeText, ...(ctx.answers ?? [])].join("\n"), skillLexicon());
    indexed.set(ctx, known);
  }
  return known;
}

/** Why a proposal must be rejected, or null when it passes every guard. */
export function rejectionReason(proposal: Proposal, ctx: GuardContext): string | null {
  if (!isEditablePath(proposal.path))
    return `locked field: ${proposal.path} cannot be changed by the optimizer`;
  const current = getAtPath(ctx.resume, proposal.path);
  const comparable =
    Array.isArray(current) && current.some((v) => v && typeof v === "object")
      ? current.map((v) => (v as { name?: unknown }).name)
      : current;
  if (current === undefined || !sameValue(comparable, proposal.original)) {
    return "original text does not match the resume";
  }
  if (
    typeof proposal.original !== typeof proposal.proposed ||
    Array.isArray(proposal.original) !== Array.isArray(proposal.proposed)
  ) {
    return "proposal changes the kind of value";
  }
  const sources = knownSources(ctx);
  if (Array.isArray(proposal.proposed)) {
    const before = new Set((proposal.original as string[]).map((s) => s.toLowerCase()));
    if (proposal.path === "skills") {
      const sameSet =
        proposal.proposed.length === before.size &&
        proposal.proposed.every((s) => before.has(s.toLowerCase()));
      return sameSet ? null : "skill groups can only be reordered";
    }
    const lexicon = skillLexicon();
    const added = proposal.proposed.filter((s) => !before.has(s.toLowerCase()));
    const invented = added.filter((s) => introducedFacts(s, "", sources, lexicon, ctx.language).length > 0);
    return invented.length ? `fabrication: skill not in the resume (${invented.join(", ")})` : null;
  }
  const facts = introducedFacts(
    proposal.proposed,
    proposal.original as string,
    sources,
    undefined,
    ctx.language,
  );
  return facts.length ? describeFacts(facts) : null;
}

/** Split proposals into those that pass the guards and those rejected (with reasons). */
export function guardProposals(
  proposals: readonly Proposal[],
  ctx: GuardContext,
): { accepted: Proposal[]; rejected: Rejection[] } {
  const accepted: Proposal[] = [];
  const rejected: Rejection[] = [];
  const seen = new Set<string>();
  for (const proposal of proposals) {
    if (seen.has(proposal.id)) continue;
    seen.add(proposal.id);
    const reason = rejectionReason(proposal, ctx);
    if (reason) rejected.push({ proposal, reason });
    else accepted.push(proposal);
  }
  return { accepted, rejected };
}
