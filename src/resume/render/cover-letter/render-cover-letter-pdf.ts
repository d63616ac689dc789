/**
 * A cover letter as a tagged PDF in the CV's template design: the same
 * fonts, margins, sizes and accent colour as the CV export, the sender's
 * name and contact line as the header, then greeting, paragraphs and
 * closing. Tagged (`/StructTreeRoot`, H1 and P elements, document language)
 * so screen readers read it in order.
 */
import PDFDocument from "pdfkit";
import type { CoverLetter } from "../../cover-letter/cover-letter.js";
import type { FontSet } from "../../fonts/font-set.js";
import { formatLocation, type Resume } from "../../model.js";
import type { ExportSettings } from "../../settings.js";
import { resolveDesign } from "../design.js";
import { PAGE_SIZES } from "../templates/index.js";

export type CoverLetterPdfOptions = { fonts: FontSet; creationDate?: Date };

/** The sender line under the name: e-mail, phone, location (what is filled in). */
export function senderLine(resume: Resume): string {
  return [resume.basics.email, resume.basics.phone, formatLocation(resume.basics.location)]
    .filter(Boolean)
    .join(" · ");
}

export async function renderCoverLetterPdf(
  resume: Resume,
  letter: CoverLetter,
  settings: ExportSettings,
  options: CoverLetterPdfOptions,
): Promise<Buffer> {
  // The CV's template with the export settings' design controls (accent, font, size, margins).
  const t = resolveDesign(settings);
  const headerAlign = t.header === "centered" ? "center" : "left";
  const [width, height] = PAGE_SIZES[settings.page_size];
  const created = options.creationDate ?? new Date();
  const name = resume.basics.name;
  const doc = new PDFDocument({
    font: null as unknown as string,
    size: [width, height],
    margins: t.margin,
    autoFirstPage: true,
    compress: true,
    tagged: true,
    lang: settings.locale,
    displayTitle: true,
    pdfVersion: "1.7",
    info: {
      Title: name ? `${name} – Cover letter` : "Cover letter",
      Author: name,
      Creator: "Resume Agent",
      Producer: "Resume Agent",
      CreationDate: created,
      ModDate: created,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const family = options.fonts.family(t.font);
  doc.registerFont("regular", family.regular as never);
  doc.registerFont("bold", family.bold as never);
  const textWidth = width - t.margin.left - t.margin.right;
  const root = doc.struct("Document");
  doc.addStructure(root);
  const block = (type: string, draw: () => void) => {
    const element = doc.struct(type, {}, [draw]);
    root.add(element);
    element.end();
  };

  if (name) {
    block("H1", () => {
      doc
        .font("bold")
        .fontSize(t.sizes.name)
        .fillColor(t.colors.accent)
        .text(name, { width: textWidth, align: headerAlign });
    });
  }
  const sender = senderLine(resume);
  if (sender) {
    block("P", () => {
      doc
        .font("regular")
        .fontSize(t.sizes.small)
        .fillColor(t.colors.muted)
        .text(sender, { width: textWidth, align: headerAlign });
    });
  }
  doc.moveDown(1.5);
  const body = (text: string) => {
    if (!text.trim()) return;
    block("P", () => {
      doc
        .font("regular")
        .fontSize(t.sizes.body)
        .fillColor(t.colors.text)
        .text(text, { width: textWidth, lineGap: t.sizes.body * (t.lineHeight - 1) });
    });
    doc.moveDown(0.8);
  };
  body(letter.greeting);
  for (const p of letter.paragraphs) body(p);
  body(letter.closing);
  root.end();
  doc.end();
  return done;
}
