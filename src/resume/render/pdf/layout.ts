/**
 * Page layout: the design's structure (single column or sidebar, text header
 * or name band, photo, page numbers) turned into placed lines, fills and
 * images per page, before anything is drawn. "Fit to one page" retries with
 * tighter spacing within limits when a CV overflows one page by a little.
 */
import type { Design } from "../design.js";
import type { ResumeView, ViewSection } from "../resume-view.js";
import type { Block, Frame, Line, Placement, TextMeasurer } from "./boxes.js";
import { type BlockContext, paragraph, sectionBlocks, span } from "./build-blocks.js";
import { contactBlocks, headerBlocks, nameLines } from "./header-blocks.js";
import { paginate } from "./paginate.js";
import { ARTIFACT, type Tag, tag } from "./tags.js";
import { wrapSpans } from "./text-wrap.js";

export type Fill = { page: number; x: number; y: number; w: number; h: number; color: string };
export type ImageBox = { page: number; x: number; y: number; size: number; round: boolean; tag: Tag };

export type PageLayout = {
  pages: number;
  /** Painted first, per page. */
  backgrounds: Fill[];
  placements: Placement[];
  images: ImageBox[];
};

export type LayoutInput = {
  view: ResumeView;
  t: Design;
  m: TextMeasurer;
  pageWidth: number;
  pageHeight: number;
  /** The CV has a photo and the template places one. */
  photo: { round: boolean } | undefined;
  root: Tag;
};

const BAND_PADDING = 24;

/** Lay out the document; with `fitToOnePage`, tighten spacing when that makes a 2-page CV fit on one. */
export function layoutDocument(input: LayoutInput, fitToOnePage: boolean): PageLayout {
  const layout = layoutOnce(input);
  if (!fitToOnePage || layout.pages !== 2) return layout;
  for (const step of [1, 2, 3, 4]) {
    const tighter = layoutOnce({ ...input, t: tighten(input.t, step) });
    if (tighter.pages === 1) return tighter;
  }
  return layout;
}

/**
 * Step n of tightening: less space between sections and entries, a little less leading, then
 * smaller margins, and at the last step type 4% smaller. Never below readable limits.
 */
function tighten(t: Design, step: number): Design {
  const f = 1 - 0.15 * step;
  const gap = (n: number) => Math.round(n * Math.max(0.45, f) * 100) / 100;
  const margin = (n: number) => (step >= 3 ? Math.max(28, n * 0.8) : n);
  const size = (n: number) => (step >= 4 ? Math.round(n * 0.96 * 100) / 100 : n);
  return {
    ...t,
    gaps: {
      section: gap(t.gaps.section),
      entry: gap(t.gaps.entry),
      bullet: gap(t.gaps.bullet),
      afterHeading: gap(t.gaps.afterHeading),
    },
    lineHeight: Math.max(1.12, t.lineHeight - 0.04 * step),
    margin: {
      top: margin(t.margin.top),
      bottom: margin(t.margin.bottom),
      left: margin(t.margin.left),
      right: margin(t.margin.right),
    },
    sizes: {
      name: size(t.sizes.name),
      label: size(t.sizes.label),
      heading: size(t.sizes.heading),
      title: size(t.sizes.title),
      body: size(t.sizes.body),
      small: size(t.sizes.small),
    },
  };
}

function layoutOnce(input: LayoutInput): PageLayout {
  const layout = input.t.layout === "sidebar" ? layoutSidebar(input) : layoutSingle(input);
  if (input.t.pageNumbers && layout.pages > 0) addPageNumbers(input, layout);
  return layout;
}

/** The summary as an opening paragraph without a heading (executive), and the other sections. */
function splitLead(t: Design, sections: readonly ViewSection[]): { lead: string; rest: ViewSection[] } {
  const summary = t.leadSummary ? sections.find((s) => s.key === "summary") : undefined;
  if (summary?.kind !== "text") return { lead: "", rest: [...sections] };
  return { lead: summary.text, rest: sections.filter((s) => s !== summary) };
}

