/**
 * What a parsed resume still needs from the person reviewing it, computed
 * from its `meta` alone:
 * - flagged fields: parse confidence under the review line (a section heading
 *   has its own, lower line: its score sits near 0.6 even when right);
 * - unplaced lines: source text no field took (`meta.unplaced`);
 * - empty sections: a heading was found but its section came out empty
 *   (`meta.empty_sections`).
 *
 * `needs_attention` is their sum: the number the review banner shows. An
 * edit that clears a field's confidence key (the editor drops it: a person
 * who edited the field has reviewed it) clears its flag.
 */
import type { Resume } from "./model.js";

/** Under this confidence a field is flagged for review. */
export const REVIEW_CONFIDENCE = 0.7;
/** Under this score a section heading itself is in doubt (`sections.<key>`). */
export const REVIEW_SECTION_CONFIDENCE = 0.5;

export type ReviewSummary = {
  /** Confidence keys (dotted JSON paths, as in `meta.confidence`) under the review line, sorted. */
  flagged_fields: string[];
  unplaced_lines: number;
  /** Standard section keys (or `summary`) whose heading was found but which came out empty. */
  empty_sections: string[];
  needs_attention: number;
};

/** The open review items of a resume. */
export function reviewSummary(resume: Pick<Resume, "meta">): ReviewSummary {
  const meta = resume.meta;
  const flagged = Object.entries(meta.confidence ?? {})
    .filter(
      ([key, value]) => value < (key.startsWith("sections.") ? REVIEW_SECTION_CONFIDENCE : REVIEW_CONFIDENCE),
    )
    .map(([key]) => key)
    .sort();
  const unplaced = meta.unplaced?.length ?? 0;
  const empty = (meta.empty_sections ?? []).map((e) => e.section);
  return {
    flagged_fields: flagged,
    unplaced_lines: unplaced,
    empty_sections: empty,
    needs_attention: flagged.length + unplaced + empty.length,
  };
}
