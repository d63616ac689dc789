/**
 * A job posting as lines with structure, whatever form it was pasted in.
 *
 * - HTML (copied from a job board): parsed with parse5, a real HTML parser, so
 *   tags, entities, scripts and styles never leak into the text; block
 *   elements end lines, `<li>` becomes a bullet, `<h1>`–`<h6>` and paragraphs
 *   that are only bold text become headings.
 * - Markdown: `#` headings, `**bold**` lines as headings, `-`/`*`/`1.` bullets.
 * - Plain text: bullets by marker; headings are short lines ending in a colon
 *   or written in capitals, or short unpunctuated lines followed by bullets.
 */
import { type DefaultTreeAdapterMap, parse } from "parse5";

export type PostingLine = { text: string; heading: boolean; bullet: boolean; level?: number };

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

const SKIP = new Set(["script", "style", "noscript", "template", "svg", "head", "iframe", "button", "form"]);
const BLOCK = new Set([
  "p",
  "div",
  "section",
  "article",
  "header",
  "footer",
  "main",
  "aside",
  "ul",
  "ol",
  "li",
  "br",
  "tr",
  "table",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "dt",
  "dd",
  "dl",
  "blockquote",
  "pre",
  "hr",
]);
const BULLET = /^\s*(?:[-*•·▪◦‣●○■□➢►✓✔→]|\d{1,2}[.)])\s+/u;
const MAX_LINES = 2_000;
const MAX_LINE = 2_000;

/** True when the text is (mostly) HTML markup rather than prose that mentions a tag. */
export function looksLikeHtml(text: string): boolean {
  const tags = text.match(/<\/?(?:p|div|li|ul|ol|br|h[1-6]|span|strong|b|em|section|table)\b[^>]*>/gi);
  return (tags?.length ?? 0) >= 2;
}

/** Lines of an HTML fragment or page. */
export function htmlLines(html: string): PostingLine[] {
  const lines: PostingLine[] = [];
  let current = "";
  let currentHeading: number | undefined;
  let currentBullet = false;
  const flush = () => {
    const text = current.replace(/\s+/g, " ").trim();
    if (text && lines.length < MAX_LINES) {
      lines.push({
        text: text.slice(0, MAX_LINE),
        heading: currentHeading !== undefined,
        bullet: currentBullet,
        ...(currentHeading !== undefined ? { level: currentHeading } : {}),
      });
    }
    current = "";
    currentHeading = undefined;
    currentBullet = false;
  };
  const walk = (node: Node) => {
    if (node.nodeName === "#text") {
      current += (node as DefaultTreeAdapterMap["textNode"]).value;
      return;
    }
    if (!("childNodes" in node)) return;
    const name = node.nodeName;
    if (SKIP.has(name)) return;
    const block = BLOCK.has(name);
    if (block) flush();
    const heading = /^h([1-6])$/.exec(name);
    if (heading) currentHeading = Number(heading[1]);
    if (name === "li") currentBullet = true;
    if ((name === "p" || name === "div") && onlyBold(node as Element)) currentHeading = 4;
    for (const child of node.childNodes) walk(child);
    if (block) flush();
  };
  walk(parse(html.length > 500_000 ? html.slice(0, 500_000) : html));
  flush();
  return lines;
}

function onlyBold(element: Element): boolean {
  const meaningful = element.childNodes.filter(
    (c) => !(c.nodeName === "#text" && !(c as DefaultTreeAdapterMap["textNode"]).value.trim()),
  );
  return (
    meaningful.length === 1 &&
    ["strong", "b"].includes(meaningful[0]!.nodeName) &&
    textOf(meaningful[0]!).trim().length < 80
  );
}

function textOf(node: Node): string {
  if (node.nodeName === "#text") return (node as DefaultTreeAdapterMap["textNode"]).value;
  return "childNodes" in node ? node.childNodes.map(textOf).join("") : "";
}

/** Lines of Markdown or plain text. */
export function textLines(text: string): PostingLine[] {
  const raw = text.replace(/\r\n?/g, "\n").split("\n").slice(0, MAX_LINES);
  const lines: PostingLine[] = [];
  for (const rawLine of raw) {
    let line = rawLine.slice(0, MAX_LINE).trim();
    if (!line) continue;
    const md = markdownHeading(line);
    if (md) {
      lines.push({ text: stripInline(md.text), heading: true, bullet: false, level: md.level });
      continue;
    }
    const bullet = BULLET.test(line);
    if (bullet) line = line.replace(BULLET, "");
    const boldOnly = /^(?:\*\*|__)([^*_]{1,80})(?:\*\*|__):?$/.exec(line);
    if (boldOnly && !bullet) {
      lines.push({ text: boldOnly[1]!.trim(), heading: true, bullet: false, level: 4 });
      continue;
    }
    lines.push({ text: stripInline(line), heading: false, bullet });
  }
  // Plain-text headings: "Requirements:", "WHAT YOU BRING", or a short bare line before bullets.
  lines.forEach((l, i) => {
    if (l.heading || l.bullet) return;
    const words = l.text.split(/\s+/).length;
    const colon = /:$/.test(l.text) && words <= 8;
    const caps =
      words <= 6 && l.text.length >= 4 && l.text === l.text.toUpperCase() && /\p{Lu}/u.test(l.text);
    const beforeBullets = words <= 6 && !/[.!?,;]$/.test(l.text) && lines[i + 1]?.bullet === true;
    if (colon || caps || beforeBullets) {
      l.heading = true;
      l.level = 4;
    }
  });
  return lines;
}

/**
 * "## Requirements" → level 2 and its text. The text is read by index after the marker and its
 * spaces: a pattern would let the spaces be read as marker padding or as text, again for each space.
 */
function markdownHeading(line: string): { level: number; text: string } | undefined {
  const marker = /^(#{1,6})\s+/.exec(line);
  const text = marker ? line.slice(marker[0].length) : "";
  // A heading is one line: what a "." could not read ends it.
  if (!marker || /[\n\r\u2028\u2029]/.test(text)) return undefined;
  return { level: marker[1]!.length, text };
}

/**
 * Markdown links and images as their text: "[Acme](https://acme.example)" → "Acme". Each link text
 * runs from the first "[" after the previous link to the next "]", as `/!?\[([^\]]*)\]\([^)]*\)/g`
 * reads it, but in one pass: the pattern rescans from every "[" of an unclosed run.
 */
function unlink(text: string): string {
  let out = "";
  let from = 0;
  for (;;) {
    const open = text.indexOf("[", from);
    const close = open === -1 ? -1 : text.indexOf("]", open + 1);
    if (close === -1) break;
    if (text[close + 1] !== "(") {
      out += text.slice(from, close + 1);
      from = close + 1;
      continue;
    }
    const end = text.indexOf(")", close + 2);
    // No later "[…](" can close either.
    if (end === -1) break;
    const start = open > from && text[open - 1] === "!" ? open - 1 : open;
    out += text.slice(from, start) + text.slice(open + 1, close);
    from = end + 1;
  }
  return out + text.slice(from);
}

function stripInline(text: string): string {
  return unlink(text)
    .replace(/(\*\*|__)(.*?)\1/g, "$2")
    .replace(/(^|\s)[*_]([^*_]+)[*_](?=\s|$|[.,;:])/g, "$1$2")
    .replace(/`([^`]*)`/g, "$1")
    .trim();
}

/** Lines of a posting in any supported text form. */
export function postingLines(text: string): PostingLine[] {
  return looksLikeHtml(text) ? htmlLines(text) : textLines(text);
}