/** The name band across the page (page 1): its lines, placed, and its height. */
function band(ctx: BlockContext, input: LayoutInput, x: number): { placements: Placement[]; height: number } {
  const { t } = ctx;
  const { name, label } = nameLines(
    ctx,
    input.view,
    { name: t.colors.bandText, label: t.colors.bandText },
    input.root,
  );
  const lines = [...name, ...label];
  const placements: Placement[] = [];
  let y = BAND_PADDING;
  for (const line of lines) {
    placements.push({ page: 0, x, y, line });
    y += line.height;
  }
  return { placements, height: lines.length ? y + BAND_PADDING : 0 };
}

function layoutSingle(input: LayoutInput): PageLayout {
  const { t, m, view, pageWidth, pageHeight, root } = input;
  const width = pageWidth - t.margin.left - t.margin.right;
  const ctx: BlockContext = { t, m, width, sep: view.labels };
  const images: ImageBox[] = [];
  const backgrounds: Fill[] = [];
  const placements: Placement[] = [];
  let firstTop = t.margin.top;
  const blocks: Block[] = [];
  if (t.header === "band") {
    const b = band(ctx, input, t.margin.left);
    placements.push(...b.placements);
    if (b.height) {
      backgrounds.push({ page: 0, x: 0, y: 0, w: pageWidth, h: b.height, color: t.colors.accent });
      firstTop = b.height + 18;
    }
    blocks.push(...headerBlocks(ctx, view, root, { withName: false }));
  } else {
    const photo = input.photo && t.photo === "header" ? t.photoSize : 0;
    // The header flows beside the photo; the photo sits in the top-right corner of the frame.
    const header = headerBlocks(photo ? { ...ctx, width: width - photo - 16 } : ctx, view, root, {
      withName: true,
    });
    if (photo) {
      images.push({
        page: 0,
        x: t.margin.left + width - photo,
        y: t.margin.top,
        size: photo,
        round: input.photo!.round,
        tag: tag("Figure", root, view.labels.photoAlt.replace("{name}", view.name)),
      });
      const height = header.reduce(
        (h, b) => h + b.spaceBefore + b.lines.reduce((s, l) => s + l.height, 0),
        0,
      );
      if (height < photo + 12)
        header.push({ lines: [{ height: photo + 12 - height, baseline: 0, items: [] }], spaceBefore: 0 });
    }
    blocks.push(...header);
  }
  const { lead, rest } = splitLead(t, view.sections);
  if (lead) {
    const p = tag("P", root);
    blocks.push(paragraph(ctx, [span(lead, "regular", t.sizes.body + 0.75, t.colors.text, p)], 0));
    blocks.at(-1)!.lines.at(-1)!.height += t.gaps.section - 4;
  }
  rest.forEach((section, i) => {
    blocks.push(...sectionBlocks(ctx, section, i === 0, root));
  });
  const frame = (page: number): Frame => ({
    x: t.margin.left,
    top: page === 0 ? firstTop : t.margin.top,
    width,
    bottom: pageHeight - t.margin.bottom,
  });
  const flow = paginate(blocks, frame);
  return { pages: flow.pages, backgrounds, placements: [...placements, ...flow.placements], images };
}

/** Colours inside a dark sidebar: light text on the accent fill. */
function sidebarDesign(t: Design): Design {
  if (!t.darkSidebar) return t;
  const light = "#e3e9f0";
  return {
    ...t,
    headingStyle: "plain",
    colors: { ...t.colors, text: t.colors.bandText, muted: light, accent: t.colors.bandText, rule: light },
  };
}

