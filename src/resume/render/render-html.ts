/**
 * The HTML export: one self-contained file with the template's design —
 * colours, type sizes, spacing, sidebar, name band, heading style, timeline
 * rail, skills matrix and photo (a data URI). Its content security policy
 * forbids every external request, fonts are named with installed fallbacks,
 * and the markup is semantic (header, h1–h3, lists, links) so it reads the
 * same to a screen reader as the tagged PDF. The render benchmark prints it
 * with Chromium as the same-content baseline.
 */
import { FONT_FALLBACKS, FONT_FAMILY_NAMES } from "../fonts/font-files.js";
import type { Resume } from "../model.js";
import { roundPhotoPng } from "../photo/prepare-photo.js";
import type { ExportSettings } from "../settings.js";
import { type Design, resolveDesign } from "./design.js";
import { buildResumeView, type ResumeView, type ViewEntry, type ViewSection } from "./resume-view.js";
import { PAGE_SIZES } from "./templates/index.js";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
const text = (s: string) =>
  esc(s)
    .replace(/\n\s*\n/g, "</p><p>")
    .replace(/\n/g, "<br>");
const link = (label: string, url: string) => (url ? `<a href="${esc(url)}">${esc(label)}</a>` : esc(label));

type Ctx = { t: Design; view: ResumeView };

function entry(ctx: Ctx, e: ViewEntry, number?: number): string {
  const { view } = ctx;
  const title = `${number !== undefined ? `<span class="num">[${number}]</span> ` : ""}<strong>${link(e.title, e.url)}</strong>${e.subtitle ? `${esc(view.labels.comma)}${esc(e.subtitle)}` : ""}`;
  const dates = e.dates ? `<span class="dates">${esc(e.dates)}</span>` : "";
  const parts = [`<h3><span>${title}</span>${ctx.t.dateRail ? "" : dates}</h3>`];
  if (e.location) parts.push(`<p class="meta">${esc(e.location)}</p>`);
  if (e.description) parts.push(`<p class="meta">${esc(e.description)}</p>`);
  if (e.summary) parts.push(`<p>${text(e.summary)}</p>`);
  for (const r of e.roles) {
    parts.push(
      `<h4><span>${esc(r.title)}${r.location ? ` <span class="meta">· ${esc(r.location)}</span>` : ""}</span>${r.dates ? `<span class="dates">${esc(r.dates)}</span>` : ""}</h4>`,
    );
    if (r.summary) parts.push(`<p>${text(r.summary)}</p>`);
    if (r.bullets.length) parts.push(`<ul>${r.bullets.map((b) => `<li>${text(b)}</li>`).join("")}</ul>`);
  }
  if (e.bullets.length) parts.push(`<ul>${e.bullets.map((b) => `<li>${text(b)}</li>`).join("")}</ul>`);
  if (e.tags) parts.push(`<p class="meta">${esc(e.tags)}</p>`);
  const body = parts.join("");
  return ctx.t.dateRail
    ? `<article class="entry rail"><div class="rail-dates">${esc(e.dates)}</div><div class="rail-body">${body}</div></article>`
    : `<article class="entry">${body}</article>`;
}

function section(ctx: Ctx, s: ViewSection): string {
  const { t, view } = ctx;
  let body: string;
  if (s.kind === "text") body = `<p>${text(s.text)}</p>`;
  else if (s.kind === "list" && t.skillsMatrix && s.key === "skills")
    body = `<table class="matrix"><tbody>${s.items.map((i) => `<tr><th scope="row">${esc(i.label)}</th><td>${esc(i.value)}</td></tr>`).join("")}</tbody></table>`;
  else if (s.kind === "list")
    body = `<ul class="items">${s.items.map((i) => `<li><strong>${esc(i.label)}</strong>${i.label && i.value ? esc(view.labels.colon) : ""}${esc(i.value)}</li>`).join("")}</ul>`;
  else {
    const numbered = t.numberedSections.includes(s.key);
    body = s.entries.map((e, i) => entry(ctx, e, numbered ? i + 1 : undefined)).join("");
  }
  return `<section class="s-${esc(s.key.replace(/[^a-z0-9-]/gi, "-"))}"><h2>${esc(s.title)}</h2>${body}</section>`;
}

function contacts(ctx: Ctx): string {
  const { t, view } = ctx;
  if (!view.contacts.length) return "";
  if (t.contactStyle === "labelled")
    return `<dl class="details">${view.contacts.map((c) => `<dt>${esc(c.label)}</dt><dd>${link(c.text, c.url)}</dd>`).join("")}</dl>`;
  return `<ul class="contacts">${view.contacts.map((c) => `<li>${link(c.text, c.url)}</li>`).join("")}</ul>`;
}

