/**
 * Applying accepted proposals.
 *
 * A proposal is applied only if the field still holds exactly its `original`;
 * otherwise it is stale (the user edited the field after the proposal was
 * made) and reported. Removals (an empty `proposed` at a list element) run
 * last, highest index first, so they do not shift the paths of other
 * accepted proposals. The result is validated against the resume schema.
 */
import { type Resume, resumeSchema } from "../model.js";
import { getAtPath, parentAtPath } from "./json-path.js";
import { type Proposal, sameValue } from "./proposal.js";

export type ApplyResult = {
  resume: Resume;
  /** Ids applied, in the order given. */
  applied: string[];
  /** Accepted ids whose original no longer matches (or whose path no longer exists). */
  stale: string[];
  /** Accepted ids that are hints (`applicable: false`) or unknown: nothing to apply. */
  skipped: string[];
};

/** Reorder a list of named objects (`skills`) to the names in `order`; null if they do not match. */
function reorderByName(list: unknown[], order: readonly string[]): unknown[] | null {
  const names = list.map((item) => (item as { name?: unknown }).name);
  if (names.length !== order.length || names.some((n) => typeof n !== "string")) return null;
  const remaining = [...list];
  const out: unknown[] = [];
  for (const name of order) {
    const i = remaining.findIndex((item) => (item as { name: string }).name === name);
    if (i === -1) return null;
    out.push(remaining.splice(i, 1)[0]);
  }
  return out;
}

/** The comparable form of a field: a list of objects reads as their names (skill group order). */
function comparable(value: unknown): unknown {
  if (Array.isArray(value) && value.every((v) => v && typeof v === "object" && "name" in v)) {
    return value.map((v) => (v as { name: unknown }).name);
  }
  return value;
}

/**
 * Apply the accepted proposals to a copy of `resume`.
 *
 * @example const { resume: next, applied, stale } = applyProposals(job.sections, task.result.proposals, ids)
 */
export function applyProposals(
  resume: Resume,
  proposals: readonly Proposal[],
  acceptedIds: readonly string[],
): ApplyResult {
  const draft = structuredClone(resume) as Resume;
  const byId = new Map(proposals.map((p) => [p.id, p]));
  const applied: string[] = [];
  const stale: string[] = [];
  const skipped: string[] = [];
  const removals: { parent: unknown[]; index: number; id: string }[] = [];

  for (const id of new Set(acceptedIds)) {
    const proposal = byId.get(id);
    if (!proposal?.applicable) {
      skipped.push(id);
      continue;
    }
    const current = getAtPath(draft, proposal.path);
    const target = parentAtPath(draft, proposal.path);
    if (current === undefined || !target || !sameValue(comparable(current), proposal.original)) {
      stale.push(id);
      continue;
    }
    const { parent, key } = target;
    if (Array.isArray(parent) && proposal.proposed === "") {
      removals.push({ parent, index: Number(key), id });
      continue;
    }
    let next: unknown = proposal.proposed;
    if (Array.isArray(current) && current.length && typeof current[0] === "object") {
      next = Array.isArray(proposal.proposed) ? reorderByName(current, proposal.proposed) : null;
      if (!next) {
        stale.push(id);
        continue;
      }
    }
    if (Array.isArray(parent)) parent[Number(key)] = next;
    else parent[key] = next;
    applied.push(id);
  }

  removals.sort((a, b) => b.index - a.index);
  for (const r of removals) {
    r.parent.splice(r.index, 1);
    applied.push(r.id);
  }
  return { resume: resumeSchema.parse(draft), applied, stale, skipped };
}
