/**
 * From the render view to flowable blocks for one column width.
 *
 * Each section becomes a heading block glued (`keepWithNext`) to its first
 * entry header, and each entry header is glued to its first bullet or
 * paragraph, so pagination never strands a heading or a job title. Template
 * variants (timeline rail, skills matrix, heading styles, numbering) are
 * decided here from the design's switches; every span carries its structure
 * tag for the tagged PDF.
 */
import type { Design } from "../design.js";
import type { ViewEntry, ViewItem, ViewRole, ViewSection } from "../resume-view.js";
import {
  type Block,
  type Line,
  type LineItem,
  type Span,
  shiftLines,
  type TextMeasurer,
  zipColumns,
} from "./boxes.js";
import { ARTIFACT, type ItemTag, type Tag, tag } from "./tags.js";
import { textWidth, wrapSpans } from "./text-wrap.js";

export type BlockContext = {
  t: Design;
  m: TextMeasurer;
  width: number;
  /** Separators in the document's language (`labels.comma`, `labels.colon`). */
  sep: { comma: string; colon: string };
};

export function span(
  text: string,
  face: Span["face"],
  size: number,
  color: string,
  t: ItemTag | undefined,
  link?: string,
): Span {
  // A linked span is its own Link element inside the element it belongs to.
  const own = link && t && t.role !== "Artifact" ? tag("Link", t, link) : t;
  return { text, face, size, color, link: link || undefined, tag: own };
}

export function paragraph(
  ctx: BlockContext,
  spans: Span[],
  spaceBefore: number,
  extra: Partial<Block> = {},
): Block {
  return {
    lines: wrapSpans(spans, ctx.m, { width: ctx.width, lineHeight: ctx.t.lineHeight }),
    spaceBefore,
    splittable: true,
    ...extra,
  };
}

function bullet(ctx: BlockContext, text: string, spaceBefore: number, list: Tag): Block {
  const { t, m } = ctx;
  const item = tag("LI", list);
  const lines = wrapSpans([span(text, "regular", t.sizes.body, t.colors.text, tag("LBody", item))], m, {
    width: ctx.width,
    lineHeight: t.lineHeight,
    indent: t.bulletIndent,
    hangingIndent: t.bulletIndent,
  });
  const first = lines[0];
  if (first) {
    first.items.unshift({
      text: "•",
      slot: 0,
      x: 2,
      width: textWidth(m, "•", "regular", t.sizes.body),
      face: "regular",
      size: t.sizes.body,
      color: t.colors.accent,
      tag: tag("Lbl", item),
    });
  }
  return { lines, spaceBefore, splittable: lines.length >= 4 };
}

/** A line with `left` spans wrapped and `right` text (dates) aligned to the column's right edge. */
function splitLine(ctx: BlockContext, left: Span[], right: Span | null): Line[] {
  const { t, m } = ctx;
  const rightWidth = right ? textWidth(m, right.text, right.face, right.size) : 0;
  const gap = right ? 10 : 0;
  const leftSpans = left.filter((s) => s.text);
  const lines = leftSpans.length
    ? wrapSpans(leftSpans, m, {
        width: ctx.width,
        lineHeight: t.lineHeight,
        firstLineWidth: ctx.width - rightWidth - gap,
      })
    : right
      ? wrapSpans([right], m, { width: ctx.width, lineHeight: t.lineHeight, align: "right" })
      : [];
  const first = lines[0];
  const last = lines.at(-1);
  if (right && leftSpans.length && first && last) {
    // Drawn with the last line of the title (but raised to the first) so the text layer reads
    // "title, then dates" even when the title wraps.
    const rise = lines.slice(0, -1).reduce((h, l) => h + l.height, 0) + (last.baseline - first.baseline);
    const items: LineItem[] =
      wrapSpans([right], m, { width: rightWidth + 1, lineHeight: t.lineHeight })[0]?.items ?? [];
    for (const item of items) {
      item.x += ctx.width - rightWidth;
      item.dy = -rise;
    }
    last.items.push(...items);
  }
  return lines;
}

/** A section heading in the template's style: rule, plain, tinted fill or accent bar. */
export function headingBlock(ctx: BlockContext, title: string, spaceBefore: number, section: Tag): Block {
  const { t } = ctx;
  const text = t.headingCaps ? title.toLocaleUpperCase() : title;
  const inset = t.headingStyle === "tinted" ? 5 : t.headingStyle === "bar" ? 9 : 0;
  const lines = wrapSpans([span(text, "bold", t.sizes.heading, t.colors.accent, tag("H2", section))], ctx.m, {
    width: ctx.width - inset,
    lineHeight: t.headingStyle === "tinted" ? 1.55 : 1.25,
  });
  shiftLines(lines, inset);
  const first = lines[0];
  const last = lines.at(-1);
  if (first && last) {
    if (t.headingStyle === "rule")
      last.rules = [{ x1: 0, x2: ctx.width, dy: last.height + 1.5, color: t.colors.rule, thickness: 0.75 }];
    else if (t.headingStyle === "tinted")
      for (const l of lines)
        l.rules = [{ x1: 0, x2: ctx.width, dy: l.height / 2, color: t.colors.sidebar, thickness: l.height }];
    else if (t.headingStyle === "bar")
      first.rules = [
        { x1: 0, x2: 4, dy: first.height / 2, color: t.colors.accent, thickness: t.sizes.heading * 0.9 },
      ];
    last.height += t.gaps.afterHeading;
  }
  return { lines, spaceBefore, keepWithNext: true };
}

