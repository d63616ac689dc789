/**
 * From the render view to flowable blocks for one column width.
 *
 * Each section becomes a heading block glued (`keepWithNext`) to its first
 * entry header, and each entry header is glued to its first bullet or
 * paragraph, so pagination never strands a heading or a job title.
 */
import type { ResumeView, ViewEntry, ViewItem, ViewRole, ViewSection } from "../resume-view.js";
import type { TemplateDefinition } from "../templates.js";
import type { Block, Line, LineItem, Span, TextMeasurer } from "./boxes.js";
import { wrapSpans } from "./text-wrap.js";

export type BlockContext = { t: TemplateDefinition; m: TextMeasurer; width: number };

function span(text: string, face: Span["face"], size: number, color: string, link?: string): Span {
  return { text, face, size, color, link: link || undefined };
}

function paragraph(ctx: BlockContext, spans: Span[], spaceBefore: number, extra: Partial<Block> = {}): Block {
  return {
    lines: wrapSpans(spans, ctx.m, { width: ctx.width, lineHeight: ctx.t.lineHeight }),
    spaceBefore,
    splittable: true,
    ...extra,
  };
}

function bullet(ctx: BlockContext, text: string, spaceBefore: number, indent = 0): Block {
  const { t, m } = ctx;
  const lines = wrapSpans([span(text, "regular", t.sizes.body, t.colors.text)], m, {
    width: ctx.width,
    lineHeight: t.lineHeight,
    indent: indent + t.bulletIndent,
    hangingIndent: indent + t.bulletIndent,
  });
  const first = lines[0];
  if (first) {
    first.items.unshift({
      text: "•",
      slot: 0,
      x: indent + 2,
      width: m.width("•", "regular", t.sizes.body, 0),
      face: "regular",
      size: t.sizes.body,
      color: t.colors.accent,
    });
  }
  return { lines, spaceBefore, splittable: lines.length >= 4 };
}

