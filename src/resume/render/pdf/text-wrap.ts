/**
 * Line breaking for styled spans.
 *
 * We break lines ourselves (instead of letting pdfkit wrap) so that the
 * paginator knows every line before anything is drawn: it can then keep
 * headings with their first entry and split paragraphs between lines. Breaks
 * happen at spaces, between CJK characters, and inside a word only when the
 * word alone is wider than the line (long URLs).
 */
import type { FontSlot, Line, LineItem, Span, TextMeasurer } from "./boxes.js";

export type WrapOptions = {
  width: number;
  /** Line height as a multiple of the largest font size on the line. */
  lineHeight: number;
  /** Width available on the first line (e.g. when dates sit on its right). */
  firstLineWidth?: number;
  /** Left offset of every line after the first (hanging indent for bullets). */
  hangingIndent?: number;
  /** Left offset of the first line. */
  indent?: number;
  align?: "left" | "center" | "right";
};

type Token = {
  text: string;
  span: number;
  slot: FontSlot;
  width: number;
  /** Width of the trailing whitespace included in `width`. */
  trailing: number;
  breakAfter: boolean;
  /** The source had a line break here: the next word starts a new line. */
  hardBreak?: boolean;
};

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\uFF00-\uFFEF]/u;
const PIECES =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\uFF00-\uFFEF]\s*|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\uFF00-\uFFEF]+\s*|\s+/gu;

/**
 * Kinsoku (JIS X 4051, simplified): closing brackets, small kana and sentence punctuation never
 * start a line; opening brackets never end one. Breaking between CJK characters is otherwise free.
 */
const NO_LINE_START =
  /^[)\]}〕〉》」』】〙〗〟’”｠»、。，．・：；？！ー‐゠–〜ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々〻）］｝，．：；？！｡｣､･ｰ%‰℃]/u;
