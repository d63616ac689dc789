/**
 * Header lines (and contact/profile sections) → `basics`.
 *
 * Email, phone and URLs are found by pattern anywhere in the header, then in
 * the whole document. The name is the best-scoring header line: large, early,
 * two to four capitalised words, no digits or contact data. The label is a
 * short line right below the name.
 */
import { replaceBracketed } from "../../bracketed.js";
import type { ResumeInput } from "../../model.js";
import { sectionKindOf } from "../layout/headings.js";
import { DOCUMENT_TITLES, readLabel, readLabelledSegments } from "../lexicon/index.js";
import type { TextLine } from "../text-line.js";
import { EMAIL, findEmail, findPhone, findUrl, isLocation, splitPieces, TITLE_WORDS } from "./features.js";
import { cityOf, looksLikeAddress } from "./location.js";

type BasicsInput = NonNullable<ResumeInput["basics"]>;
type ProfileInput = NonNullable<BasicsInput["profiles"]>[number];

const NETWORKS: Record<string, string> = {
  "linkedin.com": "LinkedIn",
  "github.com": "GitHub",
  "gitlab.com": "GitLab",
  "twitter.com": "Twitter",
  "x.com": "X",
  "stackoverflow.com": "StackOverflow",
  "medium.com": "Medium",
  "dribbble.com": "Dribbble",
  "behance.net": "Behance",
  "xing.com": "XING",
};
const NETWORK_NAMES = new Map(Object.values(NETWORKS).map((n) => [n.toLowerCase(), n]));