function css(t: Design, pageSize: keyof typeof PAGE_SIZES): string {
  const family = `"${FONT_FAMILY_NAMES[t.font]}", "${FONT_FALLBACKS[t.font].safe}", "Noto Sans CJK SC", "Noto Sans CJK JP", ${FONT_FALLBACKS[t.font].generic}`;
  const c = t.colors;
  const dark = t.darkSidebar;
  return `
@page { size: ${pageSize === "A4" ? "A4" : "letter"}; margin: ${t.margin.top}pt ${t.margin.right}pt ${t.margin.bottom}pt ${t.layout === "sidebar" ? 0 : t.margin.left}pt; }
:root { --accent: ${c.accent}; --text: ${c.text}; --muted: ${c.muted}; --rule: ${c.rule}; --tint: ${c.sidebar}; --band: ${c.bandText}; }
* { box-sizing: border-box; }
body { margin: 0; font-family: ${family}; font-size: ${t.sizes.body}pt; line-height: ${t.lineHeight}; color: var(--text); background: #fff; }
.page { max-width: ${PAGE_SIZES[pageSize][0]}pt; margin: 0 auto; padding: ${t.margin.top}pt ${t.margin.right}pt ${t.margin.bottom}pt ${t.margin.left}pt; }
@media print { .page { padding: 0; max-width: none; } }
a { color: inherit; text-decoration: none; } a:hover, a:focus { text-decoration: underline; }
h1 { font-size: ${t.sizes.name}pt; line-height: 1.15; margin: 0; color: var(--accent); }
.label { font-size: ${t.sizes.label}pt; color: var(--muted); margin: 2pt 0 6pt; }
header.banded { display: block; }
header { ${t.header === "centered" ? "text-align: center;" : ""} margin-bottom: ${t.gaps.section}pt; display: flex; gap: 16pt; align-items: flex-start; ${t.header === "centered" ? "justify-content: center;" : ""} }
header .who { flex: 1; }
.contacts { list-style: none; padding: 0; margin: 4pt 0 0; font-size: ${t.sizes.small}pt; display: flex; flex-wrap: wrap; gap: 2pt 12pt; ${t.header === "centered" ? "justify-content: center;" : ""} }
.details { display: grid; grid-template-columns: max-content 1fr; gap: 1pt 12pt; font-size: ${t.sizes.small}pt; margin: 6pt 0 0; }
.details dt { color: var(--muted); } .details dd { margin: 0; }
.photo { width: ${t.photoSize}pt; height: ${t.photoSize}pt; object-fit: cover; display: block; }
.photo.round { border-radius: 50%; }
h2 { font-size: ${t.sizes.heading}pt; color: var(--accent); margin: ${t.gaps.section}pt 0 ${t.gaps.afterHeading}pt; break-after: avoid; ${t.headingCaps ? "text-transform: uppercase;" : ""}
  ${t.headingStyle === "rule" ? "border-bottom: 0.75pt solid var(--rule); padding-bottom: 1.5pt;" : ""}
  ${t.headingStyle === "tinted" ? "background: var(--tint); padding: 2pt 5pt;" : ""}
  ${t.headingStyle === "bar" ? "border-left: 4pt solid var(--accent); padding-left: 5pt;" : ""} }
section:first-child h2 { margin-top: 0; }
h3 { font-size: ${t.sizes.title}pt; font-weight: normal; margin: ${t.gaps.entry}pt 0 1pt; display: flex; gap: 10pt; break-after: avoid; }
h3 strong { font-weight: bold; } h3 .dates, h4 .dates { margin-left: auto; white-space: nowrap; }
h4 { font-size: ${t.sizes.body}pt; margin: 3pt 0 1pt; display: flex; gap: 10pt; break-after: avoid; }
.dates, .meta { color: var(--muted); font-size: ${t.sizes.small}pt; font-weight: normal; }
.meta { font-style: italic; margin: 0; }
p { margin: 1.5pt 0; }
ul { margin: 1.5pt 0; padding-left: ${t.bulletIndent}pt; } li::marker { color: var(--accent); }
li { margin: ${t.gaps.bullet}pt 0; break-inside: avoid; }
.items { list-style: none; padding: 0; }
.num { color: var(--muted); }
.rail { display: grid; grid-template-columns: ${t.dateRail}pt 1fr; position: relative; }
.rail-dates { color: var(--muted); font-size: ${t.sizes.small}pt; padding: ${t.gaps.entry + 1}pt 14pt 0 0; white-space: normal; }
.rail-body { border-left: 1pt solid var(--rule); padding-left: 10pt; position: relative; }
.rail-body::before { content: ""; position: absolute; left: -4pt; top: ${t.gaps.entry + 4}pt; width: 7pt; height: 7pt; border-radius: 50%; background: var(--accent); }
.matrix { border-collapse: collapse; width: 100%; } .matrix th { text-align: left; width: 28%; vertical-align: top; padding: 2pt 8pt 2pt 0; }
.matrix td, .matrix th { border-bottom: 0.5pt solid var(--rule); padding-top: 2pt; padding-bottom: 3pt; }
.band { background: var(--accent); color: var(--band); margin: -${t.margin.top}pt -${t.margin.right}pt ${t.gaps.section}pt -${t.margin.left}pt; padding: 24pt ${t.margin.right}pt 24pt ${t.layout === "sidebar" ? t.sidebarWidth + t.columnGap : t.margin.left}pt; }
.band h1, .band .label { color: var(--band); }
.cols { display: grid; grid-template-columns: ${t.sidebarWidth - t.margin.left}pt 1fr; gap: ${t.columnGap}pt; }
aside { background: var(--tint); margin: -${t.margin.top}pt 0 -${t.margin.bottom}pt -${t.margin.left}pt; padding: ${t.margin.top}pt 14pt ${t.margin.bottom}pt ${t.margin.left}pt; ${dark ? "color: var(--band);" : ""} }
${dark ? "aside h2, aside a, aside .meta, aside .dates { color: var(--band); } aside h2 { border: 0; background: none; }" : ""}
aside .items li { margin-bottom: 5pt; } aside .photo { margin: 0 auto 16pt; }
aside .contacts { display: block; } aside { overflow-wrap: anywhere; } aside .contacts li { margin: 0 0 2pt; }
`;
}

