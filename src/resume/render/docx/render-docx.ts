/**
 * DOCX rendering with `docx`, built straight from the render view.
 *
 * Word users edit what we export, so the structure is real: the name is the
 * Title style, sections are Heading 1, entries Heading 2, bullets a numbering
 * definition (not "•" characters), dates sit on a right tab stop with
 * non-breaking spaces so a range never wraps. The template's design carries
 * over as far as Word allows: sidebars are a one-row table (Word has no other
 * robust way to keep two columns side by side), the name band and tinted
 * headings are paragraph shading, the timeline and the skills matrix are
 * tables, the photo an inline picture. Fonts are named with the CJK face for
 * East Asian text; readers without the family substitute their own.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
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
import { FONT_FALLBACKS, FONT_FAMILY_NAMES } from "../../fonts/font-files.js";
import type { ExportSettings } from "../../settings.js";
import type { Design } from "../design.js";
import type { ResumeView, ViewEntry, ViewItem, ViewSection } from "../resume-view.js";

const TWIPS_PER_POINT = 20;
const PAGE_TWIPS = { A4: { width: 11906, height: 16838 }, Letter: { width: 12240, height: 15840 } } as const;
const BULLETS = "resume-bullets";
const CELL_MARGIN = { top: 120, bottom: 120, left: 160, right: 200 };
const NBSP = "\u00A0";
const NONE = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
const NO_BORDERS = {
  top: NONE,
  bottom: NONE,
  left: NONE,
  right: NONE,
  insideHorizontal: NONE,
  insideVertical: NONE,
};

/** Dates keep together: spaces become non-breaking, so "Jan 2020 – Mar 2022" never wraps mid-range. */
const unbreakable = (dates: string) => dates.replace(/ /g, NBSP);

const hex = (color: string) => color.replace("#", "").toUpperCase();
const halfPoints = (pt: number) => Math.round(pt * 2);

type TemplateDefinition = Design;

type Ctx = {
  t: TemplateDefinition;
  sep: { comma: string; colon: string };
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

function entryParagraphs(ctx: Ctx, e: ViewEntry, width: number, number?: number): (Paragraph | Table)[] {
  const { t } = ctx;
  if (t.dateRail) return [timelineEntry(ctx, e, width)];
  const rightTab = [{ type: TabStopType.RIGHT, position: Math.round(width) }];
  const header: (TextRun | ExternalHyperlink)[] = [
    ...(number !== undefined ? [new TextRun({ text: `[${number}] `, color: hex(t.colors.muted) })] : []),
    e.url
      ? new ExternalHyperlink({ link: e.url, children: [new TextRun({ text: e.title, bold: true })] })
      : new TextRun({ text: e.title, bold: true }),
  ];
  if (e.subtitle) header.push(new TextRun({ text: `${ctx.sep.comma}${e.subtitle}` }));
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
        children: [new Tab(), unbreakable(e.dates)],
        color: hex(t.colors.muted),
        size: halfPoints(t.sizes.small),
      }),
    );
  const out: (Paragraph | Table)[] = [
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
          children: [new Tab(), unbreakable(role.dates)],
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

function sectionParagraphs(
  ctx: Ctx,
  section: ViewSection,
  width: number,
  stacked: boolean,
): (Paragraph | Table)[] {
  const { t } = ctx;
  const title = t.headingCaps ? section.title.toLocaleUpperCase() : section.title;
  const out: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      keepNext: ctx.keepNext,
      children: [new TextRun({ text: title, color: hex(t.colors.accent) })],
    }),
  ];
  if (section.kind === "list" && section.key === "skills" && t.skillsMatrix && !stacked) {
    out.push(skillsMatrix(ctx, section.items, width));
    return out;
  }
  if (section.kind === "text")
    out.push(new Paragraph({ spacing: { after: 60 }, children: [new TextRun(section.text)] }));
  else if (section.kind === "list") {
    for (const item of section.items) {
      out.push(
        stacked
          ? new Paragraph({
              spacing: { after: 80 },
              children: [
                new TextRun({ text: item.label, bold: true, color: hex(t.colors.text) }),
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
                new TextRun(item.value ? `${item.label ? ctx.sep.colon : ""}${item.value}` : ""),
              ],
            }),
      );
    }
  } else {
    const numbered = t.numberedSections.includes(section.key);
    section.entries.forEach((e, i) => {
      out.push(...entryParagraphs(ctx, e, width, numbered ? i + 1 : undefined));
    });
  }
  return out;
}