const PARTICLE = /^(van|von|de|da|del|der|den|di|du|la|le|bin|al|dos|das|y|e|zu|ter|ten)$/i;
const CJK_NAME =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{1,6}(?:\s+[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{1,6})?$/u;

/** Whether `text` could be a person's name at all: capitalised words (or a CJK name), no data. */
export function nameShaped(text: string): boolean {
  const t = text.trim();
  if (!t || /\d|@|https?:|www\./.test(t) || sectionKindOf(t) || isLocation(t)) return false;
  if (DOCUMENT_TITLES.has(t.normalize("NFKC").toLowerCase().replace(/\s+/g, ""))) return false;
  // A bare label ("Name", "Derzeitige Tätigkeit") is no name.
  if (readLabel(`${t}:`)?.value === "") return false;
  if (CJK_NAME.test(t)) return t.replace(/\s/g, "").length >= 2;
  // Monograms ("FG") and initials are decoration, not the name.
  if (/^\p{Lu}{1,3}\.?$/u.test(t)) return false;
  const words = t.split(/\s+/);
  if (words.length > 5 || t.length > 50) return false;
  return words.every((w) => /^[\p{Lu}][\p{L}'’.-]*$/u.test(w) || PARTICLE.test(w));
}

function nameScore(text: string, line: TextLine, index: number, maxSize: number): number {
  if (!nameShaped(text)) return 0;
  if (TITLE_WORDS.test(text)) return 0.1;
  const words = text.trim().split(/\s+/);
  let score = 0.3;
  if (line.size >= maxSize - 0.01) score += 0.4;
  else if (line.size > 1.15) score += 0.2;
  if (line.emphasis) score += 0.1;
  if ((words.length >= 2 && words.length <= 4) || CJK_NAME.test(text)) score += 0.15;
  score -= Math.min(0.3, index * 0.03);
  return score;
}

/**
 * Lines of a banner set large over two or more lines ("Seeking a Master's Degree in
 * Computer / Science") are one headline: none of its lines is a name.
 */
function bannerLines(lines: TextLine[]): Set<TextLine> {
  const banner = new Set<TextLine>();
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!;
    const b = lines[i]!;
    if (a.size > 1.2 && Math.abs(a.size - b.size) < 0.05 && b.gapBefore <= 0.8 && a.column === b.column) {
      banner.add(a);
      banner.add(b);
    }
  }
  return banner;
}

// Runs of spaces before a separator are matched from their first space only (the lookbehinds), so a
// long run is read once, not again from each of its spaces.

/** "Name | Tagline", "Name – Title": the name is the first piece. */
function nameTexts(line: TextLine): { text: string; labelled: boolean }[] {
  const label = readLabelledSegments(line.segments);
  if (label?.kind === "name" && label.value) return [{ text: label.value, labelled: true }];
  if (label) return [];
  const texts = [{ text: line.text.trim(), labelled: false }];
  const first = line.segments[0]?.split(/(?<!\s)\s+[|–—·•]\s+|(?:(?<!\s)\s+)?\|\s*/u)[0]?.trim();
  if (first && first !== line.text.trim()) texts.push({ text: first, labelled: false });
  return texts;
}

export type BasicsResult = { basics: BasicsInput; confidence: Record<string, number> };

/** Extracts basics from header lines, extra contact lines and the full document. */
export function extractBasics(
  header: TextLine[],
  contactLines: TextLine[],
  allLines: TextLine[],
): BasicsResult {
  const confidence: Record<string, number> = {};
  const near = [...header, ...contactLines];
  const nearText = joinWrappedEmails(near.flatMap((l) => l.segments));
  const allText = joinWrappedEmails(allLines.flatMap((l) => l.segments));

  const pick = (find: (s: string) => string | undefined, key: string, nearConf: number, farConf: number) => {
    for (const s of nearText) {
      const v = find(s);
      if (v) {
        confidence[key] = nearConf;
        return v;
      }
    }
    for (const s of allText) {
      const v = find(s);
      if (v) {
        confidence[key] = farConf;
        return v;
      }
    }
    return "";
  };
  const pickNear = (find: (s: string) => string | undefined, key: string, conf: number) => {
    for (const s of nearText) {
      const v = find(s);
      if (v) {
        confidence[key] = conf;
        return v;
      }
    }
    return "";
  };
  const email = pick(findEmail, "basics.email", 0.98, 0.8);
  // Far from the header only a labelled number is a phone: digits in the body are
  // far more often DOIs, patent numbers or figures.
  // A number on a line of its own (a sidebar's contact block) is a phone as well.
  const labelledPhone = (s: string) => {
    const text = withoutEmails(s);
    if (readLabel(text)?.kind === "phone") return findPhone(text);
    const found = findPhone(text);
    return found && found.length >= 0.7 * text.trim().length ? found : undefined;
  };
  const phone =
    pick(
      (s) => (near.length ? undefined : findPhone(withoutEmails(s))) ?? labelledPhone(s),
      "basics.phone",
      0.9,
      0.6,
    ) || pickNear((s) => findPhone(withoutEmails(s)), "basics.phone", 0.9);

  // Name: the best candidate among the first header lines, then the first lines of a
  // personal-details section (Europass prints the name there), else the document's first lines.
  const candidates = [
    ...header.slice(0, 12),
    ...contactLines.slice(0, 4),
    ...(header.length || contactLines.length ? [] : allLines.slice(0, 5)),
  ];
  const banner = bannerLines(candidates);
  const maxSize = Math.max(1, ...candidates.filter((l) => !banner.has(l)).map((l) => l.size));
  let best: { line: TextLine; text: string; score: number; index: number } | undefined;
  candidates.forEach((line, index) => {
    if (banner.has(line)) return;
    for (const { text, labelled } of nameTexts(line)) {
      const score = nameScore(text, line, index, maxSize) + (labelled ? 0.3 : 0);
      if (score > (best?.score ?? 0.25)) best = { line, text, score, index };
    }
  });
  const name = best?.text.trim() ?? "";
  if (best) confidence["basics.name"] = Math.min(0.99, 0.4 + best.score * 0.6);

  // Label: the next short line after the name that is not contact data.
  let label = "";
  if (best) {
    const next = candidates[best.index + 1];
    if (
      next &&
      next.segments.length === 1 &&
      next.text.length <= 80 &&
      !findEmail(next.text) &&
      !findPhone(next.text) &&
      !findUrl(next.text) &&
      !isLocation(next.text) &&
      !looksLikeAddress(next.text) &&
      !/[.]$/.test(next.text)
    ) {
      label = next.text.trim();
      // A label wrapped over two lines in a narrow sidebar.
      const after = candidates[best.index + 2];
      if (
        after &&
        after.gapBefore < 0.2 &&
        after.text.split(" ").length <= 3 &&
        /^[\p{Lu}\p{Ll}]/u.test(after.text)
      ) {
        if (
          !findEmail(after.text) &&
          !findPhone(after.text) &&
          !isLocation(after.text) &&
          !findUrl(after.text)
        )
          label = `${label} ${after.text.trim()}`;
      }
      confidence["basics.label"] = 0.6;
    }
  }

  const { location: place, confidence: locationConfidence } = findLocation(near, allLines);
  if (place) confidence["basics.location"] = locationConfidence;
  const profiles: ProfileInput[] = [];
  let url = "";
  const pieces = splitPieces(nearText);
  for (const piece of pieces) {
    if (EMAIL.test(piece)) continue;
    const link = findUrl(piece);
    if (!link) continue;
    const host = link.replace(/^https?:\/\//, "").replace(/^www\./, "");
    const network = Object.entries(NETWORKS).find(([domain]) => host.startsWith(domain))?.[1];
    if (network) {
      const username = host.split("/").filter(Boolean).pop() ?? "";
      profiles.push({ network, username, url: link.startsWith("http") ? link : `https://${host}` });
    } else if (!url) {
      url = link.startsWith("http") ? link : `https://${link}`;
      confidence["basics.url"] = 0.8;
    }
  }
  profiles.push(...profilesFromPairs(contactLines));

  return {
    basics: {
      name,
      label,
      email,
      phone,
      url,
      location: place,
      profiles: profiles.slice(0, 20),
    },
    confidence,
  };
}

const withoutEmails = (text: string) => text.replace(new RegExp(EMAIL.source, "gu"), " ");

/** "RICHARD.HENDRIKS@PIEDPIP" + "ER.COM": an e-mail address wrapped in a narrow column. */
function joinWrappedEmails(texts: string[]): string[] {
  const out: string[] = [];
  for (const text of texts) {
    const previous = out.at(-1);
    if (
      previous !== undefined &&
      /(?<![\p{L}0-9._%+-])[\p{L}0-9._%+-]+@[\p{L}0-9.-]+$/u.test(previous) &&
      !EMAIL.test(previous) &&
      /^[\p{L}0-9.-]*\.[\p{L}]{2,}$/u.test(text.trim())
    ) {
      out[out.length - 1] = previous + text.trim();
      continue;
    }
    out.push(text);
  }
  return out;
}

/**
 * The person's place: a labelled address, else the first header or contact line that
 * reads as a place or an address (its city is kept), else, after an address
 * holding only street and postal code, the short place line below it.
 */
function findLocation(
  near: TextLine[],
  allLines: TextLine[],
): { location: NonNullable<BasicsInput["location"]>; confidence: number } {
  const chunksOf = (line: TextLine) =>
    line.segments
      .flatMap((s) => s.split(/(?<!\s)\s+[|•·]\s+|(?:(?<!\s)\s+)?\|\s*/u))
      .map((c) => c.trim())
      .filter(Boolean);
  const lines = near.length ? near : allLines.slice(0, 12);
  for (const [i, line] of lines.entries()) {
    const label = readLabelledSegments(line.segments);
    if (label && label.kind !== "address") continue;
    const chunks = label ? [label.value || (lines[i + 1]?.text ?? "")] : chunksOf(line);
    for (const chunk of chunks) {
      if (!chunk || findEmail(chunk) || (findPhone(chunk) && !/\p{L}{3,}/u.test(chunk))) continue;
      const plain = replaceBracketed(chunk, (before) => `${before} `)
        .replace(/\s+/g, " ")
        .trim();
      if (isLocation(plain) && !findPhone(plain)) return { location: parseLocation(plain), confidence: 0.8 };
      if (!label && !looksLikeAddress(plain)) continue;
      const city = cityOf(plain);
      if (city) return { location: { city }, confidence: label ? 0.8 : 0.7 };
      // "100 Ocean Wave, 94016" above "Ottertown".
      const next = lines[i + 1]?.text.trim() ?? "";
      const below = cityOf(next);
      if (below && next.split(/\s+/).length <= 3) return { location: { city: below }, confidence: 0.55 };
    }
  }
  return { location: {}, confidence: 0 };
}

/** "Pleasantville, CA 94588" → city, region, postal code. */
export function parseLocation(text: string): NonNullable<BasicsInput["location"]> {
  const parts = text
    .trim()
    .split(",")
    .map((s) => s.trim());
  if (parts.length === 3 && /^[A-Z]{2,3}$/.test(parts[2]!)) {
    return { city: parts[0]!, region: parts[1]!, countryCode: parts[2]! };
  }
  // Linear on any input: the first comma by index, then one anchored pattern on the rest.
  const trimmed = text.trim();
  const comma = trimmed.indexOf(",");
  const rest = comma > 0 ? trimmed.slice(comma + 1).trim() : "";
  const match = /^([^,\d]*[^,\d\s])(?:\s+(\d{4,5}(?:-\d{4})?))?$/.exec(rest);
  if (!match) return { city: trimmed };
  return { city: trimmed.slice(0, comma).trim(), region: match[1]!.trim(), postalCode: match[2] ?? "" };
}

/** Profile sections written as "johndoe" above "LinkedIn" (or "LinkedIn: johndoe"). */
function profilesFromPairs(lines: TextLine[]): ProfileInput[] {
  const profiles: ProfileInput[] = [];
  const texts = lines.flatMap((l) => l.segments.map((s) => s.trim()));
  for (const [i, text] of texts.entries()) {
    const labelled = /^([A-Za-z]+)\s*[:：]\s*(\S+)$/.exec(text);
    if (labelled && NETWORK_NAMES.has(labelled[1]!.toLowerCase())) {
      profiles.push({ network: NETWORK_NAMES.get(labelled[1]!.toLowerCase())!, username: labelled[2]! });
      continue;
    }
    const network = NETWORK_NAMES.get(text.toLowerCase());
    if (!network) continue;
    const username = texts[i - 1];
    if (username && !NETWORK_NAMES.has(username.toLowerCase()) && /^[\w.-]{1,40}$/.test(username)) {
      profiles.push({ network, username });
    }
  }
  return profiles;
}
