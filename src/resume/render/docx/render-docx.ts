/**
 * DOCX rendering with `docx`, built straight from the render view.
 *
 * Word users edit what we export, so the structure is real: the name is the
 * Title style, sections are Heading 1, entries Heading 2, bullets a numbering
 * definition (not "•" characters), dates sit on a right tab stop. Only the
 * two-column template uses a table (one row, sidebar and main cell), because
 * Word has no other robust way to keep two columns side by side.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
} from "docx";
import { AppError } from "../../../errors.js";
import { DOCX_FONT_NAMES } from "../../fonts/font-files.js";
import type { ExportSettings } from "../../settings.js";
import type { ResumeView, ViewEntry, ViewSection } from "../resume-view.js";
import { TEMPLATES, type TemplateDefinition } from "../templates.js";

const TWIPS_PER_POINT = 20;
const PAGE_TWIPS = { A4: { width: 11906, height: 16838 }, Letter: { width: 12240, height: 15840 } } as const;
const BULLETS = "resume-bullets";
const CELL_MARGIN = { top: 120, bottom: 120, left: 160, right: 200 };
const SIDEBAR_SECTIONS = new Set(["skills", "languages", "interests"]);

const hex = (color: string) => color.replace("#", "").toUpperCase();
const halfPoints = (pt: number) => Math.round(pt * 2);

type Ctx = {
  t: TemplateDefinition;
  contentWidth: number;
  /**
   * Keep headings with what follows. Off in the two-column table: LibreOffice then refuses to
   * break the table row across pages and pushes the whole table to the next page.
   */
  keepNext: boolean;
};

function link(text: string, url: string, t: TemplateDefinition, size: number): ExternalHyperlink | TextRun {
  const run = new TextRun({ text, size: halfPoints(size), color: hex(t.colors.text) });
  return url
    ? new ExternalHyperlink({
        link: url,
        children: [new TextRun({ text, style: "Hyperlink", size: halfPoints(size) })],
      })
    : run;
}

function entryParagraphs(ctx: Ctx, e: ViewEntry, width: number): Paragraph[] {
  const { t } = ctx;
  const rightTab = [{ type: TabStopType.RIGHT, position: Math.round(width) }];
  const header: (TextRun | ExternalHyperlink)[] = [
    e.url
      ? new ExternalHyperlink({ link: e.url, children: [new TextRun({ text: e.title, bold: true })] })
      : new TextRun({ text: e.title, bold: true }),
  ];
  if (e.subtitle) header.push(new TextRun({ text: `, ${e.subtitle}` }));
  if (t.inlineMeta && e.location)
    header.push(
      new TextRun({
        text: ` · ${e.location}`,
        italics: true,
        color: hex(t.colors.muted),
        size: halfPoints(t.sizes.small),
      }),
    );
  if (e.dates)
    header.push(
      new TextRun({
        children: [new Tab(), e.dates],
        color: hex(t.colors.muted),
        size: halfPoints(t.sizes.small),
      }),
    );
  const out = [
    new Paragraph({
      heading: HeadingLevel.HEADING_2,
      tabStops: rightTab,
      keepNext: ctx.keepNext,
      children: header,
    }),
  ];
  const body = (text: string, options: { italics?: boolean; muted?: boolean } = {}) =>
    new Paragraph({
      spacing: { after: 40 },
      children: [
        new TextRun({
          text,
          italics: options.italics,
          color: options.muted ? hex(t.colors.muted) : undefined,
          size: options.muted ? halfPoints(t.sizes.small) : undefined,
        }),
      ],
    });
  const bullet = (text: string) =>
    new Paragraph({
      numbering: { reference: BULLETS, level: 0 },
      spacing: { after: 20 },
      children: [new TextRun(text)],
    });
  if (!t.inlineMeta && e.location) out.push(body(e.location, { italics: true, muted: true }));
  if (e.description) out.push(body(e.description, { italics: true, muted: true }));
  if (e.summary) out.push(body(e.summary));
  for (const role of e.roles) {
    const roleHeader: TextRun[] = [new TextRun({ text: role.title, bold: true })];
    if (role.location)
      roleHeader.push(
        new TextRun({ text: ` · ${role.location}`, italics: true, color: hex(t.colors.muted) }),
      );
    if (role.dates)
      roleHeader.push(
        new TextRun({
          children: [new Tab(), role.dates],
          color: hex(t.colors.muted),
          size: halfPoints(t.sizes.small),
        }),
      );
    out.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_3,
        tabStops: rightTab,
        keepNext: ctx.keepNext,
        children: roleHeader,
      }),
    );
    if (role.summary) out.push(body(role.summary));
    out.push(...role.bullets.map(bullet));
  }
  out.push(...e.bullets.map(bullet));
  if (e.tags) out.push(body(e.tags, { italics: true, muted: true }));
  return out;
}

