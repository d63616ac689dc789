/**
 * PDF rendering with pdfkit: measure, paginate, then paint.
 *
 * Everything is laid out before the first glyph is drawn (see `paginate.ts`),
 * and each line is painted in reading order: the header, then (two-column
 * template) the sidebar, then the main column of each page. Text is drawn as
 * real text with embedded, subsetted fonts and no ligatures, so it extracts
 * cleanly; links are real link annotations.
 */
import PDFDocument from "pdfkit";
import { AppError } from "../../../errors.js";
import { FONT_FACES } from "../../fonts/font-files.js";
import type { FontSet } from "../../fonts/font-set.js";
import type { ExportSettings } from "../../settings.js";
import type { ResumeView } from "../resume-view.js";
import { PAGE_SIZES, TEMPLATES, type TemplateDefinition } from "../templates.js";
import type { Block, Frame, Placement, TextMeasurer } from "./boxes.js";
import { type BlockContext, contactBlocks, headerBlocks, sectionBlocks } from "./build-blocks.js";
import { createMeasurer, fontName } from "./measurer.js";
import { paginate } from "./paginate.js";
import { emitText, type TextRun } from "./text-emitter.js";
import { wrapSpans } from "./text-wrap.js";

export type PdfLayoutOptions = {
  fonts: FontSet;
  /** Fixes CreationDate (and with it the file ID) so identical input gives identical bytes. */
  creationDate?: Date | undefined;
};

type Doc = PDFKit.PDFDocument;

type PageLayout = {
  pages: number;
  /** Painted first, per page: backgrounds. */
  backgrounds: { page: number; x: number; y: number; w: number; h: number; color: string }[];
  placements: Placement[];
};

function layoutSingle(ctx: BlockContext, view: ResumeView, pageHeight: number): PageLayout {
  const { t } = ctx;
  const blocks: Block[] = headerBlocks(ctx, view);
  view.sections.forEach((section, i) => {
    blocks.push(...sectionBlocks(ctx, section, i === 0));
  });
  const frame: Frame = {
    x: t.margin.left,
    top: t.margin.top,
    width: ctx.width,
    bottom: pageHeight - t.margin.bottom,
  };
  const { placements, pages } = paginate(blocks, () => frame);
  return { pages, backgrounds: [], placements };
}

const SIDEBAR_SECTIONS = new Set(["skills", "languages", "interests"]);

function layoutSidebar(
  t: TemplateDefinition,
  m: TextMeasurer,
  view: ResumeView,
  pageWidth: number,
  pageHeight: number,
): PageLayout {
  const sideX = t.margin.left;
  const sideWidth = t.sidebarWidth - t.margin.left - 14;
  const mainX = t.sidebarWidth + t.columnGap;
  const mainWidth = pageWidth - mainX - t.margin.right;
  const side: BlockContext = { t, m, width: sideWidth };
  const main: BlockContext = { t, m, width: mainWidth };

  // Page-1 band: name and label on the accent colour across the page.
  const bandLines = [
    ...(view.name
      ? wrapSpans([{ text: view.name, face: "bold", size: t.sizes.name, color: t.colors.bandText }], m, {
          width: pageWidth - mainX - t.margin.right,
          lineHeight: 1.15,
        })
      : []),
    ...(view.label
      ? wrapSpans([{ text: view.label, face: "regular", size: t.sizes.label, color: "#dce7f3" }], m, {
          width: pageWidth - mainX - t.margin.right,
          lineHeight: 1.35,
        })
      : []),
  ];
  const bandPadding = 24;
  const bandContent = bandLines.reduce((h, l) => h + l.height, 0);
  const bandHeight = bandLines.length ? bandContent + bandPadding * 2 : 0;
  const placements: Placement[] = [];
  let y = bandPadding;
  for (const line of bandLines) {
    placements.push({ page: 0, x: mainX, y, line });
    y += line.height;
  }

  const sideBlocks: Block[] = contactBlocks(side, view, contactTitle(view.locale));
  const mainBlocks: Block[] = [];
  for (const section of view.sections) {
    if (SIDEBAR_SECTIONS.has(section.key))
      sideBlocks.push(...sectionBlocks(side, section, sideBlocks.length === 0));
    else mainBlocks.push(...sectionBlocks(main, section, mainBlocks.length === 0));
  }
  const top = (page: number) => (page === 0 ? bandHeight + 20 : t.margin.top);
  const bottom = pageHeight - t.margin.bottom;
  const sideFlow = paginate(sideBlocks, (p) => ({ x: sideX, top: top(p), width: sideWidth, bottom }));
  const mainFlow = paginate(mainBlocks, (p) => ({ x: mainX, top: top(p), width: mainWidth, bottom }));
  const pages = Math.max(sideFlow.pages, mainFlow.pages);
  const backgrounds: PageLayout["backgrounds"] = [];
  for (let p = 0; p < pages; p++) {
    backgrounds.push({ page: p, x: 0, y: 0, w: t.sidebarWidth, h: pageHeight, color: t.colors.sidebar });
  }
  if (bandHeight)
    backgrounds.push({ page: 0, x: 0, y: 0, w: pageWidth, h: bandHeight, color: t.colors.accent });
  // Reading order: band, then the sidebar, then the main column.
  placements.push(...sideFlow.placements, ...mainFlow.placements);
  return { pages, backgrounds, placements };
}

