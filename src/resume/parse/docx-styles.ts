/**
 * A DOCX style sheet cut down to what mammoth reads from it.
 *
 * mammoth takes four things from `word/styles.xml`: each top-level style's
 * type, id and name (`w:style/@w:type`, `@w:styleId`, `w:name/@w:val`) and a
 * numbering style's list (`w:pPr/w:numPr/w:numId`). Word and python-docx
 * write style sheets of 40–350 KB (every built-in style with its fonts,
 * spacing and table looks, the latent-style table), and mammoth builds a DOM
 * of all of it: on such files most of a DOCX parse. The slim sheet keeps
 * those elements verbatim (attributes and entities as written), in order,
 * and nothing else, so mammoth reads the same styles from it.
 *
 * The cut is made only where it is plainly safe: a UTF-8 sheet with the
 * usual `w` prefix bound once to the WordprocessingML namespace on the root,
 * and no comments, CDATA, document type or markup-compatibility blocks.
 * Anything else is left as it was.
 */

/** `word/styles.xml` of an archive's entries replaced by its slim sheet, where one can be made. */
export function withSlimStyles<E extends { name: string; data: Buffer | undefined }>(entries: E[]): E[] {
  let done = false;
  return entries.map((entry) => {
    if (done || entry.name !== "word/styles.xml" || !entry.data) return entry;
    done = true;
    const slim = slimStyleSheet(entry.data.toString("utf8"));
    return slim === undefined ? entry : { ...entry, data: Buffer.from(slim, "utf8") };
  });
}

const W_NAMESPACE = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/** Markup whose reading would need more than the element scan below. */
const UNSAFE = /<!|AlternateContent|purl\.oclc\.org\/ooxml\/wordprocessingml/;

type Tag = { name: string; text: string; closing: boolean; selfClosing: boolean; end: number };

/** The tag starting at `start` (a "<"), honouring quoted attribute values; undefined if cut off. */
function readTag(xml: string, start: number): Tag | undefined {
  let quote = "";
  for (let i = start + 1; i < xml.length; i++) {
    const c = xml[i]!;
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ">") {
      const text = xml.slice(start, i + 1);
      const closing = text[1] === "/";
      const name = /^<\/?([^\s/>]+)/.exec(text)?.[1] ?? "";
      return { name, text, closing, selfClosing: text.endsWith("/>"), end: i + 1 };
    }
  }
  return undefined;
}

/** An element's start tag written as an empty element (`<w:name w:val="x"/>`). */
const asEmpty = (tag: Tag) => (tag.selfClosing ? tag.text : `${tag.text.slice(0, -1)}/>`);

/** The slim style sheet, or undefined when `xml` is not one this can safely cut. */
export function slimStyleSheet(xml: string): string | undefined {
  if (UNSAFE.test(xml) || xml.split(W_NAMESPACE).length !== 2) return undefined;
  // The sheet is re-encoded as UTF-8: only a UTF-8 one (declared so, or by default) is cut.
  if (xml.includes("\uFFFD") || /^[^<]*<\?xml[^>]*encoding\s*=\s*["'](?!utf-8["'])/i.test(xml))
    return undefined;
  const out: string[] = [];
  // Open elements, outermost first; each style's kept children are collected in `style`.
  const open: string[] = [];
  let style: { start: Tag; name?: Tag; numId?: Tag; pPr: number; numPr: number } | undefined;
  let i = xml.indexOf("<");
  if (i === -1) return undefined;
  const prolog = xml.slice(0, i);
  out.push(prolog);
  while (i !== -1 && i < xml.length) {
    if (xml.startsWith("<?", i)) {
      const end = xml.indexOf("?>", i);
      if (end === -1) return undefined;
      out.push(xml.slice(i, end + 2));
      i = xml.indexOf("<", end + 2);
      continue;
    }
    const tag = readTag(xml, i);
    if (!tag?.name) return undefined;
    i = xml.indexOf("<", tag.end);
    if (tag.closing) {
      if (open.pop() !== tag.name) return undefined;
      if (open.length === 0) out.push(tag.text);
      else if (open.length === 1 && tag.name === "w:style" && style) {
        out.push(style.start.text, style.name ? asEmpty(style.name) : "");
        if (style.numId) out.push(`<w:pPr><w:numPr>${asEmpty(style.numId)}</w:numPr></w:pPr>`);
        out.push("</w:style>");
        style = undefined;
      }
      continue;
    }
    const depth = open.length;
    if (depth === 0) {
      if (tag.name !== "w:styles" || !tag.text.includes(`xmlns:w="${W_NAMESPACE}"`)) return undefined;
      out.push(tag.text);
      if (tag.selfClosing) return out.join("");
      open.push(tag.name);
      continue;
    }
    if (depth === 1 && tag.name === "w:style") {
      if (tag.selfClosing) out.push(tag.text);
      else style = { start: tag, pPr: 0, numPr: 0 };
    } else if (style) {
      // mammoth takes the first matching child at each step (`first("w:name")`, then pPr/numPr/numId).
      if (depth === 2 && tag.name === "w:name") style.name ??= tag;
      else if (depth === 2 && tag.name === "w:pPr") style.pPr++;
      else if (depth === 3 && tag.name === "w:numPr" && style.pPr === 1 && open[2] === "w:pPr") style.numPr++;
      else if (depth === 4 && tag.name === "w:numId" && style.numPr === 1 && open[3] === "w:numPr")
        style.numId ??= tag;
    }
    if (!tag.selfClosing) open.push(tag.name);
  }
  return open.length === 0 ? out.join("") : undefined;
}
