/**
 * The city in a header's address or place line.
 *
 * Addresses come in many national orders ("32 Reading rd, Birmingham, B26
 * 3QJ (United Kingdom)", "Via Roma, 97 - 11981 Napoli", "123 Main Street –
 * Sacramento – California", "東京都千代田区千代田1-1-1"). The rules are
 * general: drop brackets, streets (a house number or a street word), postal
 * codes and countries; a city right after a postal code is taken; what is
 * left first is the place. Japanese and Chinese addresses keep the
 * prefecture/province and the city or ward.
 */
import { replaceBracketed, withoutFirstBracketed } from "../../bracketed.js";
import { CJK, STREET_PATTERN } from "../lexicon/index.js";
import { COUNTRIES, isLocation, ORG_WORDS, TITLE_WORDS } from "./features.js";

const POSTCODE =
  /^(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|\d{2}-\d{3}|\d{3}\s?\d{2}|\d{4,5}(?:-\d{3,4})?|[A-Z]-?\d{4,5}|\d{4}\s?[A-Z]{2})$/;
// Postal codes before a city: "50674 Köln", "3511 AV Utrecht", "411 24 Göteborg", "31-147 Kraków", "D-80331 München".
const CITY_AFTER_POSTCODE =
  /(?:^|\s)(?:\d{4}\s?[A-Z]{2}|(?:[A-Z]{1,2}-)?\d{4,5}|\d{3}\s\d{2}|\d{2}-\d{3})\s+(\p{Lu}[\p{L}'’.-]*(?:[\s-]\p{Lu}[\p{L}'’.-]*){0,2})\s*$/u;
const PLACE = /^\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|de|di|del|la|le|am|an|im|upon|on|sur|en))*$/u;
const JAPANESE_ADDRESS = /^(.{2,3}?[都道府県])(.{1,6}?[市区町村郡])/u;
const CHINESE_ADDRESS = /^(.{2,6}?[省市])(.{1,6}?[市区县])?/u;

// Runs of spaces and separators are matched from their first character only (the lookbehinds), so a
// long run is read once, not again from each of its characters.

const isStreet = (part: string) =>
  STREET_PATTERN.test(part) || /^\d+[a-z]?\s+\p{L}/u.test(part) || /\p{L}\s+\d+[a-z]?$/u.test(part);
const isPostcode = (part: string) => POSTCODE.test(part.trim());
const isCountry = (part: string) => COUNTRIES.has(part.trim().toLowerCase());

/** True when `text` reads as a postal address or a place line (not a sentence, contact or title). */
export function looksLikeAddress(text: string): boolean {
  const t = text.trim();
  if (!t || t.length > 120 || /@|https?:|www\./.test(t)) return false;
  if (CJK.test(t)) return JAPANESE_ADDRESS.test(t) || CHINESE_ADDRESS.test(t);
  if (isLocation(t)) return true;
  const parts = t.split(/(?:(?<!\s)\s+)?(?:,|\s[–—-]\s|·)\s*/u).filter(Boolean);
  if (parts.length < 2) return false;
  return parts.some((p) => isStreet(p) || isPostcode(p) || isCountry(withoutFirstBracketed(p)));
}

/** The city (or "city, region" first part) of an address or place line, or undefined. */
export function cityOf(text: string): string | undefined {
  const t = replaceBracketed(text, (before) => `${before} `)
    .replace(/\s+/g, " ")
    .trim();
  if (!t) return undefined;
  if (CJK.test(t)) {
    const jp = JAPANESE_ADDRESS.exec(t);
    if (jp) return `${jp[1]}${jp[2]}`;
    const cn = CHINESE_ADDRESS.exec(t);
    return cn ? `${cn[1]}${cn[2] ?? ""}` : undefined;
  }
  const parts = t.split(/(?:(?<!\s)\s+)?(?:,|\s[–—-]\s|·|\|)\s*/u).filter(Boolean);
  for (const part of parts) {
    const afterPostcode = CITY_AFTER_POSTCODE.exec(part);
    if (afterPostcode) return afterPostcode[1]!.trim();
    const clean = part
      .replace(/(?<!\s)\s+(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|\d{4,5}(?:-\d{3,4})?)$/, "")
      .trim();
    if (!clean || isStreet(clean) || isPostcode(clean) || /\d/.test(clean)) continue;
    if (TITLE_WORDS.test(clean) || ORG_WORDS.test(clean)) return undefined;
    if (PLACE.test(clean) && clean.split(/\s+/).length <= 4) return clean;
    if (/^\p{Lu}[\p{Lu}\s.'-]+$/u.test(clean) && clean.split(/\s+/).length <= 3) return clean;
    return undefined;
  }
  return undefined;
}