function sectionParagraphs(ctx: Ctx, section: ViewSection, width: number, stacked: boolean): Paragraph[] {
  const { t } = ctx;
  const title = t.headingCaps ? section.title.toLocaleUpperCase() : section.title;
  const out = [
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      keepNext: ctx.keepNext,
      children: [new TextRun(title)],
    }),
  ];
  if (section.kind === "text")
    out.push(new Paragraph({ spacing: { after: 60 }, children: [new TextRun(section.text)] }));
  else if (section.kind === "list") {
    for (const item of section.items) {
      out.push(
        stacked
          ? new Paragraph({
              spacing: { after: 80 },
              children: [
                new TextRun({ text: item.label, bold: true }),
                ...(item.value
                  ? [
                      new TextRun({
                        text: item.value,
                        break: item.label ? 1 : 0,
                        color: hex(t.colors.muted),
                        size: halfPoints(t.sizes.small),
                      }),
                    ]
                  : []),
              ],
            })
          : new Paragraph({
              spacing: { after: 40 },
              children: [
                new TextRun({ text: item.label, bold: true }),
                new TextRun(item.value ? `${item.label ? ": " : ""}${item.value}` : ""),
              ],
            }),
      );
    }
  } else for (const e of section.entries) out.push(...entryParagraphs(ctx, e, width));
  return out;
}

function headerParagraphs(
  ctx: Ctx,
  view: ResumeView,
  align: "left" | "center",
  withContacts: boolean,
): Paragraph[] {
  const { t } = ctx;
  const alignment = align === "center" ? AlignmentType.CENTER : AlignmentType.LEFT;
  const out: Paragraph[] = [];
  if (view.name)
    out.push(new Paragraph({ heading: HeadingLevel.TITLE, alignment, children: [new TextRun(view.name)] }));
  if (view.label) {
    out.push(
      new Paragraph({
        alignment,
        spacing: { after: 80 },
        children: [
          new TextRun({ text: view.label, color: hex(t.colors.muted), size: halfPoints(t.sizes.label) }),
        ],
      }),
    );
  }
  if (withContacts && view.contacts.length) {
    const children: (TextRun | ExternalHyperlink)[] = [];
    view.contacts.forEach((c, i) => {
      if (i > 0)
        children.push(
          new TextRun({ text: "  |  ", color: hex(t.colors.rule), size: halfPoints(t.sizes.small) }),
        );
      children.push(link(c.text, c.url, t, t.sizes.small));
    });
    out.push(new Paragraph({ alignment, spacing: { after: 200 }, children }));
  }
  return out;
}

function sidebarTable(ctx: Ctx, view: ResumeView): Table {
  const { t } = ctx;
  const sideWidth = Math.round((t.sidebarWidth - t.margin.left) * TWIPS_PER_POINT);
  const mainWidth = ctx.contentWidth - sideWidth;
  const none = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
  const borders = {
    top: none,
    bottom: none,
    left: none,
    right: none,
    insideHorizontal: none,
    insideVertical: none,
  };
  const side: Paragraph[] = [];
  if (view.contacts.length) {
    side.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun("Contact")] }));
    for (const c of view.contacts)
      side.push(new Paragraph({ spacing: { after: 40 }, children: [link(c.text, c.url, t, t.sizes.small)] }));
  }
  const main: Paragraph[] = [];
  for (const s of view.sections) {
    if (SIDEBAR_SECTIONS.has(s.key))
      side.push(...sectionParagraphs(ctx, s, sideWidth - CELL_MARGIN.left - CELL_MARGIN.right, true));
    else main.push(...sectionParagraphs(ctx, s, mainWidth - CELL_MARGIN.left - CELL_MARGIN.right, false));
  }
  const cell = (children: Paragraph[], width: number, shaded: boolean) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      margins: CELL_MARGIN,
      shading: shaded ? { type: ShadingType.CLEAR, color: "auto", fill: hex(t.colors.sidebar) } : undefined,
      children: children.length ? children : [new Paragraph("")],
    });
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: ctx.contentWidth, type: WidthType.DXA },
    columnWidths: [sideWidth, mainWidth],
    borders,
    rows: [
      new TableRow({
        cantSplit: false,
        children: [cell(side, sideWidth, true), cell(main, mainWidth, false)],
      }),
    ],
  });
}

