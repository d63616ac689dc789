/**
 * A cheap proof that a PDF draws no hidden text, read from its decoded
 * content streams before pdf.js replays the pages.
 *
 * hidden-text.ts finds invisible and white text by replaying each page's
 * operator list, which makes pdf.js decode every image and copy it across
 * its message port: on a typical CV that replay costs as much as reading the
 * text itself. Text can only be invisible (rendering mode 3 or 7) or white
 * through a `Tr` or fill-colour operator in a content stream, so when no
 * stream holds one that could hide text, the replay cannot find anything and
 * is skipped. The proof is conservative: a colour it cannot interpret (a
 * pattern, a one-component colour in a named colour space, an operator with
 * its operands in another stream) counts as possibly hiding text, and so
 * does a stream it could not read to the end.
 *
 * Tiny and off-page text is found from the text items alone and is checked
 * whatever this says.
 */

/** Each colour channel at or above this reads as white (hidden-text.ts's threshold). */
const NEAR_WHITE = 0.94;
/** CMYK inks at or below this all leave the paper white. */
const NEAR_NO_INK = 0.06;
/** Operands kept for the next operator; the longest one read here takes four. */
const MAX_OPERANDS = 8;

const DEVICE_SPACES: Record<string, number> = {
  DeviceGray: 1,
  G: 1,
  DeviceRGB: 3,
  RGB: 3,
  DeviceCMYK: 4,
  CMYK: 4,
};

type Operand = number | "name" | "other";

const isSpace = (c: number) =>
  c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
const isDelimiter = (c: number) =>
  c === 0x28 ||
  c === 0x29 ||
  c === 0x3c ||
  c === 0x3e ||
  c === 0x5b ||
  c === 0x5d ||
  c === 0x7b ||
  c === 0x7d ||
  c === 0x2f ||
  c === 0x25;

/** True when the fill colour `operands` set (`op` in colour space `space`) may read as white. */
function whiteFill(op: string, operands: Operand[], space: string | undefined, oneIsGray: boolean): boolean {
  if (operands.some((o) => o !== "name" && typeof o !== "number")) return true;
  if (operands.includes("name")) return true; // a pattern: its colour is not known here
  const n = operands as number[];
  const allAtLeast = (v: number) => n.every((c) => c >= v);
  switch (op) {
    case "g":
      return n.length !== 1 || allAtLeast(NEAR_WHITE);
    case "rg":
      return n.length !== 3 || allAtLeast(NEAR_WHITE);
    case "k":
      return n.length !== 4 || n.every((c) => c <= NEAR_NO_INK);
    default: {
      // sc / scn: the components' meaning depends on the colour space set by `cs`.
      const components = space === undefined ? undefined : DEVICE_SPACES[space];
      if (n.length === 1) return (components !== 1 && !oneIsGray) || allAtLeast(NEAR_WHITE);
      // Three components: RGB-like (ICC, CalRGB) or Lab, whose lightness runs to 100.
      if (n.length === 3) return allAtLeast(NEAR_WHITE) || (components !== 3 && n[0]! >= 90);
      if (n.length === 4) return n.every((c) => c <= NEAR_NO_INK);
      return true;
    }
  }
}

/** What the graphics state may make of the text shown next. */
type State = { white: boolean; invisible: boolean };
/** Deeper `q` nesting than this is no real page (pdf.js caps it too); the proof gives up. */
const MAX_SAVES = 256;
const SHOW_TEXT = new Set(["Tj", "TJ", "'", '"']);

/**
 * False only when `content` (one decoded content stream, latin1) provably
 * shows no text in an invisible rendering mode or a fill colour that may read
 * as white. A white fill used only for shapes (a page background) proves
 * nothing wrong; text shown, or a form drawn, while the fill may be white
 * does. So does a stream that ends in such a state, since the page's next
 * stream or a form drawn from it inherits the state.
 *
 * A one-component colour in a named colour space is gray when
 * `oneComponentIsGray` (the caller found no Separation, DeviceN or Indexed
 * space in the file, where 0 may be white); otherwise it may be white.
 */
