/**
 * The one allow-list for links: `https:`, `http:`, `mailto:` and `tel:`.
 *
 * Applied where URLs enter the model (parse results, JSON Resume imports,
 * edits: an unsafe link is dropped and reported) and again where they leave it
 * (the view every renderer draws: PDF `/URI` actions, DOCX hyperlinks, HTML).
 * `javascript:`, `data:`, `file:`, UNC paths (`\\host\share`) and
 * protocol-relative `//host` never become a link, however they are spelled
 * (case, embedded tabs or newlines, leading controls: the WHATWG URL parser
 * ignores those, and so do PDF readers).
 */
import type { Resume } from "./model.js";

export const LINK_SCHEMES = ["https:", "http:", "mailto:", "tel:"] as const;

const BARE_DOMAIN = /^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:[/?#]|$)/i;

/** What URL parsers and viewers silently drop: surrounding spaces and controls, inner tabs and newlines. */
function stripIgnored(raw: string): string {
  const ignored = (code: number) => code <= 0x20 || code === 0x7f;
  let start = 0;
  let end = raw.length;
  while (start < end && ignored(raw.charCodeAt(start))) start++;
  while (end > start && ignored(raw.charCodeAt(end - 1))) end--;
  return raw.slice(start, end).replace(/[\t\n\r]/g, "");
}

/** The link as it may be used (bare domains get `https://`), or "" when it is not allowed. */
export function safeLink(raw: string): string {
  const url = stripIgnored(raw);
  if (!url) return "";
  if (url.startsWith("\\") || url.startsWith("/")) return "";
  if (BARE_DOMAIN.test(url)) return `https://${url}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "";
  }
  if (!(LINK_SCHEMES as readonly string[]).includes(parsed.protocol)) return "";
  if ((parsed.protocol === "https:" || parsed.protocol === "http:") && !parsed.hostname) return "";
  return url;
}

export type DroppedLink = { path: string; url: string };

/** The URL fields of the model, by JSON path. */
function* urlFields(resume: Resume): Generator<[string, { url: string }]> {
  yield ["basics", resume.basics];
  for (const [i, p] of resume.basics.profiles.entries()) yield [`basics.profiles.${i}`, p];
  for (const key of ["work", "education", "projects", "volunteer", "certificates", "publications"] as const) {
    for (const [i, entry] of (resume[key] as { url: string }[]).entries()) yield [`${key}.${i}`, entry];
  }
}

/**
 * Clears every URL field (and `basics.image`) that the allow-list refuses, in
 * place, and returns what was dropped. Allowed links are kept as written.
 */
export function dropUnsafeLinks(resume: Resume): DroppedLink[] {
  const dropped: DroppedLink[] = [];
  for (const [path, holder] of urlFields(resume)) {
    if (holder.url && !safeLink(holder.url)) {
      dropped.push({ path: `${path}.url`, url: holder.url });
      holder.url = "";
    }
  }
  if (resume.basics.image && !safeLink(resume.basics.image)) {
    dropped.push({ path: "basics.image", url: resume.basics.image });
    resume.basics.image = "";
  }
  return dropped;
}
