/**
 * Guards every proposal passes, whichever engine made it.
 *
 * 1. Locked fields: only prose (summaries, descriptions, bullets) and skill
 *    keyword lists/order are editable. Names, contact details, employers,
 *    job titles, dates, degrees and institutions can never be proposed.
 * 2. The original must be what the resume holds now (an engine that
 *    misquotes the field is not trusted to edit it).
 * 3. Fabrication: the proposal may not introduce a number, a name
 *    (organisation, product, place) or a technology that appears neither in
 *    the resume nor in the job description. New skill keywords must appear in
 *    the resume itself: a skill only the job asks for is not the author's.
 */
import type { Resume } from "../model.js";
import { getAtPath } from "./json-path.js";
import { mentions } from "./keywords.js";
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

const NUMBER = /\d+(?:[.,]\d+)*/g;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}.+#/&'-]*[\p{L}\p{N}+#]|[\p{L}\p{N}]/gu;
const TECHNICAL = /[.+#/]|\d|^[A-Z]{2,}|[a-z][A-Z]/;

/** Words and numbers of `proposed` that a reader would take as facts. */
export function factualTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const n of text.matchAll(NUMBER)) terms.add(n[0]);
  for (const sentence of text.split(/(?<=[.!?;:])\s+|\n+/)) {
    const words = [...sentence.matchAll(WORD)].map((m) => m[0]);
    words.forEach((word, i) => {
      const capitalised = /^\p{Lu}/u.test(word);
      // The first word of a sentence is capitalised anyway; later capitals are names.
      if ((capitalised && i > 0) || TECHNICAL.test(word)) terms.add(word);
    });
  }
  return [...terms];
}

/** True when `haystack` (lower-case) contains `term` as a whole word ("AWS" is not in "laws"). */
function known(term: string, haystack: string): boolean {
  const escaped = term.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?:^|[^\\p{L}\\p{N}])${escaped}(?=$|[^\\p{L}\\p{N}])`, "u").test(haystack);
}

export type GuardContext = { resume: Resume; resumeText: string; jobText: string };

export type Rejection = { proposal: Proposal; reason: string };

const lowered = new WeakMap<GuardContext, string>();

/** The resume and job text in lower case, built once per context (it was once per proposal: quadratic). */
function lowerSources(ctx: GuardContext): string {
  let sources = lowered.get(ctx);
  if (sources === undefined) {
    sources = `${ctx.resumeText.toLowerCase()}\n${ctx.jobText.toLowerCase()}`;
    lowered.set(ctx, sources);
  }
  return sources;
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
  if (Array.isArray(proposal.proposed)) {
    const before = new Set((proposal.original as string[]).map((s) => s.toLowerCase()));
    if (proposal.path === "skills") {
      const sameSet =
        proposal.proposed.length === before.size &&
        proposal.proposed.every((s) => before.has(s.toLowerCase()));
      return sameSet ? null : "skill groups can only be reordered";
    }
    const added = proposal.proposed.filter((s) => !before.has(s.toLowerCase()));
    const invented = added.filter((s) => !mentions(ctx.resumeText, s));
    return invented.length ? `fabrication: skill not in the resume (${invented.join(", ")})` : null;
  }
  const original = (proposal.original as string).toLowerCase();
  const sources = lowerSources(ctx);
  const invented = factualTerms(proposal.proposed).filter(
    (t) => !original.includes(t.toLowerCase()) && !known(t, sources),
  );
  return invented.length
    ? `fabrication: introduces ${invented.map((t) => `"${t}"`).join(", ")} found in neither the resume nor the job description`
    : null;
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
