/**
 * A cover letter as DOCX in the CV's template design (font, sizes, accent
 * colour, alignment of the header): name as a heading, contact line, then
 * greeting, paragraphs and closing as real paragraphs the user can edit.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from "docx";
import type { CoverLetter } from "../../cover-letter/cover-letter.js";
import { FONT_FAMILY_NAMES } from "../../fonts/font-files.js";
import type { Resume } from "../../model.js";
import type { ExportSettings } from "../../settings.js";
import { resolveDesign } from "../design.js";
import { senderLine } from "./render-cover-letter-pdf.js";

const halfPoints = (pt: number) => Math.round(pt * 2);
const hex = (color: string) => color.replace(/^#/, "");

export async function renderCoverLetterDocx(
  resume: Resume,
  letter: CoverLetter,
  settings: ExportSettings,
): Promise<Buffer> {
  const t = resolveDesign(settings);
  const font = FONT_FAMILY_NAMES[t.font];
  const align = t.header === "centered" ? AlignmentType.CENTER : AlignmentType.LEFT;
  const lines = (text: string) =>
    text.split("\n").map(
      (line, i) =>
        new TextRun({
          text: line,
          break: i > 0 ? 1 : 0,
          font,
          size: halfPoints(t.sizes.body),
          color: hex(t.colors.text),
        }),
    );
  const children: Paragraph[] = [];
  if (resume.basics.name) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        alignment: align,
        children: [
          new TextRun({
            text: resume.basics.name,
            bold: true,
            font,
            size: halfPoints(t.sizes.name),
            color: hex(t.colors.accent),
          }),
        ],
      }),
    );
  }
  const sender = senderLine(resume);
  if (sender) {
    children.push(
      new Paragraph({
        alignment: align,
        spacing: { after: 480 },
        children: [
          new TextRun({ text: sender, font, size: halfPoints(t.sizes.small), color: hex(t.colors.muted) }),
        ],
      }),
    );
  }
  for (const text of [letter.greeting, ...letter.paragraphs, letter.closing]) {
    if (text.trim()) children.push(new Paragraph({ spacing: { after: 200 }, children: lines(text) }));
  }
  const doc = new Document({
    creator: "Resume Agent",
    title: resume.basics.name ? `${resume.basics.name} – Cover letter` : "Cover letter",
    styles: { default: { document: { run: { font, size: halfPoints(t.sizes.body) } } } },
    sections: [
      {
        properties: {
          page: {
            margin: {
              top: t.margin.top * 20,
              bottom: t.margin.bottom * 20,
              left: t.margin.left * 20,
              right: t.margin.right * 20,
            },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