const NO_LINE_END = /[([{〔〈《「『【〘〖〝‘“｟«（［｛｢]$/u;

/** Split a piece into runs that one font slot can draw. */
function slotRuns(text: string, measurer: TextMeasurer): { text: string; slot: FontSlot }[] {
  if (measurer.singleSlot) return [{ text, slot: 0 }];
  const runs: { text: string; slot: FontSlot }[] = [];
  for (const char of text) {
    const slot = /\s/.test(char) ? (runs.at(-1)?.slot ?? 0) : measurer.slotFor(char.codePointAt(0)!);
    const last = runs.at(-1);
    if (last && last.slot === slot) last.text += char;
    else runs.push({ text: char, slot });
  }
  return runs;
}

/** Width of `text` as drawn, each character in the font of the chain that has it. */
export function textWidth(measurer: TextMeasurer, text: string, face: Span["face"], size: number): number {
  let width = 0;
  for (const run of slotRuns(text, measurer)) width += measurer.width(run.text, face, size, run.slot);
  return width;
}

/** Apply kinsoku to break opportunities between tokens. */
function applyKinsoku(tokens: Token[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!token.breakAfter || token.hardBreak || token.trailing > 0) continue;
    const next = tokens[i + 1];
    if (NO_LINE_END.test(token.text) || (next && NO_LINE_START.test(next.text))) token.breakAfter = false;
  }
}

function tokenize(spans: readonly Span[], measurer: TextMeasurer): Token[] {
  const tokens: Token[] = [];
  spans.forEach((span, index) => {
    for (const match of span.text.matchAll(PIECES)) {
      // A line break in the text (a multi-line summary) ends the line; it is never drawn as a glyph.
      const hardBreak = /[\n\r\u2028\u2029]/.test(match[0]);
      const piece = hardBreak ? match[0].replace(/[\n\r\u2028\u2029]/g, " ") : match[0];
      const runs = slotRuns(piece, measurer);
      runs.forEach((run, i) => {
        const width = measurer.width(run.text, span.face, span.size, run.slot);
        const stripped = run.text.trimEnd();
        const trailing =
          stripped.length < run.text.length
            ? width - (stripped ? measurer.width(stripped, span.face, span.size, run.slot) : 0)
            : 0;
        const last = i === runs.length - 1;
        tokens.push({
          text: run.text,
          span: index,
          slot: run.slot,
          width,
          trailing,
          breakAfter: last && (trailing > 0 || /\s$/.test(piece) || CJK.test(piece)),
          hardBreak: last && hardBreak,
        });
      });
    }
  });
  applyKinsoku(tokens);
  return tokens;
}

/** Cut a token that is wider than the line into pieces that fit (a long URL, an unbroken string). */
function splitWide(token: Token, span: Span, max: number, measurer: TextMeasurer): Token[] {
  const out: Token[] = [];
  let current = "";
  const piece = (text: string): Token => ({
    ...token,
    text,
    width: measurer.width(text, span.face, span.size, token.slot),
    trailing: 0,
    breakAfter: true,
    hardBreak: false,
  });
  for (const char of token.text) {
    const next = current + char;
    if (current && measurer.width(next, span.face, span.size, token.slot) > max) {
      // Prefer breaking after a URL or path separator when one is in the second half of the piece.
      const cut = Math.max(...["/", ".", "-", "_", "@", "?", "&"].map((c) => current.lastIndexOf(c)));
      if (cut >= current.length / 2 && cut < current.length - 1) {
        out.push(piece(current.slice(0, cut + 1)));
        current = current.slice(cut + 1) + char;
      } else {
        out.push(piece(current));
        current = char;
      }
    } else current = next;
  }
  const width = measurer.width(current, span.face, span.size, token.slot);
  out.push({ ...token, text: current, width, trailing: token.trailing, breakAfter: token.breakAfter });
  return out;
}

/** Break spans into lines; items are positioned from the column's left edge. */
export function wrapSpans(spans: readonly Span[], measurer: TextMeasurer, options: WrapOptions): Line[] {
  const maxSize = Math.max(...spans.map((s) => s.size));
  const tokens = tokenize(spans, measurer);
  // Group tokens into unbreakable words.
  const words: Token[][] = [];
  let word: Token[] = [];
  for (const token of tokens) {
    word.push(token);
    if (token.breakAfter) {
      words.push(word);
      word = [];
    }
  }
  if (word.length) words.push(word);

  const lines: Token[][] = [];
  let line: Token[] = [];
  let lineWidth = 0;
  const indentOf = (n: number) => (n === 0 ? (options.indent ?? 0) : (options.hangingIndent ?? 0));
  const available = (n: number) =>
    (n === 0 ? (options.firstLineWidth ?? options.width) : options.width) - indentOf(n);

  for (let w of words) {
    const width = w.reduce((sum, t) => sum + t.width, 0);
    const trailing = w.at(-1)?.trailing ?? 0;
    if (line.length && lineWidth + width - trailing > available(lines.length)) {
      lines.push(line);
      line = [];
      lineWidth = 0;
    }
    if (!line.length && width - trailing > available(lines.length)) {
      w = w.flatMap((t) => splitWide(t, spans[t.span]!, available(lines.length), measurer));
      for (const t of w) {
        if (line.length && lineWidth + t.width - t.trailing > available(lines.length)) {
          lines.push(line);
          line = [];
          lineWidth = 0;
        }
        line.push(t);
        lineWidth += t.width;
      }
      if (w.at(-1)?.hardBreak) {
        lines.push(line);
        line = [];
        lineWidth = 0;
      }
      continue;
    }
    line.push(...w);
    lineWidth += width;
    if (w.at(-1)?.hardBreak) {
      lines.push(line);
      line = [];
      lineWidth = 0;
    }
  }
  if (line.length) lines.push(line);

  const metrics = measurer.metrics("regular", maxSize);
  const height = maxSize * options.lineHeight;
  const baseline = (height - (metrics.ascender - metrics.descender)) / 2 + metrics.ascender;

  return lines.map((tokensOfLine, n) => {
    const items: LineItem[] = [];
    const itemSpans: number[] = [];
    let x = indentOf(n);
    for (const token of tokensOfLine) {
      const span = spans[token.span]!;
      const last = items.at(-1);
      if (last && last.slot === token.slot && itemSpans.at(-1) === token.span) {
        last.text += token.text;
        last.width += token.width;
      } else {
        const item: LineItem = {
          text: token.text,
          slot: token.slot,
          x,
          width: token.width,
          face: span.face,
          size: span.size,
          color: span.color,
          link: span.link,
          tag: span.tag,
        };
        items.push(item);
        itemSpans.push(token.span);
      }
      x += token.width;
    }
    // Trailing whitespace neither draws nor counts for alignment.
    const lastToken = tokensOfLine.at(-1);
    const lastItem = items.at(-1);
    if (lastItem && lastToken) {
      lastItem.text = lastItem.text.trimEnd();
      lastItem.width -= lastToken.trailing;
    }
    const used = lastItem ? lastItem.x + lastItem.width : 0;
    const room = (n === 0 ? (options.firstLineWidth ?? options.width) : options.width) - used;
    const shift = options.align === "center" ? room / 2 : options.align === "right" ? room : 0;
    if (shift) for (const item of items) item.x += shift;
    return { height, baseline, items };
  });
}
