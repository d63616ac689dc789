/**
 * Contact details never leave the process: what is sent to a language model
 * is built from prose fields only, and this pass removes e-mail addresses,
 * phone numbers and links that a user typed into prose.
 */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
const URL_LIKE = /\b(?:https?:\/\/|www\.)\S+/giu;
// Seven or more digits with the usual separators: phone numbers, not years or metrics.
const PHONE = /(?:\+\d{1,3}[\s./-]?)?(?:\(\d{1,5}\)[\s./-]?)?\d(?:[\s./-]?\d){6,14}/g;

/** `text` with contact details replaced by placeholders. */
export function redactContacts(text: string): string {
  return text.replace(EMAIL, "[email]").replace(URL_LIKE, "[link]").replace(PHONE, "[phone]");
}
