/**
 * PDF rendering with pdfkit: measure, lay out, then paint a tagged PDF.
 *
 * Everything is laid out before the first glyph is drawn (`layout.ts`), and
 * each page is painted in reading order. Text is real text with embedded,
 * subsetted fonts and no ligatures, so it extracts cleanly; links are link
 * annotations with alternate text. The document is tagged (PDF/UA-1):
 * headings, paragraphs, lists, tables and links are structure elements,
 * rules, fills and page numbers are artifacts, the photo is a figure with
 * alternate text, and the catalog names the language and shows the title.
 */
import PDFDocument from "pdfkit";
import type { FontChain } from "../../fonts/font-chain.js";
import { FONT_FACES } from "../../fonts/font-files.js";
import type { Design } from "../design.js";
import type { ResumeView } from "../resume-view.js";
import { PAGE_SIZES } from "../templates/index.js";
import type { Placement, TextMeasurer } from "./boxes.js";
import { layoutDocument, type PageLayout } from "./layout.js";
import { fontName } from "./measurer.js";
import { StructTree } from "./struct-tree.js";
import { type Tag, tag } from "./tags.js";
import { emitText, type TextRun } from "./text-emitter.js";

export type PdfPaintOptions = {
  chain: FontChain;
  measurer: TextMeasurer;
  pageSize: keyof typeof PAGE_SIZES;
  /** Fixes CreationDate (and with it the file ID) so identical input gives identical bytes. */
  creationDate?: Date | undefined;
  /** A square JPEG of the person, for templates that place one. */
  photo?: { jpeg: Buffer; round: boolean } | undefined;
  fitToOnePage?: boolean;
};

type Doc = PDFKit.PDFDocument;

function paintDecorations(
  doc: Doc,
  layout: PageLayout,
  page: number,
  placements: readonly Placement[],
): void {
  for (const bg of layout.backgrounds) {
    if (bg.page === page) doc.rect(bg.x, bg.y, bg.w, bg.h).fill(bg.color);
  }
  for (const { x, y, line } of placements) {
    for (const rule of line.rules ?? []) {
      doc
        .moveTo(x + rule.x1, y + rule.dy)
        .lineTo(x + rule.x2, y + (rule.dy2 ?? rule.dy))
        .lineWidth(rule.thickness)
        .strokeColor(rule.color)
        .stroke();
    }
    for (const dot of line.dots ?? []) doc.circle(x + dot.cx, y + dot.cy, dot.r).fill(dot.color);
  }
}

function paint(doc: Doc, layout: PageLayout, tree: StructTree, photo: PdfPaintOptions["photo"]): void {
  const byPage: Placement[][] = Array.from({ length: layout.pages }, () => []);
  for (const placement of layout.placements) byPage[placement.page]?.push(placement);
  for (let page = 0; page < layout.pages; page++) {
    doc.addPage();
    // PDF/UA: annotations are visited in structure order.
    (doc.page as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.Tabs = "S";
    const placements = byPage[page]!;
    tree.open(undefined);
    paintDecorations(doc, layout, page, placements);
    tree.close();
    for (const image of layout.images) {
      if (image.page !== page || !photo) continue;
      tree.open(image.tag);
      doc.save();
      if (image.round) doc.circle(image.x + image.size / 2, image.y + image.size / 2, image.size / 2).clip();
      doc.image(photo.jpeg, image.x, image.y, { width: image.size, height: image.size });
      doc.restore();
      tree.close();
    }
    const runs: TextRun[] = [];
    for (const { x, y, line } of placements) {
      for (const item of line.items) {
        if (!item.text) continue;
        // Elements are created in reading order, before a link annotation can create its ancestors.
        if (item.tag && item.tag.role !== "Artifact") tree.element(item.tag as Tag);
        const top = y + (item.dy ?? 0);
        runs.push({
          font: fontName(item.face, item.slot),
          size: item.size,
          color: item.color,
          text: item.text,
          x: x + item.x,
          baseline: top + line.baseline,
          group: item.tag,
        });
        if (item.link && item.tag && item.tag.role === "Link") {
          const linkOptions = {
            structParent: tree.element(item.tag),
            Contents: new String(item.tag.alt ?? item.link),
          };
          doc.link(x + item.x, top, item.width, line.height, item.link, linkOptions as never);
        } else if (item.link) doc.link(x + item.x, top, item.width, line.height, item.link);
      }
    }
    // All text of the page in one text object, in reading order, each element's run marked.
    emitText(doc, runs, { open: (group) => tree.open(group as never), close: () => tree.close() });
    tree.endPage();
  }
}

/** Lay out and draw `view` as a tagged PDF; returns the file bytes. Glyph and round-trip checks are the caller's. */
export async function paintPdf(view: ResumeView, t: Design, options: PdfPaintOptions): Promise<Buffer> {
  const [pageWidth, pageHeight] = PAGE_SIZES[options.pageSize];
  const creationDate = options.creationDate ?? new Date();
  const doc = new PDFDocument({
    // No default font: pdfkit would parse Helvetica's metrics for every document otherwise.
    font: null as unknown as string,
    size: [pageWidth, pageHeight],
    margin: 0,
    autoFirstPage: false,
    bufferPages: false,
    compress: true,
    lang: view.locale,
    displayTitle: true,
    tagged: true,
    subset: "PDF/UA",
    pdfVersion: "1.7",
    info: {
      Title: view.title,
      Author: view.name || "",
      Subject: view.label || view.labels.resume,
      Keywords: "resume, cv",
      Creator: "Resume Agent",
      Producer: "Resume Agent",
      CreationDate: creationDate,
      ModDate: creationDate,
    },
  } as unknown as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  options.chain.slots.forEach((slot, i) => {
    for (const face of FONT_FACES) doc.registerFont(fontName(face, i), slot[face] as never);
  });
  const root = tag("Sect");
  const layout = layoutDocument(
    {
      view,
      t,
      m: options.measurer,
      pageWidth,
      pageHeight,
      photo: options.photo && t.photo !== "none" ? { round: options.photo.round } : undefined,
      root,
    },
    options.fitToOnePage ?? false,
  );
  const tree = new StructTree(doc, root, view.title);
  if (layout.pages === 0 || layout.placements.length === 0) doc.addPage();
  else paint(doc, layout, tree, options.photo);
  doc.end();
  return finished;
}