/** The timeline in Word: a two-column row per entry, dates in the narrow left cell. */
function timelineEntry(ctx: Ctx, e: ViewEntry, width: number): Table {
  const { t } = ctx;
  // Wider than the PDF's rail: a reader without the family substitutes a wider font, and a range must not wrap.
  const rail = Math.round(Math.max(t.dateRail, 118) * TWIPS_PER_POINT);
  const inner = { ...ctx, t: { ...t, dateRail: 0 } };
  const body = entryParagraphs(inner, { ...e, dates: "" }, width - rail);
  const dates = new Paragraph({
    children: [
      new TextRun({
        text: unbreakable(e.dates),
        color: hex(t.colors.muted),
        size: halfPoints(t.sizes.small),
      }),
    ],
  });
  const roleDates = e.roles.map(
    (r) =>
      new Paragraph({
        children: [
          new TextRun({
            text: unbreakable(r.dates),
            color: hex(t.colors.muted),
            size: halfPoints(t.sizes.small),
          }),
        ],
      }),
  );
  const cell = (children: (Paragraph | Table)[], w: number, left: boolean) =>
    new TableCell({
      width: { size: w, type: WidthType.DXA },
      margins: { left: left ? 0 : 160, right: left ? 80 : 0 },
      borders: left
        ? { ...NO_BORDERS, right: { style: BorderStyle.SINGLE, size: 8, color: hex(t.colors.rule) } }
        : NO_BORDERS,
      children,
    });
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: width, type: WidthType.DXA },
    columnWidths: [rail, width - rail],
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        cantSplit: true,
        children: [cell([dates, ...roleDates], rail, true), cell(body, width - rail, false)],
      }),
    ],
  });
}

/** The skills matrix in Word: a table of group and keywords with thin row rules. */
function skillsMatrix(ctx: Ctx, items: readonly ViewItem[], width: number): Table {
  const { t } = ctx;
  const labelWidth = Math.round(Math.min(140 * TWIPS_PER_POINT, width * 0.28));
  const rule = { style: BorderStyle.SINGLE, size: 4, color: hex(t.colors.rule) };
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: width, type: WidthType.DXA },
    columnWidths: [labelWidth, width - labelWidth],
    borders: { ...NO_BORDERS, insideHorizontal: rule, bottom: rule },
    rows: items.map(
      (item) =>
        new TableRow({
          cantSplit: true,
          children: [
            new TableCell({
              width: { size: labelWidth, type: WidthType.DXA },
              children: [new Paragraph({ children: [new TextRun({ text: item.label, bold: true })] })],
            }),
            new TableCell({
              width: { size: width - labelWidth, type: WidthType.DXA },
              children: [new Paragraph(item.value)],
            }),
          ],
        }),
    ),
  });
}

function headerParagraphs(
  ctx: Ctx,
  view: ResumeView,
  align: "left" | "center",
  withContacts: boolean,
  photo?: ImageRun,
): (Paragraph | Table)[] {
  const { t } = ctx;
  const alignment = align === "center" ? AlignmentType.CENTER : AlignmentType.LEFT;
  const banded = t.header === "band";
  const shading = banded ? { type: ShadingType.CLEAR, color: "auto", fill: hex(t.colors.accent) } : undefined;
  const out: (Paragraph | Table)[] = [];
  if (view.name)
    out.push(
      new Paragraph({
        heading: HeadingLevel.TITLE,
        alignment,
        shading,
        children: [new TextRun({ text: view.name, color: banded ? hex(t.colors.bandText) : undefined })],
      }),
    );
  if (view.label) {
    out.push(
      new Paragraph({
        alignment,
        shading,
        spacing: { after: 80 },
        children: [
          new TextRun({
            text: view.label,
            color: hex(banded ? t.colors.bandText : t.colors.muted),
            size: halfPoints(t.sizes.label),
          }),
        ],
      }),
    );
  }
  if (withContacts && view.contacts.length && t.contactStyle === "labelled") {
    out.push(
      ...view.contacts.map(
        (c) =>
          new Paragraph({
            tabStops: [{ type: TabStopType.LEFT, position: 1500 }],
            spacing: { after: 20 },
            children: [
              new TextRun({ text: c.label, color: hex(t.colors.muted), size: halfPoints(t.sizes.small) }),
              new TextRun({ children: [new Tab()], size: halfPoints(t.sizes.small) }),
              link(c.text, c.url, t, t.sizes.small),
            ],
          }),
      ),
    );
    out.push(new Paragraph({ spacing: { after: 120 }, children: [] }));
  } else if (withContacts && view.contacts.length) {
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
  if (!photo) return out;
  // Photo beside the header: a borderless two-cell table (text | picture).
  const size = Math.round(t.photoSize * TWIPS_PER_POINT);
  return [
    new Table({
      layout: TableLayoutType.FIXED,
      width: { size: ctx.contentWidth, type: WidthType.DXA },
      columnWidths: [ctx.contentWidth - size, size],
      borders: NO_BORDERS,
      rows: [
        new TableRow({
          children: [
            new TableCell({ width: { size: ctx.contentWidth - size, type: WidthType.DXA }, children: out }),
            new TableCell({
              width: { size, type: WidthType.DXA },
              children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [photo] })],
            }),
          ],
        }),
      ],
    }),
  ];
}

