/**
 * A self-contained HTML rendering of the render view (single column, print
 * CSS). Used as a preview and as the same-content baseline the render
 * benchmark prints with a headless browser; exports never go through it.
 */

import type { ResumeView, ViewEntry, ViewSection } from "./resume-view.js";
import { TEMPLATES } from "./templates/index.js";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function entry(e: ViewEntry): string {
  const title = e.url ? `<a href="${esc(e.url)}">${esc(e.title)}</a>` : esc(e.title);
  const parts = [
    `<div class="head"><span><b>${title}</b>${e.subtitle ? `, ${esc(e.subtitle)}` : ""}</span><span class="muted">${esc(e.dates)}</span></div>`,
  ];
  if (e.location) parts.push(`<div class="muted i">${esc(e.location)}</div>`);
  if (e.description) parts.push(`<div class="muted i">${esc(e.description)}</div>`);
  if (e.summary) parts.push(`<p>${esc(e.summary)}</p>`);
  for (const r of e.roles) {
    parts.push(
      `<div class="head"><b><i>${esc(r.title)}</i></b><span class="muted">${esc(r.dates)}</span></div>`,
    );
    if (r.summary) parts.push(`<p>${esc(r.summary)}</p>`);
    if (r.bullets.length) parts.push(`<ul>${r.bullets.map((b) => `<li>${esc(b)}</li>`).join("")}</ul>`);
  }
  if (e.bullets.length) parts.push(`<ul>${e.bullets.map((b) => `<li>${esc(b)}</li>`).join("")}</ul>`);
  if (e.tags) parts.push(`<div class="muted i">${esc(e.tags)}</div>`);
  return `<div class="entry">${parts.join("")}</div>`;
}

function section(s: ViewSection): string {
  const body =
    s.kind === "text"
      ? `<p>${esc(s.text)}</p>`
      : s.kind === "list"
        ? s.items
            .map((i) => `<div><b>${esc(i.label)}</b>${i.value ? `: ${esc(i.value)}` : ""}</div>`)
            .join("")
        : s.entries.map(entry).join("");
  return `<section><h2>${esc(s.title)}</h2>${body}</section>`;
}

/** A complete HTML document for the view (classic styling). */
export function renderHtml(view: ResumeView): string {
  const t = TEMPLATES.classic;
  const contacts = view.contacts
    .map((c) => (c.url ? `<a href="${esc(c.url)}">${esc(c.text)}</a>` : esc(c.text)))
    .join(" | ");
  return `<!doctype html><html lang="${esc(view.locale)}"><head><meta charset="utf-8"><title>${esc(view.name)}</title><style>
@page { size: A4; margin: ${t.margin.top}pt ${t.margin.right}pt ${t.margin.bottom}pt ${t.margin.left}pt; }
body { font-family: "Noto Sans", "DejaVu Sans", sans-serif; font-size: ${t.sizes.body}pt; color: ${t.colors.text}; line-height: ${t.lineHeight}; margin: 0; }
h1 { font-size: ${t.sizes.name}pt; color: ${t.colors.accent}; text-align: center; margin: 0; }
.label { text-align: center; color: ${t.colors.muted}; }
.contacts { text-align: center; font-size: ${t.sizes.small}pt; margin-bottom: 12pt; }
h2 { font-size: ${t.sizes.heading}pt; color: ${t.colors.accent}; text-transform: uppercase; border-bottom: 0.75pt solid ${t.colors.rule}; margin: 12pt 0 4pt; break-after: avoid; }
.entry { margin-top: ${t.gaps.entry}pt; } .head { display: flex; justify-content: space-between; break-after: avoid; }
.muted { color: ${t.colors.muted}; font-size: ${t.sizes.small}pt; } .i { font-style: italic; }
ul { margin: 2pt 0; padding-left: 14pt; } p { margin: 2pt 0; } a { color: inherit; text-decoration: none; }
</style></head><body><h1>${esc(view.name)}</h1><div class="label">${esc(view.label)}</div><div class="contacts">${contacts}</div>${view.sections.map(section).join("")}</body></html>`;
}
