/**
 * Scored text features shared by the field extractors: what looks like an
 * email, phone, URL, location, job title, organisation, institution, degree.
 */
import { findDateRange, isDateOnly } from "../layout/dates.js";
import { COMPANY_PATTERN, DEGREE_PATTERN, INSTITUTION_PATTERN, TITLE_PATTERN } from "../lexicon/index.js";

// The lookbehind makes every try start at the beginning of a run of address characters (a try
// inside the run would scan the same characters again: quadratic on a long run); the bounds are
// the RFC 5321 lengths.
export const EMAIL =
  /(?<![\p{L}0-9._%+-])[\p{L}0-9._%+-]{1,64}@[\p{L}0-9-]{1,63}(?:\.[\p{L}0-9-]{1,63}){0,8}\.\p{L}{2,24}(?![\p{L}])/u;
export const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s|•·,]+/i;
// Scheme-less domains must be lower case with a label of two or more characters, so that
// "B.Tech", "ASP.NET" or "Node.js" are not taken for links.
const BARE_DOMAIN =
  /(?<![\w.@])(?:[a-z0-9][a-z0-9-]+\.)+(?:com|org|net|io|dev|me|app|ai|co|de|fr|uk|es|it|nl|ch|eu|info|xyz|tech|page|site)(?:\/[^\s|•·,]*)?(?![\w])/;
const PHONE = /(?:\+|\()?\d[\d\s().\-/]{6,}\d/;

/** A phone number in `text` (7–15 digits, not a date range or year list). */
export function findPhone(text: string): string | undefined {
  for (const match of text.matchAll(new RegExp(PHONE.source, "g"))) {
    const candidate = match[0].trim();
    const digits = candidate.replace(/\D/g, "");
    if (digits.length < 7 || digits.length > 15) continue;
    if (isDateOnly(candidate) || findDateRange(candidate)) continue;
    if (/^\d{4}\s*[-–/]\s*\d{4}$/.test(candidate)) continue;
    // Numbers stuck to letters are identifiers (patent numbers, versions), not phones.
    // Numbers inside identifiers (DOIs, patent numbers, versions) are not phones.
    const before = text[match.index - 1];
    const after = text[match.index + match[0].length];
    if (before && /[\p{L}./]/u.test(before)) continue;
    if (after && /[\p{L}\d/]/u.test(after)) continue;
    return candidate;
  }
  return undefined;
}

export function findEmail(text: string): string | undefined {
  return EMAIL.exec(text)?.[0];
}

export function findUrl(text: string): string | undefined {
  const withoutEmail = text.replace(new RegExp(EMAIL.source, "gu"), " ");
  return (URL_PATTERN.exec(withoutEmail) ?? BARE_DOMAIN.exec(withoutEmail))?.[0]?.replace(
    /(?<![.)])[.)]+$/,
    "",
  );
}

/** Country names (folded) that may end a place line. */
export const COUNTRIES: ReadonlySet<string> = new Set(
  [
    "usa",
    "us",
    "uk",
    "united states",
    "united kingdom",
    "germany",
    "deutschland",
    "france",
    "spain",
    "italy",
    "netherlands",
    "canada",
    "india",
    "china",
    "japan",
    "australia",
    "brazil",
    "mexico",
    "switzerland",
    "austria",
    "sweden",
    "norway",
    "denmark",
    "finland",
    "poland",
    "ireland",
    "portugal",
    "belgium",
    "israel",
    "singapore",
    "türkiye",
    "turkey",
    "new zealand",
    "south africa",
    "south korea",
    "korea",
    "remote",
    "united states of america",
    "italia",
    "españa",
    "méxico",
    "brasil",
    "österreich",
    "schweiz",
    "suisse",
    "svizzera",
    "nederland",
    "belgië",
    "belgique",
    "polska",
    "sverige",
    "česko",
    "česká republika",
    "czech republic",
    "czechia",
    "danmark",
    "norge",
    "suomi",
    "hungary",
    "greece",
    "romania",
    "ukraine",
    "argentina",
    "chile",
    "colombia",
    "peru",
    "luxembourg",
    "slovenia",
    "slovakia",
    "croatia",
    "estonia",
    "latvia",
    "lithuania",
    "scotland",
    "england",
    "wales",
  ].map((c) => c.toLowerCase()),
);