function metaSpan(ctx: BlockContext, text: string, parent: Tag): Span | null {
  return text ? span(text, "regular", ctx.t.sizes.small, ctx.t.colors.muted, parent) : null;
}

/** Date lines for the timeline rail (wrapped to the rail, right-aligned against the line). */
function railDates(ctx: BlockContext, text: string, parent: Tag): Line[] {
  const { t } = ctx;
  if (!text) return [];
  return wrapSpans([span(text, "regular", t.sizes.small, t.colors.muted, parent)], ctx.m, {
    width: t.dateRail - 16,
    lineHeight: t.lineHeight,
  });
}

function entryHeader(
  ctx: BlockContext,
  e: ViewEntry,
  spaceBefore: number,
  parent: Tag,
  number?: number,
): Block {
  const { t } = ctx;
  const h = tag("H3", parent);
  const left: Span[] = [];
  if (number !== undefined) left.push(span(`[${number}] `, "regular", t.sizes.title, t.colors.muted, h));
  left.push(span(e.title, "bold", t.sizes.title, t.colors.text, h, e.url));
  if (e.subtitle)
    left.push(span(`${ctx.sep.comma}${e.subtitle}`, "regular", t.sizes.title, t.colors.text, h));
  const meta = tag("P", parent);
  let lines: Line[];
  if (t.dateRail) {
    if (e.location) left.push(span(` · ${e.location}`, "italic", t.sizes.small, t.colors.muted, h));
    lines = zipColumns(railDates(ctx, e.dates, h), shifted(splitLine(inner(ctx), left, null), t.dateRail));
  } else if (t.inlineMeta) {
    if (e.location) left.push(span(` · ${e.location}`, "italic", t.sizes.small, t.colors.muted, h));
    lines = splitLine(ctx, left, metaSpan(ctx, e.dates, h));
  } else {
    lines = splitLine(ctx, left, metaSpan(ctx, e.dates, h));
    if (e.location) {
      lines.push(
        ...wrapSpans([span(e.location, "italic", t.sizes.small, t.colors.muted, meta)], ctx.m, {
          width: ctx.width,
          lineHeight: t.lineHeight,
        }),
      );
    }
  }
  return { lines, spaceBefore, keepWithNext: true };
}

const inner = (ctx: BlockContext): BlockContext =>
  ctx.t.dateRail ? { ...ctx, width: ctx.width - ctx.t.dateRail } : ctx;

/** Entry content sits right of the timeline rail. */
function body(ctx: BlockContext, block: Block): Block {
  shiftLines(block.lines, ctx.t.dateRail);
  return block;
}

function shifted(lines: Line[], dx: number): Line[] {
  shiftLines(lines, dx);
  return lines;
}

function roleBlocks(ctx: BlockContext, role: ViewRole, first: boolean, parent: Tag): Block[] {
  const { t } = ctx;
  const h = tag("H4", parent);
  const left = [span(role.title, "bold", t.sizes.body, t.colors.text, h)];
  if (role.location) left.push(span(` · ${role.location}`, "italic", t.sizes.small, t.colors.muted, h));
  const lines = t.dateRail
    ? zipColumns(railDates(ctx, role.dates, h), shifted(splitLine(inner(ctx), left, null), t.dateRail))
    : splitLine(ctx, left, metaSpan(ctx, role.dates, h));
  const header: Block = {
    lines,
    spaceBefore: first ? 1 : t.gaps.entry / 2,
    keepWithNext: Boolean(role.summary || role.bullets.length),
  };
  const c = inner(ctx);
  const blocks = [header];
  if (role.summary)
    blocks.push(
      body(
        ctx,
        paragraph(c, [span(role.summary, "regular", t.sizes.body, t.colors.text, tag("P", parent))], 1),
      ),
    );
  const list = tag("L", parent);
  role.bullets.forEach((b, i) => {
    blocks.push(body(ctx, bullet(c, b, i === 0 ? 1.5 : t.gaps.bullet, list)));
  });
  return blocks;
}

function entryBlocks(
  ctx: BlockContext,
  e: ViewEntry,
  spaceBefore: number,
  parent: Tag,
  number?: number,
): Block[] {
  const { t } = ctx;
  const header = entryHeader(ctx, e, spaceBefore, parent, number);
  const content: Block[] = [];
  const c = inner(ctx);
  const p = (text: string, face: Span["face"], size: number, color: string, gap: number) =>
    content.push(body(ctx, paragraph(c, [span(text, face, size, color, tag("P", parent))], gap)));
  if (e.description) p(e.description, "italic", t.sizes.small, t.colors.muted, 1);
  if (e.summary) p(e.summary, "regular", t.sizes.body, t.colors.text, 1.5);
  e.roles.forEach((role, i) => {
    content.push(...roleBlocks(ctx, role, i === 0, parent));
  });
  const list = tag("L", parent);
  e.bullets.forEach((b, i) => {
    content.push(body(ctx, bullet(c, b, i === 0 ? 1.5 : t.gaps.bullet, list)));
  });
  if (e.tags) p(e.tags, "italic", t.sizes.small, t.colors.muted, 1.5);
  if (t.dateRail) railDecor(t, header, content);
  header.keepWithNext = content.length > 0;
  return [header, ...content];
}