function layoutSidebar(input: LayoutInput): PageLayout {
  const { t, m, view, pageWidth, pageHeight, root } = input;
  const sideX = t.margin.left;
  const sideWidth = t.sidebarWidth - t.margin.left - 14;
  const mainX = t.sidebarWidth + t.columnGap;
  const mainWidth = pageWidth - mainX - t.margin.right;
  const side: BlockContext = { t: sidebarDesign(t), m, width: sideWidth, sep: view.labels };
  const main: BlockContext = { t, m, width: mainWidth, sep: view.labels };
  const placements: Placement[] = [];
  const images: ImageBox[] = [];
  const mainBlocks: Block[] = [];
  let bandHeight = 0;
  if (t.header === "band") {
    const b = band(main, input, mainX);
    placements.push(...b.placements);
    bandHeight = b.height;
  } else {
    mainBlocks.push(...headerBlocks(main, { ...view, contacts: [] }, root, { withName: true }));
  }
  const sideBlocks: Block[] = [];
  if (input.photo && t.photo === "sidebar") {
    const size = Math.min(t.photoSize, sideWidth);
    images.push({
      page: 0,
      x: sideX + (sideWidth - size) / 2,
      y: bandHeight ? bandHeight + 20 : t.margin.top,
      size,
      round: input.photo.round,
      tag: tag("Figure", root, view.labels.photoAlt.replace("{name}", view.name)),
    });
    sideBlocks.push({ lines: [{ height: size + 16, baseline: 0, items: [] }], spaceBefore: 0 });
  }
  sideBlocks.push(...contactBlocks(side, view, root));
  const { lead, rest } = splitLead(t, view.sections);
  if (lead)
    mainBlocks.push(
      paragraph(main, [span(lead, "regular", t.sizes.body + 0.5, t.colors.text, tag("P", root))], 0),
    );
  let sideSections = 0;
  let mainSections = 0;
  for (const section of rest) {
    if (t.sidebarSections.includes(section.key))
      sideBlocks.push(...sectionBlocks(side, section, sideBlocks.length === 0 && sideSections++ === 0, root));
    else mainBlocks.push(...sectionBlocks(main, section, mainSections++ === 0 && !lead, root));
  }
  const top = (page: number) => (page === 0 && bandHeight ? bandHeight + 20 : t.margin.top);
  const bottom = pageHeight - t.margin.bottom;
  const sideFlow = paginate(sideBlocks, (p) => ({ x: sideX, top: top(p), width: sideWidth, bottom }));
  const mainFlow = paginate(mainBlocks, (p) => ({ x: mainX, top: top(p), width: mainWidth, bottom }));
  const pages = Math.max(sideFlow.pages, mainFlow.pages);
  const backgrounds: Fill[] = [];
  for (let p = 0; p < pages; p++) {
    backgrounds.push({ page: p, x: 0, y: 0, w: t.sidebarWidth, h: pageHeight, color: t.colors.sidebar });
  }
  if (bandHeight)
    backgrounds.push({ page: 0, x: 0, y: 0, w: pageWidth, h: bandHeight, color: t.colors.accent });
  // Reading order: band, then the main column's header, the sidebar, then the main column.
  const header = mainFlow.placements.filter(
    (p) => p.page === 0 && p.line.items.some((i) => i.tag?.role === "H1"),
  );
  const rest2 = mainFlow.placements.filter((p) => !header.includes(p));
  placements.push(...header, ...sideFlow.placements, ...rest2);
  return { pages, backgrounds, placements, images };
}

/** "Name · Page n of m" centred in the bottom margin of every page (an artifact, not content). */
function addPageNumbers(input: LayoutInput, layout: PageLayout): void {
  const { t, m, view, pageWidth, pageHeight } = input;
  for (let page = 0; page < layout.pages; page++) {
    const text = [
      view.name,
      view.labels.page.replace("{n}", String(page + 1)).replace("{m}", String(layout.pages)),
    ]
      .filter(Boolean)
      .join("  ·  ");
    const lines: Line[] = wrapSpans(
      [{ text, face: "regular", size: t.sizes.small - 0.5, color: t.colors.muted, tag: ARTIFACT }],
      m,
      {
        width: pageWidth - t.margin.left - t.margin.right,
        lineHeight: 1.2,
        align: "center",
      },
    );
    const line = lines[0];
    if (line)
      layout.placements.push({
        page,
        x: t.margin.left,
        y: pageHeight - t.margin.bottom / 2 - line.height / 2,
        line,
      });
  }
}
