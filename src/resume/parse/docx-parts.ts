/**
 * Page headers and footers of a DOCX (word/header*.xml, word/footer*.xml).
 * mammoth converts only the document body, but many templates print the
 * name and contact details in the page header; those paragraphs are read
 * here with a real XML parser and join the top of the document.
 *
 * The parts come from the archive reader, which inflated them within its
 * budgets (counted while inflating); an oversized part is skipped.
 */
import { DOMParser } from "@xmldom/xmldom";
import type { ArchiveEntry } from "./archive-reader.js";

const PART = /^word\/(header|footer)\d*\.xml$/;
const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/** No header or footer of a résumé comes near this; larger parts are skipped. */
const MAX_PART_BYTES = 512 * 1024;
/**
 * Page numbers and page fields ("Page 2 of 3", "- 2 -") are furniture, not content. The spaces after
 * "Page" are the dash-and-space run's, so no run of spaces can be split between two quantifiers.
 */
const PAGE_FURNITURE =
  /^(?:page|seite|página|pagina|strona|sida|strana)?[-–\s]*\d{1,3}(?:\s*(?:\/|of|von|de|di|z|av|ze)\s*\d{1,3})?[-–\s]*$/i;

/** The text of each paragraph of a WordprocessingML part; tabs become "\t". */
export function paragraphsOf(xml: string): string[] {
  // xmldom resolves no external entities; a malformed part yields what it could read.
  const quiet = () => {};
  const document = new DOMParser({ errorHandler: { warning: quiet, error: quiet } }).parseFromString(
    xml,
    "text/xml",
  );
  const paragraphs = document.getElementsByTagNameNS(W, "p");
  const out: string[] = [];
  for (let i = 0; i < paragraphs.length; i++) {
    let text = "";
    const walk = (node: Node) => {
      for (let child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType !== 1) continue;
        const element = child as Element;
        if (element.namespaceURI === W && element.localName === "t") text += element.textContent ?? "";
        else if (element.namespaceURI === W && element.localName === "tab") text += "\t";
        else if (element.namespaceURI === W && (element.localName === "br" || element.localName === "cr"))
          text += "\n";
        // Nested paragraphs (text boxes inside the header) are read on their own.
        else if (!(element.namespaceURI === W && element.localName === "p")) walk(element);
      }
    };
    walk(paragraphs[i]!);
    for (const line of text.split("\n")) {
      const trimmed = line.replace(/[ \u00a0]+/g, " ").trim();
      if (trimmed && !PAGE_FURNITURE.test(trimmed.replace(/\t/g, " "))) out.push(trimmed);
    }
  }
  return out;
}

/**
 * Distinct paragraphs of the page headers, then of the footers (a document has
 * up to three of each: first page, even pages, default).
 */
export function headerFooterParagraphs(entries: readonly ArchiveEntry[]): string[] {
  // The archive reader already inflated every part within its budgets; nothing is read twice.
  const parts = new Map<string, string>();
  for (const entry of entries) {
    if (PART.test(entry.name) && entry.data && entry.data.length <= MAX_PART_BYTES) {
      parts.set(entry.name, entry.data.toString("utf8"));
    }
  }
  const ordered = [...parts.keys()].sort((a, b) =>
    a.includes("header") === b.includes("header") ? a.localeCompare(b) : a.includes("header") ? -1 : 1,
  );
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of ordered) {
    let paragraphs: string[];
    try {
      paragraphs = paragraphsOf(parts.get(name)!);
    } catch {
      continue;
    }
    for (const paragraph of paragraphs)
      if (!seen.has(paragraph)) {
        seen.add(paragraph);
        out.push(paragraph);
      }
  }
  return out;
}
