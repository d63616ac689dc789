/**
 * The top of the document: name, label and contact details, as a text header
 * (centred or left), on an accent band, or in a sidebar; contacts as one
 * packed line or as a labelled block (European CVs).
 */
import type { ResumeView, ViewContact } from "../resume-view.js";
import { type Block, type Line, type Span, shiftLines, zipColumns } from "./boxes.js";
import { type BlockContext, headingBlock, span } from "./build-blocks.js";
import { type Tag, tag } from "./tags.js";
import { textWidth, wrapSpans } from "./text-wrap.js";

/** Name and label lines in `color` (band text or the accent). */
export function nameLines(
  ctx: BlockContext,
  view: ResumeView,
  colors: { name: string; label: string },
  root: Tag | undefined,
  align: "left" | "center" = "left",
): { name: Line[]; label: Line[] } {
  const { t, m } = ctx;
  return {
    name: view.name
      ? wrapSpans([span(view.name, "bold", t.sizes.name, colors.name, tag("H1", root))], m, {
          width: ctx.width,
          lineHeight: 1.15,
          align,
        })
      : [],
    label: view.label
      ? wrapSpans([span(view.label, "regular", t.sizes.label, colors.label, tag("P", root))], m, {
          width: ctx.width,
          lineHeight: 1.35,
          align,
        })
      : [],
  };
}

/** Contacts packed into lines so a separator never ends a line and no address is broken. */
function contactLine(ctx: BlockContext, contacts: readonly ViewContact[], root: Tag | undefined): Line[] {
  const { t, m } = ctx;
  const align = t.header === "centered" ? "center" : "left";
  const separator = "  |  ";
  const size = t.sizes.small;
  const sepWidth = textWidth(m, separator, "regular", size);
  const groups: ViewContact[][] = [[]];
  let used = 0;
  for (const c of contacts) {
    const w = textWidth(m, c.text, "regular", size);
    const group = groups.at(-1)!;
    if (group.length && used + sepWidth + w > ctx.width) {
      groups.push([c]);
      used = w;
    } else {
      group.push(c);
      used += (group.length > 1 ? sepWidth : 0) + w;
    }
  }
  const list = tag("L", root);
  return groups.flatMap((group) => {
    const spans: Span[] = [];
    group.forEach((c, i) => {
      if (i > 0) spans.push(span(separator, "regular", size, t.colors.rule, { role: "Artifact" }));
      spans.push(span(c.text, "regular", size, t.colors.text, tag("LBody", tag("LI", list)), c.url));
    });
    return wrapSpans(spans, m, { width: ctx.width, lineHeight: 1.35, align });
  });
}

/** Contacts as rows of translated label and value ("Telefon  +49 …"). */
function labelledContacts(
  ctx: BlockContext,
  contacts: readonly ViewContact[],
  root: Tag | undefined,
): Line[] {
  const { t, m } = ctx;
  const size = t.sizes.small;
  const labelWidth = Math.max(
    56,
    ...contacts.map((c) => Math.min(110, textWidth(m, c.label, "regular", size) + 10)),
  );
  const table = tag("Table", root);
  return contacts.flatMap((c) => {
    const row = tag("TR", table);
    const label = wrapSpans([span(c.label, "regular", size, t.colors.muted, tag("TH", row))], m, {
      width: labelWidth - 6,
      lineHeight: 1.4,
    });
    const value = wrapSpans([span(c.text, "regular", size, t.colors.text, tag("TD", row), c.url)], m, {
      width: ctx.width - labelWidth,
      lineHeight: 1.4,
    });
    shiftLines(value, labelWidth);
    return zipColumns(label, value);
  });
}

/**
 * Header blocks for single-column templates: name, label, contacts. With `band`, the name and
 * label are drawn on the band instead and only the contacts come here.
 */
export function headerBlocks(
  ctx: BlockContext,
  view: ResumeView,
  root: Tag | undefined,
  options: { withName: boolean },
): Block[] {
  const { t } = ctx;
  const align = t.header === "centered" ? "center" : "left";
  const blocks: Block[] = [];
  if (options.withName) {
    const { name, label } = nameLines(
      ctx,
      view,
      { name: t.colors.accent, label: t.colors.muted },
      root,
      align,
    );
    if (name.length) blocks.push({ lines: name, spaceBefore: 0, keepWithNext: true });
    if (label.length) blocks.push({ lines: label, spaceBefore: 1, keepWithNext: true });
  }
  if (view.contacts.length) {
    const lines =
      t.contactStyle === "labelled"
        ? labelledContacts(ctx, view.contacts, root)
        : contactLine(ctx, view.contacts, root);
    blocks.push({ lines, spaceBefore: blocks.length ? 6 : 0 });
  }
  const last = blocks.at(-1);
  if (last) last.lines.at(-1)!.height += t.gaps.section - 2;
  return blocks;
}

/** The contact list as a sidebar section. */
export function contactBlocks(ctx: BlockContext, view: ResumeView, root: Tag | undefined): Block[] {
  const { t, m } = ctx;
  if (!view.contacts.length) return [];
  const sect = tag("Sect", root);
  const blocks: Block[] = [headingBlock(ctx, view.labels.contact, 0, sect)];
  const list = tag("L", sect);
  view.contacts.forEach((c, i) => {
    blocks.push({
      lines: wrapSpans(
        [span(c.text, "regular", t.sizes.small, t.colors.text, tag("LBody", tag("LI", list)), c.url)],
        m,
        { width: ctx.width, lineHeight: t.lineHeight },
      ),
      spaceBefore: i === 0 ? 0 : 2,
    });
  });
  return blocks;
}
