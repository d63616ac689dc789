/**
 * The Markdown export: the render view as GitHub-flavoured Markdown that
 * reads well on its own — the name as the title, contacts as one line of
 * links, a heading per section and per entry, dates in italics, bullets as a
 * list, and the skills matrix as a table where the template has one.
 */
import type { Resume } from "../model.js";
import type { ExportSettings } from "../settings.js";
import { resolveDesign } from "./design.js";
import type { ResumeView, ViewEntry, ViewSection } from "./resume-view.js";
import { buildResumeView } from "./resume-view.js";

/** Characters Markdown would read as formatting; escaped so text stays text. */
const SPECIAL = /[\\`*_[\]<>#|~]/g;
const esc = (s: string) =>
  s
    .replace(SPECIAL, (c) => `\\${c}`)
    .replace(/^(\d+)\. /, "$1\\. ")
    .replace(/^([-+]) /, "\\$1 ");
/**
 * A line break inside one paragraph, with the blank space around it, becomes a space (two spaces
 * would be invisible and fragile). Each blank run is read once.
 */
const inline = (s: string) => esc(s).replace(/\s+/g, (run) => (run.includes("\n") ? " " : run));

const link = (text: string, url: string) =>
  url ? `[${esc(text)}](<${url.replace(/[<>\s]/g, encodeURIComponent)}>)` : esc(text);

function entry(e: ViewEntry, sep: { comma: string }, number?: number): string[] {
  const title = `${number !== undefined ? `${number}. ` : ""}${link(e.title, e.url)}${e.subtitle ? `${sep.comma}${inline(e.subtitle)}` : ""}`;
  const out = [`### ${title}`, ""];
  const meta = [e.dates, e.location].filter(Boolean).map(inline).join(" · ");
  if (meta) out.push(`*${meta}*`, "");
  if (e.description) out.push(`*${inline(e.description)}*`, "");
  if (e.summary) out.push(...e.summary.split(/\n\s*\n/).flatMap((p) => [inline(p), ""]));
  for (const role of e.roles) {
    const roleMeta = [role.dates, role.location].filter(Boolean).map(inline).join(" · ");
    out.push(`**${inline(role.title)}**${roleMeta ? ` — *${roleMeta}*` : ""}`, "");
    if (role.summary) out.push(inline(role.summary), "");
    if (role.bullets.length) out.push(...role.bullets.map((b) => `- ${inline(b)}`), "");
  }
  if (e.bullets.length) out.push(...e.bullets.map((b) => `- ${inline(b)}`), "");
  if (e.tags) out.push(`*${inline(e.tags)}*`, "");
  return out;
}

function section(view: ResumeView, s: ViewSection, matrix: boolean, numbered: boolean): string[] {
  const out = [`## ${inline(s.title)}`, ""];
  if (s.kind === "text") out.push(...s.text.split(/\n\s*\n/).flatMap((p) => [inline(p), ""]));
  else if (s.kind === "list" && matrix) {
    const cell = (t: string) => inline(t).replace(/\|/g, "\\|");
    out.push(`| | |`, `|---|---|`, ...s.items.map((i) => `| **${cell(i.label)}** | ${cell(i.value)} |`), "");
  } else if (s.kind === "list")
    out.push(
      ...s.items.map(
        (i) =>
          `- ${i.label ? `**${inline(i.label)}**` : ""}${i.label && i.value ? view.labels.colon : ""}${inline(i.value)}`,
      ),
      "",
    );
  else
    s.entries.forEach((e, i) => {
      out.push(...entry(e, view.labels, numbered ? i + 1 : undefined));
    });
  return out;
}

/** Markdown of an already built view with a template's switches (skills matrix, numbering). */
export function viewToMarkdown(
  view: ResumeView,
  t: { skillsMatrix: boolean; numberedSections: readonly string[] },
): string {
  const out: string[] = [];
  if (view.name) out.push(`# ${inline(view.name)}`, "");
  if (view.label) out.push(`**${inline(view.label)}**`, "");
  if (view.contacts.length) out.push(view.contacts.map((c) => link(c.text, c.url)).join(" · "), "");
  for (const s of view.sections)
    out.push(...section(view, s, t.skillsMatrix && s.key === "skills", t.numberedSections.includes(s.key)));
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}

/** Render a resume as Markdown (UTF-8) with the export settings' order, language and template switches. */
export function renderMarkdown(resume: Resume, settings: ExportSettings): Buffer {
  return Buffer.from(viewToMarkdown(buildResumeView(resume, settings), resolveDesign(settings)), "utf8");
}
