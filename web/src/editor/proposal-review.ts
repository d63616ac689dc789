/**
 * The person's decision on each optimize proposal (accept / reject / not yet
 * decided), kept as a plain map so "accept all", "reject all" and "apply" are
 * simple, testable functions.
 */
import type { Proposal } from "../api/types.js";

export type Decision = "accepted" | "rejected";
export type Decisions = Readonly<Record<string, Decision>>;

/** Text for a proposal value: lists (keywords, skill order) read as "a, b, c". */
export function valueText(value: Proposal["original"]): string {
  return Array.isArray(value) ? value.join(", ") : value;
}

/** Proposals that can be applied (hints with `applicable: false` are advice only). */
export function applicable(proposals: readonly Proposal[]): Proposal[] {
  return proposals.filter((p) => p.applicable !== false);
}

/** Sets or, when `decision` equals the current one, clears the decision for one proposal. */
export function toggleDecision(decisions: Decisions, id: string, decision: Decision): Decisions {
  const next = { ...decisions };
  if (next[id] === decision) delete next[id];
  else next[id] = decision;
  return next;
}

/** The same decision for every proposal. */
export function decideAll(proposals: readonly Proposal[], decision: Decision): Decisions {
  return Object.fromEntries(applicable(proposals).map((p) => [p.id, decision]));
}

/** Ids of accepted proposals, in proposal order. */
export function acceptedIds(proposals: readonly Proposal[], decisions: Decisions): string[] {
  return applicable(proposals)
    .filter((p) => decisions[p.id] === "accepted")
    .map((p) => p.id);
}

/** Counts for the summary line. */
export function tally(proposals: readonly Proposal[], decisions: Decisions) {
  let accepted = 0;
  let rejected = 0;
  const candidates = applicable(proposals);
  for (const p of candidates) {
    if (decisions[p.id] === "accepted") accepted++;
    else if (decisions[p.id] === "rejected") rejected++;
  }
  return { accepted, rejected, undecided: candidates.length - accepted - rejected };
}