function sidebarTable(ctx: Ctx, view: ResumeView, photo?: ImageRun): Table {
  const { t } = ctx;
  const sideWidth = Math.round((t.sidebarWidth - t.margin.left) * TWIPS_PER_POINT);
  const mainWidth = ctx.contentWidth - sideWidth;
  const borders = NO_BORDERS;
  const dark = t.darkSidebar;
  const sideText = dark ? hex(t.colors.bandText) : undefined;
  const side: (Paragraph | Table)[] = [];
  if (photo)
    side.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 200 }, children: [photo] }));
  if (view.contacts.length) {
    side.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        children: [
          new TextRun({
            text: t.headingCaps ? view.labels.contact.toLocaleUpperCase() : view.labels.contact,
            color: sideText,
          }),
        ],
      }),
    );
    for (const c of view.contacts)
      side.push(
        new Paragraph({
          spacing: { after: 40 },
          children: [
            dark
              ? new TextRun({ text: c.text, color: sideText, size: halfPoints(t.sizes.small) })
              : link(c.text, c.url, t, t.sizes.small),
          ],
        }),
      );
  }
  const main: (Paragraph | Table)[] = t.header === "band" ? [] : headerParagraphs(ctx, view, "left", false);
  const sideCtx: Ctx = dark
    ? {
        ...ctx,
        t: {
          ...t,
          colors: { ...t.colors, accent: t.colors.bandText, text: t.colors.bandText, muted: "#e3e9f0" },
        },
      }
    : ctx;
  for (const s of view.sections) {
    if (t.sidebarSections.includes(s.key))
      side.push(...sectionParagraphs(sideCtx, s, sideWidth - CELL_MARGIN.left - CELL_MARGIN.right, true));
    else main.push(...sectionParagraphs(ctx, s, mainWidth - CELL_MARGIN.left - CELL_MARGIN.right, false));
  }
  // The sidebar's fill reaches the page's left edge, as in the PDF: the table starts in the
  // left margin and the cell's own margin keeps the text where the page margin would.
  const bleed = Math.round(t.margin.left * TWIPS_PER_POINT);
  const cell = (children: (Paragraph | Table)[], width: number, shaded: boolean) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      margins: shaded ? { ...CELL_MARGIN, left: bleed } : CELL_MARGIN,
      shading: shaded ? { type: ShadingType.CLEAR, color: "auto", fill: hex(t.colors.sidebar) } : undefined,
      children: children.length ? children : [new Paragraph("")],
    });
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: ctx.contentWidth + bleed, type: WidthType.DXA },
    indent: { size: -bleed, type: WidthType.DXA },
    columnWidths: [sideWidth + bleed, mainWidth],
    borders,
    rows: [
      new TableRow({
        cantSplit: false,
        children: [cell(side, sideWidth + bleed, true), cell(main, mainWidth, false)],
      }),
    ],
  });
}

export type DocxOptions = {
  /** The photo: a PNG cut round (transparent corners) or the square JPEG. */
  photo?: { data: Buffer; type: "png" | "jpg" } | undefined;
  /** The East Asian font name when the text has CJK characters. */
  eastAsiaFont?: string | undefined;
};