export function mayHideText(content: string, options: { oneComponentIsGray?: boolean } = {}): boolean {
  const oneIsGray = options.oneComponentIsGray ?? false;
  const length = content.length;
  let operands: Operand[] = [];
  let lastName: string | undefined;
  let fillSpace: string | undefined;
  let state: State = { white: false, invisible: false };
  const saved: State[] = [];
  let i = 0;
  const push = (operand: Operand) => {
    operands.push(operand);
    if (operands.length > MAX_OPERANDS) operands.shift();
  };
  while (i < length) {
    const c = content.charCodeAt(i);
    if (isSpace(c)) {
      i++;
    } else if (c === 0x25) {
      // Comment to the end of the line.
      while (i < length && content.charCodeAt(i) !== 0x0a && content.charCodeAt(i) !== 0x0d) i++;
    } else if (c === 0x28) {
      // Literal string: balanced parentheses, backslash escapes.
      let depth = 0;
      for (; i < length; i++) {
        const s = content.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x28) depth++;
        else if (s === 0x29 && --depth === 0) break;
      }
      i++;
      push("other");
    } else if (c === 0x3c && content.charCodeAt(i + 1) !== 0x3c) {
      // Hex string.
      const end = content.indexOf(">", i);
      i = end === -1 ? length : end + 1;
      push("other");
    } else if (c === 0x3c || c === 0x3e) {
      // Dictionary delimiters (marked-content properties): the dictionary is one operand.
      i += content.charCodeAt(i + 1) === c ? 2 : 1;
      if (c === 0x3e) push("other");
    } else if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) {
      i++;
      if (c === 0x5d) push("other");
    } else if (c === 0x2f) {
      let end = i + 1;
      while (end < length && !isSpace(content.charCodeAt(end)) && !isDelimiter(content.charCodeAt(end)))
        end++;
      lastName = content.slice(i + 1, end);
      push("name");
      i = end;
    } else {
      let end = i;
      while (end < length && !isSpace(content.charCodeAt(end)) && !isDelimiter(content.charCodeAt(end)))
        end++;
      if (end === i) end++; // a stray delimiter (")" or "}") is skipped
      const word = content.slice(i, end);
      i = end;
      // Numbers are most of a content stream's tokens: only a token starting like one is converted.
      if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e) {
        const number = Number(word);
        if (Number.isFinite(number)) {
          push(number);
          continue;
        }
      }
      if (SHOW_TEXT.has(word) || word === "Do") {
        if (state.white || state.invisible) return true;
      } else if (word === "q") {
        if (saved.length >= MAX_SAVES) return true;
        saved.push({ ...state });
      } else if (word === "Q") {
        // Restoring what an earlier stream saved: that state is not known here.
        state = saved.pop() ?? { white: true, invisible: true };
      } else if (word === "Tr") {
        const mode = operands.at(-1);
        state.invisible = typeof mode !== "number" || mode === 3 || mode === 7;
      } else if (word === "cs") {
        fillSpace = operands.at(-1) === "name" ? lastName : undefined;
      } else if (word === "g" || word === "rg" || word === "k") {
        const count = word === "g" ? 1 : word === "rg" ? 3 : 4;
        state.white = whiteFill(word, operands.slice(-count), undefined, oneIsGray);
      } else if (word === "sc" || word === "scn") {
        // Operands since the previous operator are this one's.
        state.white = whiteFill(word, operands, fillSpace, oneIsGray);
      } else if (word === "ID") {
        // Inline image data: binary up to "EI" between white space.
        let end = content.indexOf("EI", i);
        while (
          end !== -1 &&
          !(
            isSpace(content.charCodeAt(end - 1)) &&
            (end + 2 >= length || isSpace(content.charCodeAt(end + 2)))
          )
        )
          end = content.indexOf("EI", end + 2);
        i = end === -1 ? length : end + 2;
      }
      operands = [];
    }
  }
  return state.white || state.invisible;
}