export type HtmlOptions = {
  /** The stored photo (square JPEG), for templates that place one. */
  photo?: Buffer | undefined;
  round?: boolean;
  pageSize?: keyof typeof PAGE_SIZES;
};

/** A complete, self-contained HTML document for `view` in design `t`. */
export function viewToHtml(view: ResumeView, t: Design, options: HtmlOptions = {}): string {
  const ctx: Ctx = { t, view };
  const photo =
    options.photo && t.photo !== "none"
      ? `<img class="photo${options.round ? " round" : ""}" alt="${esc(view.labels.photoAlt.replace("{name}", view.name))}" src="data:${options.round ? "image/png" : "image/jpeg"};base64,${(options.round ? roundPhotoPng(options.photo) : options.photo).toString("base64")}">`
      : "";
  const who = `<div class="who">${view.name ? `<h1>${esc(view.name)}</h1>` : ""}${view.label ? `<p class="label">${esc(view.label)}</p>` : ""}`;
  const lead = t.leadSummary ? view.sections.find((s) => s.key === "summary") : undefined;
  const rest = view.sections.filter((s) => s !== lead);
  const leadHtml = lead?.kind === "text" ? `<p class="lead">${text(lead.text)}</p>` : "";
  let body: string;
  if (t.layout === "sidebar") {
    const side = rest.filter((s) => t.sidebarSections.includes(s.key));
    const main = rest.filter((s) => !t.sidebarSections.includes(s.key));
    const band = t.header === "band" ? `<header class="band">${who}</div></header>` : "";
    const sideContacts = view.contacts.length
      ? `<section><h2>${esc(view.labels.contact)}</h2>${contacts({ ...ctx, t: { ...t, contactStyle: "line" } })}</section>`
      : "";
    body = `${band}<div class="cols"><aside>${t.photo === "sidebar" ? photo : ""}${sideContacts}${side.map((s) => section(ctx, s)).join("")}</aside><main>${t.header === "band" ? "" : `<header>${who}</div></header>`}${leadHtml}${main.map((s) => section(ctx, s)).join("")}</main></div>`;
  } else {
    const header =
      t.header === "band"
        ? `<header class="banded"><div class="band">${who}</div></div>${contacts(ctx)}</header>`
        : `<header>${who}${contacts(ctx)}</div>${t.photo === "header" ? photo : ""}</header>`;
    body = `${header}<main>${leadHtml}${rest.map((s) => section(ctx, s)).join("")}</main>`;
  }
  return `<!doctype html>
<html lang="${esc(view.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="generator" content="Resume Agent">
<title>${esc(view.title)}</title>
<style>${css(t, options.pageSize ?? "A4")}</style>
</head>
<body class="template-${t.id}"><div class="page">${body}</div></body>
</html>
`;
}

/** Render a resume as a self-contained HTML file (UTF-8) with the export settings' template and design. */
export function renderHtml(
  resume: Resume,
  settings: ExportSettings,
  options: { photo?: Buffer | undefined } = {},
): Buffer {
  const view = buildResumeView(resume, settings);
  return Buffer.from(
    viewToHtml(view, resolveDesign(settings), {
      photo: options.photo,
      round: settings.photo_shape === "round",
      pageSize: settings.page_size,
    }),
    "utf8",
  );
}
