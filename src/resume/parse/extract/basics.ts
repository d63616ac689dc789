/**
 * Header lines (and contact/profile sections) → `basics`.
 *
 * Email, phone and URLs are found by pattern anywhere in the header, then in
 * the whole document. The name is the best-scoring header line: large, early,
 * two to four capitalised words, no digits or contact data. The label is a
 * short line right below the name.
 */
import type { ResumeInput } from "../../model.js";
import { sectionKindOf } from "../layout/headings.js";
import type { TextLine } from "../text-line.js";
import { EMAIL, findEmail, findPhone, findUrl, isLocation, splitPieces, TITLE_WORDS } from "./features.js";

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

function nameScore(line: TextLine, index: number, maxSize: number): number {
  const text = line.text.trim();
  if (!text || /\d|@|https?:|www\./.test(text) || sectionKindOf(text) || isLocation(text)) return 0;
  const words = text.split(/\s+/);
  if (words.length < 1 || words.length > 5 || text.length > 50) return 0;
  if (
    !words.every(
      (w) => /^[\p{Lu}][\p{L}'’.-]*$/u.test(w) || /^(van|von|de|da|del|der|di|du|la|le|bin|al)$/i.test(w),
    )
  )
    return 0;
  if (TITLE_WORDS.test(text)) return 0.1;
  let score = 0.3;
  if (line.size >= maxSize - 0.01) score += 0.4;
  else if (line.size > 1.15) score += 0.2;
  if (line.emphasis) score += 0.1;
  if (words.length >= 2 && words.length <= 4) score += 0.15;
  score -= Math.min(0.3, index * 0.03);
  return score;
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
  const nearText = near.flatMap((l) => l.segments);
  const allText = allLines.flatMap((l) => l.segments);

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
  const labelledPhone = (s: string) =>
    /\b(phone|tel|mobile|cell|telefon|téléphone)\b/i.test(s) ? findPhone(s) : undefined;
  const phone =
    pick((s) => (near.length ? undefined : findPhone(s)) ?? labelledPhone(s), "basics.phone", 0.9, 0.6) ||
    pickNear(findPhone, "basics.phone", 0.9);

  // Name: the best candidate among the first header lines; else the first lines of the document.
  const candidates = (header.length ? header : [...contactLines, ...allLines.slice(0, 5)]).slice(0, 12);
  const maxSize = Math.max(1, ...candidates.map((l) => l.size));
  let best: { line: TextLine; score: number; index: number } | undefined;
  candidates.forEach((line, index) => {
    const score = nameScore(line, index, maxSize);
    if (score > (best?.score ?? 0.25)) best = { line, score, index };
  });
  const name = best?.line.text.trim() ?? "";
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

  let location = "";
  const profiles: ProfileInput[] = [];
  let url = "";
  const pieces = splitPieces(nearText);
  for (const piece of pieces) {
    if (!location && isLocation(piece) && !findPhone(piece)) {
      location = piece;
      confidence["basics.location"] = 0.8;
    }
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
      location: parseLocation(location),
      profiles: profiles.slice(0, 20),
    },
    confidence,
  };
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