function contactTitle(locale: string): string {
  const language = locale.split("-")[0]?.toLowerCase();
  return language === "de"
    ? "Kontakt"
    : language === "fr"
      ? "Contact"
      : language === "es"
        ? "Contacto"
        : "Contact";
}

function paint(doc: Doc, layout: PageLayout): void {
  const byPage: Placement[][] = Array.from({ length: layout.pages }, () => []);
  for (const placement of layout.placements) byPage[placement.page]?.push(placement);
  for (let page = 0; page < layout.pages; page++) {
    doc.addPage();
    for (const bg of layout.backgrounds) {
      if (bg.page === page) doc.rect(bg.x, bg.y, bg.w, bg.h).fill(bg.color);
    }
    const runs: TextRun[] = [];
    for (const { x, y, line } of byPage[page]!) {
      for (const rule of line.rules ?? []) {
        doc
          .moveTo(x + rule.x1, y + rule.dy)
          .lineTo(x + rule.x2, y + rule.dy)
          .lineWidth(rule.thickness)
          .strokeColor(rule.color)
          .stroke();
      }
      for (const item of line.items) {
        if (!item.text) continue;
        const top = y + (item.dy ?? 0);
        runs.push({
          font: fontName(item.face, item.slot),
          size: item.size,
          color: item.color,
          text: item.text,
          x: x + item.x,
          baseline: top + line.baseline,
        });
        if (item.link) doc.link(x + item.x, top, item.width, line.height, item.link);
      }
    }
    // All text of the page in one text object, in reading order.
    emitText(doc, runs);
  }
}

/** Lay out and draw `view` as a PDF; returns the file bytes. Glyph and round-trip checks are the caller's. */
export async function paintPdf(
  view: ResumeView,
  settings: ExportSettings,
  options: PdfLayoutOptions,
): Promise<Buffer> {
  const t = TEMPLATES[settings.template];
  if (!t) throw new AppError("template_unknown", `Unknown template "${settings.template}"`);
  const [pageWidth, pageHeight] = PAGE_SIZES[settings.page_size];
  const creationDate = options.creationDate ?? new Date();
  const doc = new PDFDocument({
    // No default font: pdfkit would parse Helvetica's metrics for every document otherwise.
    font: null as unknown as string,
    size: [pageWidth, pageHeight],
    margin: 0,
    autoFirstPage: false,
    bufferPages: false,
    compress: true,
    lang: settings.locale,
    displayTitle: true,
    pdfVersion: "1.7",
    info: {
      Title: view.name ? `${view.name} – Resume` : "Resume",
      Author: view.name || "",
      Subject: view.label || "Resume",
      Keywords: "resume, cv",
      Creator: "Resume Agent",
      Producer: "Resume Agent",
      CreationDate: creationDate,
      ModDate: creationDate,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const family = options.fonts.families[settings.font];
  for (const face of FONT_FACES) {
    doc.registerFont(fontName(face, 0), family[face] as never);
    if (options.fonts.fallback) doc.registerFont(fontName(face, 1), options.fonts.fallback as never);
  }
  const m = createMeasurer(options.fonts, settings);
  const layout =
    t.layout === "sidebar"
      ? layoutSidebar(t, m, view, pageWidth, pageHeight)
      : layoutSingle({ t, m, width: pageWidth - t.margin.left - t.margin.right }, view, pageHeight);
  if (layout.pages === 0 || layout.placements.length === 0) doc.addPage();
  else paint(doc, layout);
  doc.end();
  return finished;
}
