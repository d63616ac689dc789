/**
 * Every string the review screen's editing tools show (undo and redo, saving
 * by keyboard, unplaced text, merging and splitting entries), by message id,
 * in English. One table so the strings can move into the web client's message
 * catalogue (and be translated) as they are; `{name}` placeholders are filled
 * by `format`.
 */
import { type MessageValues, translate } from "../i18n/translate.js";

export const REVIEW_MESSAGES = {
  "history.label": "Edit history",
  "history.undo": "Undo",
  "history.undo.hint": "Undo the last edit (Ctrl+Z)",
  "history.redo": "Redo",
  "history.redo.hint": "Redo the edit you undid (Ctrl+Shift+Z)",
  "history.undone": "Edit undone.",
  "history.redone": "Edit redone.",
  "save.keyboard": "Ctrl+S saves.",
  "unplaced.title": "Unplaced text",
  "unplaced.intro":
    "These lines of your CV did not land in any field. Move each one where it belongs, or ignore it; nothing is exported from this list.",
  "unplaced.move": "Move to…",
  "unplaced.move.label": "Move to… (“{text}”)",
  "unplaced.to.work": "Experience: new employer",
  "unplaced.to.bullet": "Experience: bullet of {entry}",
  "unplaced.to.education": "Education: new entry",
  "unplaced.to.projects": "Projects: new project",
  "unplaced.to.skills": "Skills: new skill",
  "unplaced.to.certificates": "Certificates: new certificate",
  "unplaced.to.languages": "Languages: new language",
  "unplaced.to.summary": "Profile: add to the summary",
  "unplaced.discard": "Ignore this line",
  "entry.merge": "Merge into {target}",
  "entry.merge.label": "Merge into “{heading}” ({entry} into {target}, its items after the others)",
  "entry.split": "Split into a new employer from here",
  "entry.split.label": "Split into a new employer from here (“{entry}” and the positions after it)",
  "entry.transfer": "Move to employer",
  "entry.transfer.label": "Move {entry} to another employer",
  "confirm.open.title": "Confirm with open items?",
  "confirm.open.message":
    "Still open: {fields} flagged fields, {unplaced} unplaced lines and {empty} sections that came out empty. Confirm the sections as they are?",
  "confirm.open.accept": "Confirm anyway",
  "confirm.open.cancel": "Keep reviewing",
  "leave.title": "Leave without saving?",
  "leave.message": "You have unsaved changes to this CV. If you leave now they will be lost.",
  "leave.confirm": "Leave without saving",
  "leave.cancel": "Stay",
  "confirm.reason.dirty": "Save your changes before confirming.",
  "confirm.reason.done": "These sections are confirmed.",
  "review.low.title": "{count, plural, one {# field needs} other {# fields need}} a check",
  "review.low.text":
    "We were not sure we read the highlighted fields correctly. Check them, fix what is wrong, then save and confirm.",
  "review.confirm.title": "Confirm your sections",
  "review.confirm.text":
    "Review the sections below and confirm them. Optimizing and exporting are available once they are confirmed.",
  "review.conflict.title": "This CV was changed elsewhere",
  "review.conflict.reload": "Reload latest version",
  "review.conflict.overwrite": "Save mine over it",
  "review.conflict.text":
    "Someone (perhaps you, in another tab) saved a newer version after you opened this page. Reload to see it (your edits here will be discarded), or save your version over it.",
  "review.sections.fewer": "Hide empty sections",
  "review.sections.more": "Show more sections (volunteering, awards, languages, …)",
  "review.actions": "Save and confirm",
  "review.status.saving": "Saving…",
  "review.status.dirty": "You have unsaved changes.",
  "review.status.saved": "All changes saved.",
  "review.status.confirmed": "Confirmed. Ready to optimize and export.",
  "review.status.clean": "No unsaved changes.",
  "review.discard": "Discard changes",
  "review.save": "Save changes",
  "review.confirmed": "Confirmed ✓",
  "review.confirm": "Confirm sections",
} as const;

export type ReviewMessageId = keyof typeof REVIEW_MESSAGES;

/** The message for `id` with `{placeholders}` filled. */
export function format(id: ReviewMessageId, values: MessageValues = {}): string {
  return translate(id, REVIEW_MESSAGES[id], values);
}
