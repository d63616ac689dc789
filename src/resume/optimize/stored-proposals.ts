/**
 * Proposals as kept with a tailoring: each with the user's decision and,
 * when the user edited it before accepting, their text.
 *
 * A re-run (new answers, a changed CV) brings fresh proposals: decided ones
 * (accepted, rejected, applied) are kept as they were; undecided ones are
 * replaced by the new run's.
 */
import { z } from "zod";
import { type Proposal, proposalSchema, proposalValueSchema } from "./proposal.js";

export const PROPOSAL_STATUSES = ["pending", "accepted", "rejected", "applied"] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const storedProposalSchema = proposalSchema.extend({
  status: z.enum(PROPOSAL_STATUSES).default("pending"),
  /** The user's own text, used instead of `proposed` when applying. */
  edited: proposalValueSchema.optional(),
});
export type StoredProposal = z.output<typeof storedProposalSchema>;

/** Keep decided proposals, replace undecided ones with `fresh` (no id twice). */
export function mergeProposals(
  previous: readonly StoredProposal[],
  fresh: readonly Proposal[],
): StoredProposal[] {
  const decided = previous.filter((p) => p.status !== "pending");
  const ids = new Set(decided.map((p) => p.id));
  return [
    ...decided,
    ...fresh.filter((p) => !ids.has(p.id)).map((p) => ({ ...p, status: "pending" as const })),
  ];
}

/** The proposal as it will be applied: the user's edit replaces the suggestion. */
export function effective(p: StoredProposal): Proposal {
  const { status: _status, edited, ...proposal } = p;
  return edited === undefined ? proposal : { ...proposal, proposed: edited };
}
