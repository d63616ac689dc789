/**
 * Every string of the export screen's design controls and live preview, by
 * message id, in English. One table so the strings can move into the web
 * client's message catalogue (and be translated) as they are; `{name}`
 * placeholders are filled by `format`.
 */
import { type MessageValues, translate } from "../i18n/translate.js";

export const DESIGN_MESSAGES = {
  "design.legend": "Design",
  "design.accent": "Accent colour",
  "design.accent.default": "Template colour",
  "design.accent.adjusted":
    "{color} has a contrast of {ratio}:1 against the page, below the 4.5:1 text needs; the export darkens it to {used}.",
  "design.accent.ok": "Contrast {ratio}:1 against the page.",
  "design.font": "Font",
  "design.font.template": "Template font",
  "design.size": "Text size",
  "design.size.value": "{size} pt",
  "design.spacing": "Line spacing",
  "design.margins": "Margins",
  "design.margins.value": "{mm} mm",
  "design.auto": "Template default",
  "design.dates": "Dates",
  "design.dates.as_written": "As written in the CV",
  "design.dates.month_year": "Jan 2020",
  "design.dates.numeric": "01/2020",
  "design.dates.year": "2020",
  "design.dates.long": "January 2020",
  "design.fit": "Fit to one page when it overflows by a little",
  "design.photo": "Photo",
  "design.photo.hint":
    "JPEG or PNG, up to 8 MB. It is stored re-encoded, without camera data, and shown by the Sidebar and European templates.",
  "design.photo.upload": "Upload a photo",
  "design.photo.replace": "Replace photo",
  "design.photo.remove": "Remove photo",
  "design.photo.alt": "Your photo",
  "design.photo.round": "Round",
  "design.photo.square": "Square",
  "design.photo.unused": "The chosen template does not show a photo.",
  "design.reset": "Reset to the template's design",
  "visibility.legend": "Sections to include",
  "visibility.up": "Move {section} up",
  "visibility.down": "Move {section} down",
  "preview.title": "Preview",
  "preview.loading": "Updating the preview…",
  "preview.failed": "The preview could not be made: {reason}",
  "preview.pages": "Page 1 of the PDF as it will be exported.",
} as const;

export type DesignMessageId = keyof typeof DESIGN_MESSAGES;

/** The message for `id` with `{placeholders}` filled. */
export function format(id: DesignMessageId, values: MessageValues = {}): string {
  return translate(id, DESIGN_MESSAGES[id], values);
}