/** "San Francisco, CA", "Pleasantville, CA 94588", "Istanbul, Türkiye", "Remote". */
export function isLocation(text: string): boolean {
  const t = text.trim().replace(/[.]$/, "");
  if (t.length > 60 || /\d{6,}|@|https?:/.test(t)) return false;
  if (COUNTRIES.has(t.toLowerCase())) return true;
  const match =
    /^([\p{Lu}][\p{L}.'’-]*(?:\s+[\p{Lu}][\p{L}.'’-]*){0,3}),\s*([\p{L}](?:[\p{L}.'’ -]*[\p{L}.'’-])?)(?:\s+(\d{4,5}(?:-\d{4})?))?$/u.exec(
      t,
    );
  if (!match) {
    // "San Francisco, California, US": city, region, country code.
    const three =
      /^([\p{Lu}][\p{L} .'’-]*),\s*([\p{Lu}][\p{L} .'’-]*),\s*([A-Z]{2,3}|[\p{Lu}][\p{L} ]+)$/u.exec(t);
    if (!three) return false;
    const [, city, region, country] = three as unknown as [string, string, string, string];
    const placeLike = (part: string) =>
      part.split(/\s+/).length <= 3 &&
      !TITLE_WORDS.test(part) &&
      !ORG_WORDS.test(part) &&
      !INSTITUTION_WORDS.test(part);
    return (
      placeLike(city) &&
      placeLike(region) &&
      (/^[A-Z]{2,3}$/.test(country) || COUNTRIES.has(country.toLowerCase()))
    );
  }
  // "Rheinwerk Logistik GmbH, Köln" names an employer, not a place.
  if (COMPANY_PATTERN.test(match[1]!)) return false;
  const region = match[2]!.trim();
  if (/^[A-Z]{2,3}$/.test(region)) return true;
  if (COUNTRIES.has(region.toLowerCase())) return true;
  // "City, Region" with a single capitalised word (Bavaria, Ontario, Türkiye).
  return /^[\p{Lu}][\p{Ll}]+$/u.test(region) && !TITLE_WORDS.test(region) && !ORG_WORDS.test(region);
}

/** Job-title words of every lexicon ("engineer", "Entwickler", "sviluppatore" …). */
export const TITLE_WORDS = TITLE_PATTERN;

const ORG_BASE =
  /\b(inc|llc|ltd|gmbh|ag|corp|corporation|co|company|group|labs?|technologies|solutions|systems|software|studio|agency|bank|partners|consulting|ventures|holdings|foundation|institute|university|college|school|hospital|research|ai|sa|plc|pty|bv|oy|ab|se)\b\.?/i;

/** Words that mark an organisation: company forms and kinds of organisation, in every lexicon. */
export const ORG_WORDS = {
  test: (text: string) => ORG_BASE.test(text) || COMPANY_PATTERN.test(text) || INSTITUTION_PATTERN.test(text),
};

export const INSTITUTION_WORDS = INSTITUTION_PATTERN;
export const DEGREE = DEGREE_PATTERN;

/** How much `text` reads like a job title (0..1). */
export function titleScore(text: string): number {
  if (!TITLE_WORDS.test(text)) return 0;
  let score = 0.7;
  if (/^(senior|junior|sr\.?|jr\.?|lead|staff|principal|chief|head)\b/i.test(text)) score += 0.2;
  if (ORG_WORDS.test(text) && !/\b(research|product)\b/i.test(text)) score -= 0.3;
  return Math.max(0, Math.min(1, score));
}

/** Pieces of a header line: split at wide gaps and at list separators, dates and URLs kept whole. */
export function splitPieces(segments: string[]): string[] {
  const pieces: string[] = [];
  for (const segment of segments) {
    for (const piece of segment.split(/(?<!\s)(?:\s+[|•·–—]\s+|\s+-\s+|\s*\|\s*|\s+@\s+)/u)) {
      // Brackets left behind by a removed date ("Engineer (2019 – 2021)") go too.
      const trimmed = piece
        .replace(/^[\s,;:•·|]+|(?<![\s,;:•·|])[\s,;:•·|]+$/gu, "")
        .replace(/(?<!\s)\s*\(\s*\)?$/u, "")
        .replace(/^\(?\s*\)\s*/u, "");
      if (trimmed) pieces.push(trimmed);
    }
  }
  return pieces;
}

/**
 * "Brunel University, London (United Kingdom)" → "Brunel University": a place after
 * the last comma of an organisation's name goes. "University of California,
 * Berkeley" keeps its campus: a lone word is not known to be a place.
 */
export function withoutTrailingPlace(name: string): string {
  const trimmed = name.trim();
  // The last comma, by index: a pattern would read the spaces after it both as padding and as the place.
  const comma = trimmed.lastIndexOf(",");
  const head = trimmed.slice(0, comma);
  if (comma < 1 || comma === trimmed.length - 1 || /[\n\r\u2028\u2029]/.test(head)) return trimmed;
  const tail = trimmed.slice(comma + 1).trim();
  // Spaces belong to the name; other blank space may only stand before the bracket.
  const placeInBrackets = /^\p{Lu}[\p{L} .'’-]*(?:[^\S ]\s*)?\([^)]*\)$/u.test(tail);
  if (placeInBrackets || isLocation(tail) || COUNTRIES.has(tail.toLowerCase())) return head.trim();
  return trimmed;
}