/** Build the DOCX bytes for `view` with the resolved design and the settings' page size. */
export async function buildDocx(
  view: ResumeView,
  t: Design,
  settings: ExportSettings,
  options: DocxOptions = {},
): Promise<Buffer> {
  const page = PAGE_TWIPS[settings.page_size];
  const margin = {
    top: Math.round(t.margin.top * TWIPS_PER_POINT),
    bottom: Math.round(t.margin.bottom * TWIPS_PER_POINT),
    left: Math.round(t.margin.left * TWIPS_PER_POINT),
    right: Math.round(t.margin.right * TWIPS_PER_POINT),
  };
  const ctx: Ctx = {
    t,
    sep: view.labels,
    contentWidth: page.width - margin.left - margin.right,
    keepNext: t.layout !== "sidebar",
  };
  const name = FONT_FAMILY_NAMES[t.font];
  const font = { ascii: name, hAnsi: name, cs: name, eastAsia: options.eastAsiaFont ?? name };
  const photoSize = Math.round((t.photoSize * 96) / 72);
  const photo =
    options.photo && t.photo !== "none"
      ? new ImageRun({
          type: options.photo.type,
          data: options.photo.data,
          transformation: { width: photoSize, height: photoSize },
          altText: {
            name: "photo",
            description: view.labels.photoAlt.replace("{name}", view.name),
            title: view.name,
          },
        })
      : undefined;
  const children =
    t.layout === "sidebar"
      ? [
          ...(t.header === "band" ? headerParagraphs(ctx, view, "left", false) : []),
          sidebarTable(ctx, view, photo),
        ]
      : [
          ...headerParagraphs(ctx, view, t.header === "centered" ? "center" : "left", true, photo),
          ...view.sections.flatMap((s) => sectionParagraphs(ctx, s, ctx.contentWidth, false)),
        ];
  const headingRule =
    t.headingStyle === "rule"
      ? { bottom: { style: BorderStyle.SINGLE, size: 6, color: hex(t.colors.rule), space: 1 } }
      : t.headingStyle === "bar"
        ? { left: { style: BorderStyle.THICK, size: 24, color: hex(t.colors.accent), space: 6 } }
        : undefined;
  const headingShading =
    t.headingStyle === "tinted"
      ? { type: ShadingType.CLEAR, color: "auto", fill: hex(t.colors.sidebar) }
      : undefined;
  const doc = new Document({
    title: view.title,
    creator: view.name || "Resume Agent",
    subject: view.label || view.labels.resume,
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
          // Exact leading from the name's own size, so a name band is never clipped by a shorter default line.
          paragraph: {
            spacing: {
              before: 0,
              after: 40,
              line: Math.round(t.sizes.name * 1.3 * TWIPS_PER_POINT),
              lineRule: "exact",
            },
          },
        },
        heading1: {
          run: { font, size: halfPoints(t.sizes.heading), bold: true, color: hex(t.colors.accent) },
          paragraph: {
            spacing: { before: Math.round(t.gaps.section * TWIPS_PER_POINT), after: 80 },
            ...(headingRule ? { border: headingRule } : {}),
            ...(headingShading ? { shading: headingShading } : {}),
            keepNext: ctx.keepNext,
          },
        },
        heading2: {
          run: { font, size: halfPoints(t.sizes.title), bold: false, color: hex(t.colors.text) },
          paragraph: {
            spacing: { before: Math.round(t.gaps.entry * TWIPS_PER_POINT), after: 20 },
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
  return Packer.toBuffer(doc, false, [
    { path: "word/fontTable.xml", data: fontTable(t, options.eastAsiaFont) },
  ]);
}

const WORD_FAMILIES = { "sans-serif": "swiss", serif: "roman", monospace: "modern" } as const;

/**
 * The font table names a fallback for the family (`w:altName`: Arial, Georgia, …) and its
 * class, so a reader without the family substitutes a like one instead of its default.
 */
function fontTable(t: Design, eastAsia: string | undefined): string {
  const { generic, safe } = FONT_FALLBACKS[t.font];
  const entry = (name: string, alt: string, family: string, pitch: string) =>
    `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:family w:val="${family}"/><w:pitch w:val="${pitch}"/></w:font>`;
  const fonts = [
    entry(
      FONT_FAMILY_NAMES[t.font],
      safe,
      WORD_FAMILIES[generic as keyof typeof WORD_FAMILIES],
      generic === "monospace" ? "fixed" : "variable",
    ),
    ...(eastAsia
      ? [entry(eastAsia, eastAsia.endsWith("JP") ? "MS Gothic" : "SimHei", "swiss", "variable")]
      : []),
  ];
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts.join("")}</w:fonts>`;
}
