/** Every string of the optimize tab (job description, keyword coverage, suggestions, tips), by message id, in English. */
import { type MessageValues, translate } from "../i18n/translate.js";

export const OPTIMIZE_MESSAGES = {
  "coverage.title": "Keyword coverage",
  "coverage.text": "of the job description's key terms appear in your CV",
  "coverage.label": "Keyword coverage {pct}%",
  "coverage.found": "Found ({count})",
  "coverage.missing": "Missing ({count})",
  "applied.title": "Applied {count, plural, one {# suggestion} other {# suggestions}}",
  "applied.stale": "{count} could not be applied because that text changed since the suggestion was made. ",
  "applied.confirmed": "Your CV is updated.",
  "applied.unconfirmed": "Your CV changed, so review and confirm it again before exporting.",
  "optimize.title": "Tailor to a job",
  "optimize.jd": "Job description",
  "optimize.optional": "(optional)",
  "optimize.jd.placeholder":
    "Paste the job ad to check keyword coverage and get targeted suggestions. Leave empty for general improvements.",
  "optimize.working": "Working…",
  "optimize.submit": "Suggest improvements",
  "optimize.progress": "Finding improvements",
  "optimize.failed": "No suggestions this time",
  "suggestions.title": "Suggestions ({count})",
  "suggestions.accept_all": "Accept all",
  "suggestions.reject_all": "Reject all",
  "suggestions.none": "No changes to suggest: your CV already reads well.",
  "suggestions.actions": "Apply suggestions",
  "suggestions.tally": "{accepted} accepted · {rejected} rejected · {undecided} undecided",
  "suggestions.applying": "Applying…",
  "suggestions.apply": "Apply {count} accepted",
  "tips.title": "Tips ({count})",
  "tips.intro": "Improvements only you can make, such as adding numbers you know.",
} as const;

export type OptimizeMessageId = keyof typeof OPTIMIZE_MESSAGES;

/** The message for `id` in the current language, placeholders filled. */
export function format(id: OptimizeMessageId, values: MessageValues = {}): string {
  return translate(id, OPTIMIZE_MESSAGES[id], values);
}
