/**
 * Every string the review screen's editing tools show (undo and redo, saving
 * by keyboard, unplaced text, merging and splitting entries), by message id,
 * in English. One table so the strings can move into the web client's message
 * catalogue (and be translated) as they are; `{name}` placeholders are filled
 * by `format`.
 */
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
  "entry.untitled": "{noun} {number}",
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
} as const;

export type ReviewMessageId = keyof typeof REVIEW_MESSAGES;

/** The message for `id` with `{placeholders}` filled. */
export function format(id: ReviewMessageId, values: Record<string, string | number> = {}): string {
  return REVIEW_MESSAGES[id].replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? `{${key}}`));
}
