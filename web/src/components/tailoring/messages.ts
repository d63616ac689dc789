/**
 * Every string of the tailoring screens, keyed: the one place a translation
 * adds a language. Server questions carry a key from this table
 * (`tailor.question.*`) and their parameters, so they translate too.
 */
import { type MessageValues, translate } from "../../i18n/translate.js";

export const TAILORING_MESSAGES = {
  "tailor.fit.title": "Fit with the posting",
  "tailor.fit.score": "{score}% of the requirements are covered by your CV (must-haves count double)",
  "tailor.fit.met": "Covered",
  "tailor.fit.partial": "Partly covered",
  "tailor.fit.missing": "Not found in your CV",
  "tailor.fit.must": "Must-have",
  "tailor.fit.nice": "Nice to have",
  "tailor.fit.evidence": "Evidence in your CV",
  "tailor.fit.none": "Nothing in your CV covers this yet.",
  "tailor.fit.empty_experience":
    "Your Experience section is empty: the posting cannot be matched against your work.",
  "tailor.fit.no_requirements_found":
    "No requirements were found in the posting. Paste the full ad, including its requirements.",
  "tailor.posting.heading": "{title} at {company}",
  "tailor.proposals.title": "Suggested changes ({count})",
  "tailor.proposals.none": "No changes to suggest for this posting.",
  "tailor.proposals.serves": "Serves: {requirement}",
  "tailor.proposals.drawsOn": "Draws on: {text}",
  "tailor.proposals.accept": "Accept",
  "tailor.proposals.reject": "Reject",
  "tailor.proposals.reset": "Undecide",
  "tailor.proposals.edit": "Edit",
  "tailor.proposals.editLabel": "Your version of this change",
  "tailor.proposals.save": "Save my version",
  "tailor.proposals.cancel": "Cancel",
  "tailor.proposals.status.pending": "Undecided",
  "tailor.proposals.status.accepted": "Accepted",
  "tailor.proposals.status.rejected": "Rejected",
  "tailor.proposals.status.applied": "Applied",
  "tailor.proposals.edited": "Edited by you",
  "tailor.apply": "Apply {count} accepted",
  "tailor.applying": "Applying…",
  "tailor.undo": "Undo last apply",
  "tailor.applied": "Applied {count} changes. You can undo this.",
  "tailor.undone": "The last apply was undone.",
  "tailor.questions.title": "Questions about your experience",
  "tailor.questions.intro":
    "The posting asks for things your CV does not show. Answer only what is true; answers become facts suggestions may use.",
  "tailor.questions.save": "Save answers and suggest again",
  "tailor.question.skill": "Have you used {skill}? If so, where?",
  "tailor.question.years":
    "The posting asks: “{requirement}”. Your CV shows about {years} years. Is experience missing from your CV?",
  "tailor.question.requirement":
    "The posting asks: “{requirement}”. Does your experience cover this? If so, where?",
  "tailor.letter.title": "Cover letter",
  "tailor.letter.draft": "Draft a cover letter",
  "tailor.letter.redraft": "Draft again",
  "tailor.letter.greeting": "Greeting",
  "tailor.letter.paragraph": "Paragraph {n}",
  "tailor.letter.closing": "Closing",
  "tailor.letter.save": "Save letter",
  "tailor.letter.saved": "Saved.",
  "tailor.letter.pdf": "Download PDF",
  "tailor.letter.docx": "Download DOCX",
  "tailor.refused.title": "Refused by the checks ({count})",
  "tailor.refused.intro":
    "These suggestions did not pass the checks (a fact found in neither your CV nor your answers, a locked field, or text that is not in your CV), so they cannot be accepted.",
  "tailor.refused.reason": "Why: {reason}",
  "tailor.letter.keep": "Keep as PDF and Word versions",
  "tailor.letter.keeping": "Keeping…",
  "tailor.letter.kept": "Kept as version {version}.",
  "tailor.letter.files.title": "Kept versions of the letter",
  "tailor.letter.files.caption": "Cover letter versions, newest first",
  "tailor.letter.files.none": "No versions kept yet. Keep the letter to download it again later.",
  "tailor.letter.files.version": "Version",
  "tailor.letter.files.number": "v{version}",
  "tailor.letter.files.format": "Format",
  "tailor.letter.files.created": "Created",
  "tailor.letter.files.latest": "Latest",
  "tailor.letter.files.cover_letter_pdf": "PDF",
  "tailor.letter.files.cover_letter_docx": "Word",
  "tailor.letter.files.download": "Download",
  "tailor.letter.files.downloadLabel": "Download cover letter {format} version {version} ({size})",
  "tailor.error": "Something went wrong: {message}",
} as const;

export type MessageKey = keyof typeof TAILORING_MESSAGES;

/** The message for `key` with `{name}` placeholders filled. Unknown keys fall back to `fallback`. */
export function t(key: string, params: MessageValues = {}, fallback = key): string {
  const english = (TAILORING_MESSAGES as Record<string, string>)[key];
  if (english !== undefined) return translate(key, english, params);
  // A question key this client does not know yet: the server's English, placeholders filled.
  return fallback.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}
