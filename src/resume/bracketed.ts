/**
 * Bracketed spans of untrusted text, found the way `/\([^)]*\)/g` finds them
 * (each span opens at the first "(" after the previous one and closes at the
 * next ")"), in one pass. The regular expression restarts its scan at every
 * "(" of an unclosed run, which is quadratic on "((((…".
 */

/**
 * `text` with every bracketed span rewritten: `replace` gets the text between
 * the previous span and this one, and the span's inner text, and returns what
 * stands for both.
 *
 * @example replaceBracketed("Berlin (Mitte) (DE)", (before) => `${before} `) // "Berlin    "
 */
export function replaceBracketed(text: string, replace: (before: string, inner: string) => string): string {
  // Every piece but the last ended at a ")": a span closes there when the piece holds a "(".
  const pieces = text.split(")");
  const last = pieces.pop() ?? "";
  let out = "";
  for (const piece of pieces) {
    const open = piece.indexOf("(");
    out += open === -1 ? `${piece})` : replace(piece.slice(0, open), piece.slice(open + 1));
  }
  return out + last;
}

const LINE_BREAK = /([\n\r\u2028\u2029])/;

/**
 * `text` without its first bracketed span as `/\(.*\)/` removes it: from the
 * first "(" to the last ")" of the same line.
 */
export function withoutFirstBracketed(text: string): string {
  const lines = text.split(LINE_BREAK);
  // Even indexes are lines, odd ones the breaks between them.
  for (let i = 0; i < lines.length; i += 2) {
    const line = lines[i]!;
    const open = line.indexOf("(");
    if (open === -1) continue;
    const close = line.lastIndexOf(")");
    if (close < open) continue;
    lines[i] = line.slice(0, open) + line.slice(close + 1);
    return lines.join("");
  }
  return text;
}
