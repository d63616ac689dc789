/**
 * Contact details never leave the process: what is sent to a language model
 * is built from prose fields only, and this pass removes e-mail addresses,
 * phone numbers and links that a user typed into prose.
 */
const EMAIL_CHARS = String.raw`[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}`;
// An address is looked for only where a run of address characters starts (a try inside the run
// would read it again: quadratic on a long run) ...
const EMAIL = new RegExp(String.raw`(?<![\p{L}\p{N}._%+-])${EMAIL_CHARS}`, "gu");
// ... and right where the previous one ended, which may be inside such a run ("a@b.de1c@d.de").
const EMAIL_HERE = new RegExp(EMAIL_CHARS, "uy");
const URL_LIKE = /\b(?:https?:\/\/|www\.)\S+/giu;
// Seven or more digits with the usual separators: phone numbers, not years or metrics.
const PHONE = /(?:\+\d{1,3}[\s./-]?)?(?:\(\d{1,5}\)[\s./-]?)?\d(?:[\s./-]?\d){6,14}/g;

function redactEmails(text: string): string {
  let out = "";
  let from = 0;
  for (;;) {
    EMAIL_HERE.lastIndex = from;
    let match = from > 0 ? EMAIL_HERE.exec(text) : null;
    if (!match) {
      EMAIL.lastIndex = from;
      match = EMAIL.exec(text);
    }
    if (!match) return out + text.slice(from);
    out += `${text.slice(from, match.index)}[email]`;
    from = match.index + match[0].length;
  }
}

/** `text` with contact details replaced by placeholders. */
export function redactContacts(text: string): string {
  return redactEmails(text).replace(URL_LIKE, "[link]").replace(PHONE, "[phone]");
}
