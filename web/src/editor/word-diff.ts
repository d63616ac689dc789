/**
 * Word-level diff for showing a proposal as before/after: the longest common
 * subsequence of tokens (words and the whitespace/punctuation between them),
 * merged into runs. Inputs are single CV fields (a bullet, a summary), so the
 * quadratic table stays small; longer texts fall back to a whole replacement.
 */

export type DiffSegment = { kind: "same" | "removed" | "added"; text: string };

const MAX_CELLS = 250_000;

/** Splits into words, whitespace runs and single punctuation marks, losslessly. */
export function tokenize(text: string): string[] {
  return text.match(/[\p{L}\p{N}_'’-]+|\s+|[^\p{L}\p{N}_\s]/gu) ?? [];
}

function push(out: DiffSegment[], kind: DiffSegment["kind"], text: string) {
  const last = out[out.length - 1];
  if (last && last.kind === kind) last.text += text;
  else out.push({ kind, text });
}

/** The segments that turn `before` into `after`; concatenating same+removed gives `before`, same+added gives `after`. */
export function diffWords(before: string, after: string): DiffSegment[] {
  const a = tokenize(before);
  const b = tokenize(after);
  const out: DiffSegment[] = [];
  if (a.length * b.length > MAX_CELLS) {
    if (before) push(out, "removed", before);
    if (after) push(out, "added", after);
    return out;
  }
  // lcs[i][j] = length of the LCS of a[i..] and b[j..]
  const width = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? lcs[(i + 1) * width + j + 1]! + 1
          : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push(out, "same", a[i]!);
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) {
      push(out, "removed", a[i++]!);
    } else {
      push(out, "added", b[j++]!);
    }
  }
  while (i < a.length) push(out, "removed", a[i++]!);
  while (j < b.length) push(out, "added", b[j++]!);
  return out;
}