/** A line with `left` spans wrapped and `right` text (dates) aligned to the column's right edge. */
function splitLine(ctx: BlockContext, left: Span[], right: Span | null): Line[] {
  const { t, m } = ctx;
  const rightWidth = right ? m.width(right.text, right.face, right.size, 0) : 0;
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

function headingBlock(ctx: BlockContext, title: string, spaceBefore: number): Block {
  const { t } = ctx;
  const text = t.headingCaps ? title.toLocaleUpperCase() : title;
  const lines = wrapSpans([span(text, "bold", t.sizes.heading, t.colors.accent)], ctx.m, {
    width: ctx.width,
    lineHeight: 1.25,
  });
  const last = lines.at(-1);
  if (last) {
    last.rules = [{ x1: 0, x2: ctx.width, dy: last.height + 1.5, color: t.colors.rule, thickness: 0.75 }];
    last.height += t.gaps.afterHeading;
  }
  return { lines, spaceBefore, keepWithNext: true };
}

function metaSpan(ctx: BlockContext, text: string): Span | null {
  return text ? span(text, "regular", ctx.t.sizes.small, ctx.t.colors.muted) : null;
}

function entryHeader(ctx: BlockContext, e: ViewEntry, spaceBefore: number): Block {
  const { t } = ctx;
  const left: Span[] = [span(e.title, "bold", t.sizes.title, t.colors.text, e.url)];
  if (e.subtitle) left.push(span(`, ${e.subtitle}`, "regular", t.sizes.title, t.colors.text));
  let lines: Line[];
  if (t.inlineMeta) {
    if (e.location) left.push(span(` · ${e.location}`, "italic", t.sizes.small, t.colors.muted));
    lines = splitLine(ctx, left, metaSpan(ctx, e.dates));
  } else {
    lines = splitLine(ctx, left, metaSpan(ctx, e.dates));
    if (e.location) {
      lines.push(
        ...wrapSpans([span(e.location, "italic", t.sizes.small, t.colors.muted)], ctx.m, {
          width: ctx.width,
          lineHeight: t.lineHeight,
        }),
      );
    }
  }
  return { lines, spaceBefore, keepWithNext: true };
}

function roleBlocks(ctx: BlockContext, role: ViewRole, first: boolean): Block[] {
  const { t } = ctx;
  const left = [span(role.title, "bold", t.sizes.body, t.colors.text)];
  if (role.location) left.push(span(` · ${role.location}`, "italic", t.sizes.small, t.colors.muted));
  const header: Block = {
    lines: splitLine(ctx, left, metaSpan(ctx, role.dates)),
    spaceBefore: first ? 1 : t.gaps.entry / 2,
    keepWithNext: Boolean(role.summary || role.bullets.length),
  };
  const blocks = [header];
  if (role.summary)
    blocks.push(paragraph(ctx, [span(role.summary, "regular", t.sizes.body, t.colors.text)], 1));
  role.bullets.forEach((b, i) => {
    blocks.push(bullet(ctx, b, i === 0 ? 1.5 : t.gaps.bullet));
  });
  return blocks;
}

function entryBlocks(ctx: BlockContext, e: ViewEntry, spaceBefore: number): Block[] {
  const { t } = ctx;
  const header = entryHeader(ctx, e, spaceBefore);
  const body: Block[] = [];
  if (e.description)
    body.push(paragraph(ctx, [span(e.description, "italic", t.sizes.small, t.colors.muted)], 1));
  if (e.summary) body.push(paragraph(ctx, [span(e.summary, "regular", t.sizes.body, t.colors.text)], 1.5));
  e.roles.forEach((role, i) => {
    body.push(...roleBlocks(ctx, role, i === 0));
  });
  e.bullets.forEach((b, i) => {
    body.push(bullet(ctx, b, i === 0 ? 1.5 : t.gaps.bullet));
  });
  if (e.tags) body.push(paragraph(ctx, [span(e.tags, "italic", t.sizes.small, t.colors.muted)], 1.5));
  header.keepWithNext = body.length > 0;
  return [header, ...body];
}

function listBlocks(ctx: BlockContext, items: ViewItem[]): Block[] {
  const { t } = ctx;
  const stacked = ctx.width < 220; // narrow sidebar: label above value
  return items.map((item, i) => {
    if (stacked) {
      const spans = [span(item.label, "bold", t.sizes.body, t.colors.text)];
      const lines = item.label ? wrapSpans(spans, ctx.m, { width: ctx.width, lineHeight: t.lineHeight }) : [];
      if (item.value) {
        lines.push(
          ...wrapSpans([span(item.value, "regular", t.sizes.small, t.colors.muted)], ctx.m, {
            width: ctx.width,
            lineHeight: t.lineHeight,
          }),
        );
      }
      return { lines, spaceBefore: i === 0 ? 0 : 5 };
    }
    const spans = [span(item.label, "bold", t.sizes.body, t.colors.text)];
    if (item.value)
      spans.push(span(`${item.label ? ": " : ""}${item.value}`, "regular", t.sizes.body, t.colors.text));
    return paragraph(ctx, spans, i === 0 ? 0 : t.gaps.bullet + 1);
  });
}

/** Blocks for one section: a heading glued to the first piece of content. */
export function sectionBlocks(ctx: BlockContext, section: ViewSection, first: boolean): Block[] {
  const { t } = ctx;
  const blocks: Block[] = [headingBlock(ctx, section.title, first ? 0 : t.gaps.section)];
  if (section.kind === "text") {
    // Blank lines in a summary separate paragraphs; single line breaks are just spaces.
    section.text.split(/\n\s*\n/).forEach((text, i) => {
      blocks.push(
        paragraph(ctx, [span(text.trim(), "regular", t.sizes.body, t.colors.text)], i === 0 ? 0 : 4),
      );
    });
  } else if (section.kind === "list") {
    blocks.push(...listBlocks(ctx, section.items));
  } else {
    section.entries.forEach((e, i) => {
      blocks.push(...entryBlocks(ctx, e, i === 0 ? 0 : t.gaps.entry));
    });
  }
  return blocks;
}

/** Name, label and contact line for single-column templates. */
export function headerBlocks(ctx: BlockContext, view: ResumeView): Block[] {
  const { t, m } = ctx;
  const align = t.headerAlign;
  const blocks: Block[] = [];
  if (view.name) {
    blocks.push({
      lines: wrapSpans([span(view.name, "bold", t.sizes.name, t.colors.accent)], m, {
        width: ctx.width,
        lineHeight: 1.15,
        align,
      }),
      spaceBefore: 0,
      keepWithNext: true,
    });
  }
  if (view.label) {
    blocks.push({
      lines: wrapSpans([span(view.label, "regular", t.sizes.label, t.colors.muted)], m, {
        width: ctx.width,
        lineHeight: 1.3,
        align,
      }),
      spaceBefore: 1,
      keepWithNext: true,
    });
  }
  if (view.contacts.length) {
    // Pack whole contacts into lines so a separator never ends a line and no address is broken.
    const separator = "  |  ";
    const size = t.sizes.small;
    const sepWidth = m.width(separator, "regular", size, 0);
    const groups: ResumeView["contacts"][] = [[]];
    let used = 0;
    for (const c of view.contacts) {
      const w = m.width(c.text, "regular", size, 0);
      const group = groups.at(-1)!;
      if (group.length && used + sepWidth + w > ctx.width) {
        groups.push([c]);
        used = w;
      } else {
        group.push(c);
        used += (group.length > 1 ? sepWidth : 0) + w;
      }
    }
    const lines = groups.flatMap((group) => {
      const spans: Span[] = [];
      group.forEach((c, i) => {
        if (i > 0) spans.push(span(separator, "regular", size, t.colors.rule));
        spans.push(span(c.text, "regular", size, t.colors.text, c.url));
      });
      return wrapSpans(spans, m, { width: ctx.width, lineHeight: 1.35, align });
    });
    blocks.push({ lines, spaceBefore: 4 });
  }
  const last = blocks.at(-1);
  if (last) last.lines.at(-1)!.height += t.gaps.section - 2;
  return blocks;
}

/** The contact list as a sidebar section (modern template). */
export function contactBlocks(ctx: BlockContext, view: ResumeView, title: string): Block[] {
  const { t, m } = ctx;
  if (!view.contacts.length) return [];
  const blocks: Block[] = [headingBlock(ctx, title, 0)];
  view.contacts.forEach((c, i) => {
    blocks.push({
      lines: wrapSpans([span(c.text, "regular", t.sizes.small, t.colors.text, c.url)], m, {
        width: ctx.width,
        lineHeight: t.lineHeight,
      }),
      spaceBefore: i === 0 ? 0 : 2,
    });
  });
  return blocks;
}
