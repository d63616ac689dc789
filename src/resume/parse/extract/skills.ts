/**
 * Skills section lines → skill groups with keywords.
 *
 * "Languages: Python, Go" is a named group; a comma list under a short line
 * takes that line as its name (and a level word such as "Advanced" as its
 * level); lone short lines and bullets are single keywords.
 */
import type { ResumeInput } from "../../model.js";
import { readRating } from "../glyphs.js";
import { normalizeTitle, type SectionKind, sectionKindOf } from "../layout/headings.js";
import { LEVEL_PATTERN } from "../lexicon/index.js";
import { plainLine, type TextLine } from "../text-line.js";

type SkillInput = NonNullable<ResumeInput["skills"]>[number];

const LEVEL = LEVEL_PATTERN;
// The lookbehind starts a separator at the first space of a run, so a long run of spaces is read once.
const LIST_SEPARATOR = /(?<!\s)\s*(?:,|;|\||•|·|\/(?=\s))\s*/;

function splitList(text: string): string[] {
  return text
    .split(LIST_SEPARATOR)
    .map((s) =>
      s
        .replace(/^(and|&)\s+/i, "")
        // Footnote marks ("PostgreSQL (3)") and stray list punctuation.
        // The lookbehind starts the marks where the first of them (with its spaces) starts.
        .replace(/(?<!\s|\(\d{1,2}\))(?:\s*\(\d{1,2}\))+\s*$/u, "")
        .replace(/[.,;]$/, "")
        .trim(),
    )
    .filter((s) => s.length > 0 && s.length <= 60);
}

/** "HTML, CSS (Advanced)": a level in parentheses after the last keyword belongs to the group. */
function splitLevel(items: string[]): { keywords: string[]; level: string } {
  // The first "(" after the last inner ")" opens the level, found by index rather than by backtracking.
  const item = items.at(-1) ?? "";
  const body = item.endsWith(")") ? item.slice(0, -1) : "";
  const open = body.indexOf("(", body.lastIndexOf(")") + 1);
  const level = open === -1 ? "" : body.slice(open + 1);
  if (!body || open === -1 || !level || !LEVEL.test(level.trim())) return { keywords: items, level: "" };
  return {
    keywords: [...items.slice(0, -1), body.slice(0, open).trimEnd()].filter(Boolean),
    level: level.trim(),
  };
}

/**
 * Skill groups from the lines of a skills section. When the section's title
 * names other sections too ("Skills, Languages, Interests"), lines labelled
 * with those titles ("Languages: …") are handed back for them instead;
 * otherwise "Languages: Java, Go" is a skill group like any other.
 */
export function extractSkills(
  lines: TextLine[],
  title = "",
): { skills: SkillInput[]; routed: { kind: SectionKind; line: TextLine }[] } {
  const skills: SkillInput[] = [];
  const routed: { kind: SectionKind; line: TextLine }[] = [];
  let pendingName = "";
  let pendingLevel = "";
  let loose: SkillInput | undefined;
  // Spaces before a separator are matched from the first of them only: a long run is read once.
  const announced = new Set(
    normalizeTitle(title)
      .split(/(?:(?<!\s)\s+)?(?:,|&|\/|\+|·|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*/u)
      .map((part) => sectionKindOf(part)),
  );
  const texts = joinWrappedLists(lines);
  for (const [i, raw] of texts.entries()) {
    const rating = readRating(raw);
    const text = rating.text;
    if (rating.level && text === "") {
      // A rating on its own line rates the skill above it.
      const last = skills.at(-1);
      if (last && !last.level) last.level = rating.level;
      continue;
    }
    const labelled = /^([^:：]{1,40})[:：]\s*(\S.*)$/.exec(text);
    const other = labelled ? sectionKindOf(labelled[1]!) : undefined;
    if (other && other !== "skills" && other !== "custom" && announced.has(other)) {
      routed.push({ kind: other, line: plainLine(labelled![2]!) });
      continue;
    }
    if (labelled) {
      const { keywords, level } = splitLevel(splitList(labelled[2]!));
      skills.push({ name: labelled[1]!.trim(), level, keywords });
      pendingName = "";
      continue;
    }
    const items = splitList(text);
    if (rating.level && items.length === 1) {
      skills.push({ name: items[0]!, level: rating.level, keywords: [items[0]!] });
      continue;
    }
    if (items.length > 1) {
      const { keywords, level } = splitLevel(items);
      skills.push({ name: pendingName, level: level || pendingLevel, keywords });
      pendingName = "";
      pendingLevel = "";
      continue;
    }
    if (LEVEL.test(text.trim())) {
      pendingLevel = text.trim();
      continue;
    }
    const next = texts[i + 1] ?? "";
    const nextIsList = splitList(next).length > 1 || LEVEL.test(next.trim());
    if (nextIsList && !/:/.test(next)) {
      pendingName = text.trim();
      continue;
    }
    if (!loose) {
      loose = { name: "", level: "", keywords: [] };
      skills.push(loose);
    }
    loose.keywords?.push(...items);
  }
  return { skills: skills.filter((s) => (s.keywords?.length ?? 0) > 0 || s.name), routed };
}

/**
 * A comma list wrapped over two lines ends with a comma or continues at the same indent.
 * A line of separate cells (tag chips, a skill grid) lists one item per cell.
 */
function joinWrappedLists(lines: TextLine[]): string[] {
  const texts: string[] = [];
  for (const line of lines) {
    const previous = texts.at(-1);
    if (line.segments.length > 1 && line.segments.every((s) => s.split(/\s+/).length <= 4)) {
      texts.push(line.segments.join(", "));
      continue;
    }
    if (previous !== undefined && /,$/.test(previous) && !line.bullet) {
      texts[texts.length - 1] = `${previous} ${line.text}`;
      continue;
    }
    texts.push(line.text);
  }
  return texts;
}
