/**
 * Text that PostgreSQL can store, at the model boundary.
 *
 * `jsonb` refuses `\u0000` (22P05) and an unpaired surrogate (22P02), and one
 * such character in a parse result, an edit or an optimize proposal used to
 * fail the whole write. Every string that enters the resume model (and every
 * proposal) passes `sanitizeText`: C0 control characters other than tab and
 * newline are removed (a carriage return becomes a newline), unpaired
 * surrogates become U+FFFD, and the result is NFC, so the same text typed on
 * two systems compares equal. `clampText` cuts to a length without splitting
 * a code point.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (UTF-16 units, no u flag). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` as the model stores it: no C0 controls but tab and newline, no lone surrogates, NFC. */
export function sanitizeText(text: string): string {
  let out = text;
  if (out.includes("\r")) out = out.replace(/\r\n?/g, "\n");
  out = out.replace(CONTROLS, "");
  out = out.replace(LONE_SURROGATE, "\uFFFD");
  return out.normalize("NFC");
}

/** At most `max` UTF-16 units of `text`, never ending on the first half of a surrogate pair. */
export function clampText(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
  return text.slice(0, end);
}

/** A copy of a JSON value with every string (object keys included) sanitised. */
export function sanitizeDeep<T>(value: T): T {
  if (typeof value === "string") return sanitizeText(value) as T;
  if (Array.isArray(value)) return value.map(sanitizeDeep) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[sanitizeText(key)] = sanitizeDeep(item);
    return out as T;
  }
  return value;
}
