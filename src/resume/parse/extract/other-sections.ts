/**
 * The simpler sections: projects, certificates, awards, publications,
 * languages, interests, references and custom sections. Each entry's first
 * header piece is its title; dates, URLs and the remaining pieces fill the
 * section's other fields.
 */
import type { CustomSection, ResumeInput } from "../../model.js";
import type { Entry } from "../layout/entries.js";
import type { TextLine } from "../text-line.js";
import { analyzeHeader, readBody } from "./entry-header.js";

type Input = Required<ResumeInput>;

function generic(entry: Entry) {
  const header = analyzeHeader(entry.header);
  const body = readBody(entry.body);
  const [title, ...rest] = header.pieces.map((p) => p.text);
  return { header, body, title: title ?? "", rest };
}

export function extractProjects(entries: Entry[]): Input["projects"] {
  return entries.map((entry) => {
    const { header, body, title, rest } = generic(entry);
    return {
      name: title,
      description: [rest.join(" · "), body.summary].filter(Boolean).join("\n"),
      highlights: body.highlights,
      url: header.url,
      dates: header.dates ?? { text: "" },
    };
  });
}

export function extractCertificates(entries: Entry[]): Input["certificates"] {
  return entries.map((entry) => {
    const { header, title, rest } = generic(entry);
    return { name: title, issuer: rest[0] ?? "", date: header.dates ?? { text: "" }, url: header.url };
  });
}

export function extractAwards(entries: Entry[]): Input["awards"] {
  return entries.map((entry) => {
    const { header, body, title, rest } = generic(entry);
    return {
      title,
      awarder: rest[0] ?? "",
      date: header.dates ?? { text: "" },
      summary: [body.summary, ...body.highlights].filter(Boolean).join("\n"),
    };
  });
}

export function extractPublications(entries: Entry[]): Input["publications"] {
  return entries.map((entry) => {
    const { header, body, title, rest } = generic(entry);
    return {
      name: title,
      publisher: rest.at(-1) ?? "",
      releaseDate: header.dates ?? { text: "" },
      url: header.url,
      summary: [body.summary, ...body.highlights].filter(Boolean).join("\n"),
    };
  });
}

/** "English – Native", "English (fluent)", or "English" above "Native Speaker". */
export function extractLanguages(lines: TextLine[]): Input["languages"] {
  const languages: Input["languages"] = [];
  const texts = lines.flatMap((l) => l.segments);
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!.trim();
    const pair = /^([\p{L} ]{2,30}?)\s*[:–—\-(|]\s*([^\s)][^)]*)\)?$/u.exec(text);
    if (pair) {
      languages.push({ language: pair[1]!.trim(), fluency: pair[2]!.trim() });
      continue;
    }
    const next = texts[i + 1]?.trim() ?? "";
    if (
      /\b(native|fluent|proficient|intermediate|basic|beginner|advanced|business|conversational|[ABC][12])\b/i.test(
        next,
      )
    ) {
      languages.push({ language: text, fluency: next });
      i++;
      continue;
    }
    for (const language of splitItems(text)) languages.push({ language, fluency: "" });
  }
  return languages;
}

/** Items of a list line, split at separators and trimmed (no regex that spans the spaces around them). */
function splitItems(text: string, separator: RegExp = /[,;·•]/): string[] {
  return text
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function extractInterests(lines: TextLine[]): Input["interests"] {
  return lines
    .flatMap((l) => l.segments)
    .map((text) => {
      const labelled = /^([^:]{1,40}):\s*(\S.*)$/.exec(text);
      if (labelled) return { name: labelled[1]!.trim(), keywords: splitItems(labelled[2]!, /,/) };
      const items = splitItems(text);
      return items.length > 1 ? { name: "", keywords: items } : { name: text.trim(), keywords: [] };
    });
}

export function extractReferences(lines: TextLine[]): Input["references"] {
  if (lines.length === 0) return [];
  return [
    {
      name: lines[0]!.text,
      reference: lines
        .slice(1)
        .map((l) => l.text)
        .join("\n"),
    },
  ];
}

/** A custom section: bullet-only sections become one item per bullet. */
export function extractCustom(
  title: string,
  lines: TextLine[],
  entries: Entry[],
): Omit<CustomSection, "id" | "items"> & {
  items: NonNullable<ResumeInput["custom"]>[number]["items"];
} {
  if (lines.length > 0 && lines.every((l) => l.bullet || l.gapBefore < 0.3) && lines.some((l) => l.bullet)) {
    const { highlights, summary } = readBody(lines);
    const items = highlights.map((h) => ({ title: h }));
    if (summary) items.unshift({ title: summary });
    return { title, items };
  }
  return {
    title,
    items: entries.map((entry) => {
      const { header, body, title: itemTitle, rest } = generic(entry);
      return {
        title: itemTitle,
        subtitle: rest.join(" · "),
        dates: header.dates,
        summary: body.summary,
        highlights: body.highlights,
      };
    }),
  };
}
