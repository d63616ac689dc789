/**
 * Every string of the missing-characters notice, by message id, in English,
 * with `{name}` placeholders filled by `format`.
 */
import { type MessageValues, translate } from "../i18n/translate.js";

export const GLYPH_MESSAGES = {
  "glyphs.title": "Some characters cannot be printed",
  "glyphs.intro":
    "No font of this template has these characters, so the file cannot be made with them: {characters}.",
  "glyphs.character": "“{char}” ({code_point})",
  "glyphs.fields": "They are in these fields; replace or remove them there:",
  "glyphs.fix": "Fix in Review: {field}",
  "glyphs.and": "{rest} and {last}",
} as const;

export type GlyphMessageId = keyof typeof GLYPH_MESSAGES;

export function format(id: GlyphMessageId, values: MessageValues = {}): string {
  return translate(id, GLYPH_MESSAGES[id], values);
}