/** The timeline: a line runs down the rail beside the entry, with a dot at its header. */
function railDecor(t: Design, header: Block, content: Block[]): void {
  const x = t.dateRail - 8;
  for (const block of [header, ...content]) {
    block.lines.forEach((line, i) => {
      const from = i === 0 && block !== header ? -block.spaceBefore : 0;
      line.rules = [
        ...(line.rules ?? []),
        { x1: x, x2: x, dy: from, dy2: line.height, color: t.colors.rule, thickness: 1 },
      ];
    });
  }
  const first = header.lines[0];
  if (first)
    first.dots = [{ cx: x, cy: first.baseline - t.sizes.title * 0.32, r: 3, color: t.colors.accent }];
}

function listBlocks(ctx: BlockContext, items: ViewItem[], parent: Tag): Block[] {
  const { t } = ctx;
  const stacked = ctx.width < 220; // narrow sidebar: label above value
  const list = tag("L", parent);
  return items.map((item, i) => {
    const body = tag("LBody", tag("LI", list));
    if (stacked) {
      const spans = [span(item.label, "bold", t.sizes.body, t.colors.text, body)];
      const lines = item.label ? wrapSpans(spans, ctx.m, { width: ctx.width, lineHeight: t.lineHeight }) : [];
      if (item.value) {
        lines.push(
          ...wrapSpans([span(item.value, "regular", t.sizes.small, t.colors.muted, body)], ctx.m, {
            width: ctx.width,
            lineHeight: t.lineHeight,
          }),
        );
      }
      return { lines, spaceBefore: i === 0 ? 0 : 5 };
    }
    const spans = [span(item.label, "bold", t.sizes.body, t.colors.text, body)];
    if (item.value)
      spans.push(
        span(`${item.label ? ctx.sep.colon : ""}${item.value}`, "regular", t.sizes.body, t.colors.text, body),
      );
    return paragraph(ctx, spans, i === 0 ? 0 : t.gaps.bullet + 1);
  });
}

/** The skills matrix: a table of group | keywords with a thin rule under each row. */
function matrixBlocks(ctx: BlockContext, items: ViewItem[], parent: Tag): Block[] {
  const { t, m } = ctx;
  const labelWidth = Math.min(140, Math.round(ctx.width * 0.28));
  const table = tag("Table", parent);
  return items.map((item, i) => {
    const row = tag("TR", table);
    const label = wrapSpans([span(item.label, "bold", t.sizes.body, t.colors.text, tag("TH", row))], m, {
      width: labelWidth - 8,
      lineHeight: t.lineHeight,
    });
    const value = wrapSpans([span(item.value, "regular", t.sizes.body, t.colors.text, tag("TD", row))], m, {
      width: ctx.width - labelWidth,
      lineHeight: t.lineHeight,
    });
    const lines = zipColumns(label, shifted(value, labelWidth));
    const last = lines.at(-1);
    if (last) {
      last.height += 3;
      last.rules = [{ x1: 0, x2: ctx.width, dy: last.height - 1, color: t.colors.rule, thickness: 0.5 }];
    }
    return { lines, spaceBefore: i === 0 ? 0 : 3 };
  });
}

/** Blocks for one section: a heading glued to the first piece of content. */
export function sectionBlocks(ctx: BlockContext, section: ViewSection, first: boolean, root?: Tag): Block[] {
  const { t } = ctx;
  const sect = tag("Sect", root);
  const blocks: Block[] = [headingBlock(ctx, section.title, first ? 0 : t.gaps.section, sect)];
  if (section.kind === "text") {
    // Blank lines in a summary separate paragraphs; single line breaks are just spaces.
    section.text.split(/\n\s*\n/).forEach((text, i) => {
      blocks.push(
        paragraph(
          ctx,
          [span(text.trim(), "regular", t.sizes.body, t.colors.text, tag("P", sect))],
          i === 0 ? 0 : 4,
        ),
      );
    });
  } else if (section.kind === "list") {
    const matrix = t.skillsMatrix && section.key === "skills" && ctx.width >= 300;
    blocks.push(...(matrix ? matrixBlocks(ctx, section.items, sect) : listBlocks(ctx, section.items, sect)));
  } else {
    const numbered = t.numberedSections.includes(section.key);
    section.entries.forEach((e, i) => {
      blocks.push(...entryBlocks(ctx, e, i === 0 ? 0 : t.gaps.entry, sect, numbered ? i + 1 : undefined));
    });
  }
  return blocks;
}

export { ARTIFACT };