/** Build the DOCX bytes for `view` with the settings' template and page size. */
export async function buildDocx(
  view: ResumeView,
  settings: ExportSettings,
  options: { creationDate?: Date } = {},
): Promise<Buffer> {
  const t = TEMPLATES[settings.template];
  if (!t) throw new AppError("template_unknown", `Unknown template "${settings.template}"`);
  const page = PAGE_TWIPS[settings.page_size];
  const margin = {
    top: t.margin.top * TWIPS_PER_POINT,
    bottom: t.margin.bottom * TWIPS_PER_POINT,
    left: t.margin.left * TWIPS_PER_POINT,
    right: t.margin.right * TWIPS_PER_POINT,
  };
  const ctx: Ctx = {
    t,
    contentWidth: page.width - margin.left - margin.right,
    keepNext: t.layout !== "sidebar",
  };
  const font = DOCX_FONT_NAMES[settings.font];
  const children =
    t.layout === "sidebar"
      ? [...headerParagraphs(ctx, view, "left", false), sidebarTable(ctx, view)]
      : [
          ...headerParagraphs(ctx, view, t.headerAlign, true),
          ...view.sections.flatMap((s) => sectionParagraphs(ctx, s, ctx.contentWidth, false)),
        ];
  const headingRule = { bottom: { style: BorderStyle.SINGLE, size: 6, color: hex(t.colors.rule), space: 1 } };
  const doc = new Document({
    title: view.name ? `${view.name} – Resume` : "Resume",
    creator: view.name || "Resume Agent",
    subject: view.label || "Resume",
    keywords: "resume, cv",
    lastModifiedBy: "Resume Agent",
    revision: 1,
    styles: {
      default: {
        document: {
          run: { font, size: halfPoints(t.sizes.body), color: hex(t.colors.text) },
          paragraph: { spacing: { line: Math.round(240 * t.lineHeight * 0.9) } },
        },
        title: {
          run: { font, size: halfPoints(t.sizes.name), bold: true, color: hex(t.colors.accent) },
          paragraph: { spacing: { after: 40 } },
        },
        heading1: {
          run: { font, size: halfPoints(t.sizes.heading), bold: true, color: hex(t.colors.accent) },
          paragraph: {
            spacing: { before: t.gaps.section * TWIPS_PER_POINT, after: 80 },
            border: headingRule,
            keepNext: ctx.keepNext,
          },
        },
        heading2: {
          run: { font, size: halfPoints(t.sizes.title), bold: false, color: hex(t.colors.text) },
          paragraph: {
            spacing: { before: t.gaps.entry * TWIPS_PER_POINT, after: 20 },
            keepNext: ctx.keepNext,
          },
        },
        heading3: {
          run: { font, size: halfPoints(t.sizes.body), color: hex(t.colors.text) },
          paragraph: { spacing: { before: 80, after: 20 }, keepNext: ctx.keepNext },
        },
        hyperlink: { run: { color: hex(t.colors.accent), underline: {} } },
      },
    },
    numbering: {
      config: [
        {
          reference: BULLETS,
          levels: [
            {
              level: 0,
              format: LevelFormat.BULLET,
              text: "•",
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: 360, hanging: 240 } } },
            },
          ],
        },
      ],
    },
    sections: [
      {
        properties: { page: { size: { width: page.width, height: page.height }, margin } },
        children,
      },
    ],
  });
  void options;
  return Packer.toBuffer(doc);
}
