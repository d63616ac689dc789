/**
 * Where a field came from in the original: the parser's `meta.sources` (keyed by dotted JSON paths
 * such as `work.0.positions.0.title`) looked up for the focused field, and a PDF box turned into a
 * highlight positioned in percent of its page, so it follows the page at any drawn size.
 */
import type { Resume } from "../api/types.js";

/** A PDF box (page 1-based, points from the top-left), a DOCX paragraph or a text line (0-based). */
export type SourceRef =
  | { page: number; x: number; y: number; w: number; h: number }
  | { paragraph: number }
  | { line: number };

/** A highlight on a PDF page, in percent of the page's width and height. */
export type PageBox = { page: number; left: number; top: number; width: number; height: number };

/** The dotted path of a form field from its element id (`f-work.0.positions.0.title`), or null. */
export function fieldPathOf(elementId: string): string | null {
  if (!elementId.startsWith("f-")) return null;
  const path = elementId.slice(2);
  return /^[A-Za-z_][\w-]*(\.[\w-]+)*$/.test(path) ? path : null;
}

/** The sources the parser recorded, or an empty table (a CV typed in or parsed before they existed). */
export function sourcesOf(resume: Resume | null | undefined): Record<string, SourceRef> {
  return resume?.meta?.sources ?? {};
}

/**
 * The source of `path`, or of the nearest enclosing path that has one (a bullet without its own
 * source shows its entry's), or null when neither it nor any parent came from the original.
 */
export function sourceFor(sources: Record<string, SourceRef>, path: string | null): SourceRef | null {
  if (!path) return null;
  const parts = path.split(".");
  for (let n = parts.length; n > 0; n--) {
    const ref = sources[parts.slice(0, n).join(".")];
    if (ref && isSourceRef(ref)) return ref;
  }
  return null;
}

function isSourceRef(ref: unknown): ref is SourceRef {
  if (!ref || typeof ref !== "object") return false;
  const r = ref as Record<string, unknown>;
  if (typeof r.page === "number") return ["x", "y", "w", "h"].every((k) => Number.isFinite(r[k]));
  return Number.isInteger(r.paragraph) || Number.isInteger(r.line);
}

/**
 * A PDF source as a box in percent of its page (`pageWidth` × `pageHeight` in points), clipped to
 * the page, with at least a sliver of height so a zero-height box still shows; null for a source
 * that is not a PDF box or a page size that is not positive.
 */
export function pageBox(ref: SourceRef | null, pageWidth: number, pageHeight: number): PageBox | null {
  if (!ref || !("page" in ref) || !(pageWidth > 0) || !(pageHeight > 0)) return null;
  const clip = (v: number, max: number) => Math.min(Math.max(v, 0), max);
  const x0 = clip(ref.x, pageWidth);
  const y0 = clip(ref.y, pageHeight);
  const x1 = clip(ref.x + ref.w, pageWidth);
  const y1 = clip(ref.y + Math.max(ref.h, 2), pageHeight);
  const pct = (v: number, of: number) => Math.round((v / of) * 10000) / 100;
  return {
    page: ref.page,
    left: pct(x0, pageWidth),
    top: pct(y0, pageHeight),
    width: pct(x1 - x0, pageWidth),
    height: pct(y1 - y0, pageHeight),
  };
}

/** The 0-based text line or DOCX paragraph a source names, or null. */
export function blockIndex(ref: SourceRef | null, kind: "line" | "paragraph"): number | null {
  if (!ref) return null;
  if (kind === "line" && "line" in ref) return ref.line;
  if (kind === "paragraph" && "paragraph" in ref) return ref.paragraph;
  return null;
}
