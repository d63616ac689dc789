/** Every string of a suggestion card (category, before/after, accept/reject), by message id, in English. */
import { type MessageValues, translate } from "../i18n/translate.js";

export const PROPOSAL_MESSAGES = {
  "category.wording": "Wording",
  "category.quantification": "Add numbers",
  "category.keyword_alignment": "Keywords",
  "category.consistency": "Consistency",
  "category.length": "Length",
  "proposal.label": "Suggestion {number}: {where}",
  "proposal.before": "Before",
  "proposal.after": "After",
  "proposal.empty": "(empty)",
  "proposal.removed": "(removed)",
  "proposal.why": "Why: ",
  "proposal.accept": "Accept",
  "proposal.accepted": "Accepted ✓",
  "proposal.reject": "Reject",
  "proposal.rejected": "Rejected",
} as const;

export type ProposalMessageId = keyof typeof PROPOSAL_MESSAGES;

/** The message for `id` in the current language, placeholders filled. */
export function format(id: ProposalMessageId, values: MessageValues = {}): string {
  return translate(id, PROPOSAL_MESSAGES[id], values);
}
