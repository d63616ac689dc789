/**
 * Every string of the editor's form controls and entry lists (nouns, add/move/
 * remove buttons, review hints), by message id, in English.
 */
import { type MessageValues, translate } from "../i18n/translate.js";

export const ENTRY_MESSAGES = {
  "noun.employer": "Employer",
  "noun.position": "Position",
  "noun.bullet": "Bullet",
  "noun.school": "School",
  "noun.project": "Project",
  "noun.skill_group": "Skill group",
  "noun.profile": "Profile",
  "noun.section": "Section",
  "noun.item": "Item",
  "noun.role": "Role",
  "noun.award": "Award",
  "noun.certificate": "Certificate",
  "noun.publication": "Publication",
  "noun.language": "Language",
  "noun.interest": "Interest",
  "noun.reference": "Reference",
  "noun.keyword": "Keyword",
  "noun.course": "Course",
  "entry.add.employer": "+ Add employer",
  "entry.add.position": "+ Add position",
  "entry.add.bullet": "+ Add bullet",
  "entry.add.school": "+ Add school",
  "entry.add.project": "+ Add project",
  "entry.add.skill_group": "+ Add skill group",
  "entry.add.profile": "+ Add profile",
  "entry.add.section": "+ Add section",
  "entry.add.item": "+ Add item",
  "entry.add.role": "+ Add role",
  "entry.add.award": "+ Add award",
  "entry.add.certificate": "+ Add certificate",
  "entry.add.publication": "+ Add publication",
  "entry.add.language": "+ Add language",
  "entry.add.interest": "+ Add interest",
  "entry.add.reference": "+ Add reference",
  "entry.add.keyword": "+ Add keyword",
  "entry.add.course": "+ Add course",
  "entry.numbered": "{noun} {number}",
  "entry.labelled": "{noun} {number}: {heading}",
  "entry.move_up": "Move {position} up",
  "entry.move_up.hint": "Move up",
  "entry.move_down": "Move {position} down",
  "entry.move_down.hint": "Move down",
  "entry.remove": "Remove {position}",
  "entry.remove.hint": "Remove",
  "entry.to_check": "{count} to check",
  "nav.label": "Sections",
  "nav.to_check": " to check",
  "field.check": "Please check: this may not have been read correctly.",
  "field.dates.placeholder": "e.g. Mar 2019 – Present",
  "field.list.none": "None yet.",
  "field.commas": "(comma-separated)",
  "section.uncertain": "Please check: we were not sure which part of your CV belongs to this section.",
} as const;

export type EntryMessageId = keyof typeof ENTRY_MESSAGES;

/** What a list holds, as the editor names one of its entries. */
export type Noun =
  | "employer"
  | "position"
  | "bullet"
  | "school"
  | "project"
  | "skill_group"
  | "profile"
  | "section"
  | "item"
  | "role"
  | "award"
  | "certificate"
  | "publication"
  | "language"
  | "interest"
  | "reference"
  | "keyword"
  | "course";

/** The message for `id` in the current language, placeholders filled. */
export function format(id: EntryMessageId, values: MessageValues = {}): string {
  return translate(id, ENTRY_MESSAGES[id], values);
}

/** "Employer" (German "Arbeitgeber"). */
export function nounText(noun: Noun): string {
  return format(`noun.${noun}`);
}

/** "Employer 2": the entry at `index` of a list of `noun`s. */
export function numbered(noun: Noun, index: number): string {
  return format("entry.numbered", { noun: nounText(noun), number: index + 1 });
}
