/**
 * Which Tesseract language models to read a document with.
 *
 * Reading with every installed language at once is about three times slower
 * than one, and a single Latin model mangles the others' letters (English
 * reads "Fähigkeiten" as "Fahigkeiten"). So the first page is read with
 * English, and that text decides:
 * - Latin script in another language (detected from the text's trigrams,
 *   which survive the odd misread letter): read again with that language
 *   plus English (CVs mix in English terms and names);
 * - little that English could read (low confidence): try the CJK models
 *   and keep whichever reads the page most confidently.
 */
import { francAll } from "franc-min";
import type { OcrLanguage } from "./capability.js";

/** Latin-script languages with Tesseract models, by their ISO 639-3 code (franc's and Tesseract's). */
const LATIN: OcrLanguage[] = ["eng", "deu", "fra", "spa", "ita", "por", "nld", "pol", "swe", "ces"];

/** Below this mean word confidence an English reading is not a reading of Latin text. */
export const LATIN_CONFIDENCE_FLOOR = 60;

/** A runner-up this close to the best guess is read with too (Spanish and Portuguese look alike misread). */
const CLOSE_SECOND = 0.98;

/**
 * The Latin-script language of `text` among the installed ones, best first,
 * with a close runner-up; empty when unsure.
 */
export function latinLanguagesOf(text: string, installed: readonly OcrLanguage[]): OcrLanguage[] {
  const only = LATIN.filter((l) => installed.includes(l));
  if (only.length < 2) return [];
  const ranked = francAll(text, { only, minLength: 40 }).filter(([code]) => code !== "und");
  const [best, second] = ranked;
  if (!best) return [];
  const languages = [best[0], ...(second && second[1] >= CLOSE_SECOND ? [second[0]] : [])];
  return only
    .filter((l) => languages.includes(l))
    .sort((a, b) => languages.indexOf(a) - languages.indexOf(b));
}

/** The models to read Latin text with: English alone for English, else the languages plus English for names and terms. */
export function latinModels(languages: readonly OcrLanguage[]): OcrLanguage[] {
  if (languages.length === 0 || languages[0] === "eng") return ["eng"];
  return [...languages.filter((l) => l !== "eng"), "eng"];
}

/**
 * The CJK models to try on a page English could not read, installed ones
 * only. Each alone: they read Latin letters and digits themselves, and with
 * English beside them Tesseract takes whole CJK lines for Latin garbage.
 */
export function cjkCandidates(installed: readonly OcrLanguage[]): OcrLanguage[][] {
  const sets: OcrLanguage[][] = [];
  if (installed.includes("chi_sim")) sets.push(["chi_sim"]);
  if (installed.includes("jpn")) sets.push(["jpn"]);
  return sets;
}

/**
 * Capital letters that are words on their own in each language ("I", "A",
 * Spanish "Y", Polish "W"…). Tesseract often splits a word after its first
 * capital ("C ounty", "J une"); the split is undone unless the letter can
 * stand alone in the language the page is read in.
 */
const ONE_LETTER_WORDS: Record<OcrLanguage, string> = {
  eng: "AI",
  deu: "",
  fra: "AY",
  spa: "AEOUY",
  ita: "AEIO",
  por: "AEO",
  nld: "U",
  pol: "AIOUWZ",
  swe: "I",
  ces: "AIKOSUVZ",
  chi_sim: "AI",
  jpn: "AI",
};

/** Whether `letter` (one capital) may be a word by itself in any of `languages`. */
export function isOneLetterWord(letter: string, languages: readonly OcrLanguage[]): boolean {
  return languages.some((l) => ONE_LETTER_WORDS[l].includes(letter));
}

/** The BCP-47 primary subtag for a model set ("deu+eng" → "de"). */
export function languageTag(models: readonly OcrLanguage[]): string {
  const tags: Record<OcrLanguage, string> = {
    eng: "en",
    deu: "de",
    fra: "fr",
    spa: "es",
    ita: "it",
    por: "pt",
    nld: "nl",
    pol: "pl",
    swe: "sv",
    ces: "cs",
    chi_sim: "zh",
    jpn: "ja",
  };
  return tags[models[0] ?? "eng"];
}
