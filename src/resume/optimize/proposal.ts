/**
 * Proposals: the only way the optimizer changes a resume.
 *
 * Glossary
 * - Proposal: one suggested edit at a JSON path (`work.0.positions.1.highlights.2`,
 *   dotted like the confidence keys in `meta`) with the text it expects to
 *   find there (`original`), the replacement (`proposed`), why, and a category.
 *   The user accepts or rejects each; nothing is applied silently.
 * - Hint: a proposal with `applicable: false` (e.g. "add a metric here"): it
 *   points at a weakness the tool cannot fix without inventing facts.
 * - Stale: an accepted proposal whose `original` no longer matches the resume
 *   (the user edited that field since); it is reported, never applied.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { clampText, sanitizeDeep, sanitizeText } from "../sanitize.js";

export const PROPOSAL_CATEGORIES = [
  "wording",
  "quantification",
  "keyword_alignment",
  "consistency",
  "length",
  "summary",
  "spelling",
] as const;
export type ProposalCategory = (typeof PROPOSAL_CATEGORIES)[number];

/** A field value a proposal reads or writes: text, or an ordered list of strings (keywords, skill order). */
const text = () => z.string().overwrite(sanitizeText);
export const proposalValueSchema = z.union([text().max(5_000), z.array(text().max(300)).max(200)]);
export type ProposalValue = z.infer<typeof proposalValueSchema>;

/**
 * Where a proposal comes from: the CV text it draws on (path + text) and the
 * posting requirement it serves, so the user can check it is grounded.
 */
export const proposalEvidenceSchema = z.object({
  cv: z.array(z.object({ path: z.string().max(200), text: z.string().max(400) })).max(5),
  requirement: z
    .object({ id: z.string().max(16), text: z.string().max(2_000), kind: z.enum(["must", "nice"]) })
    .optional(),
});
export type ProposalEvidence = z.infer<typeof proposalEvidenceSchema>;

export const proposalSchema = z.object({
  id: z.string().min(1).max(64),
  path: z.string().min(1).max(200),
  original: proposalValueSchema,
  /** The replacement; an empty string at a list element removes the element. */
  proposed: proposalValueSchema,
  reason: text().min(1).max(500),
  category: z.enum(PROPOSAL_CATEGORIES),
  /** False for hints that need the author's facts (missing metrics, overly long text). */
  applicable: z.boolean().default(true),
  evidence: proposalEvidenceSchema.optional(),
});
export type Proposal = z.output<typeof proposalSchema>;

export type ProposalDraft = Omit<Proposal, "id" | "applicable"> & { applicable?: boolean };

/** Deterministic id: the same suggestion for the same field always gets the same id. */
export function proposalId(draft: Pick<Proposal, "path" | "proposed" | "category">): string {
  const hash = createHash("sha256")
    .update(`${draft.path}\u0000${JSON.stringify(draft.proposed)}\u0000${draft.category}`)
    .digest("hex");
  return `p_${hash.slice(0, 16)}`;
}

/** A complete proposal from a draft. */
export function makeProposal(draft: ProposalDraft): Proposal {
  // Proposals are stored in the task result (jsonb) and may be applied to the resume: sanitised like the model.
  const clean = { ...sanitizeDeep(draft), reason: clampText(sanitizeText(draft.reason), 500) };
  return { ...clean, applicable: draft.applicable ?? true, id: proposalId(clean) };
}

/** Structural equality for proposal values (strings, or string lists in order). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "string" || typeof b === "string") return a === b;
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
}
