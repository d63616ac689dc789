/**
 * One language's résumé vocabulary. Each language is one file in this folder
 * (`en.ts`, `de.ts` …) listed in `index.ts`; the parser's layers read the
 * merged tables, never a language's words directly.
 *
 * Words are written in lower case as printed (accents kept); matching
 * normalises with NFKC and case folding.
 */
import type { StandardSection } from "../../model.js";

/** Where a heading's content goes in the resume. */
export type SectionKind = StandardSection | "summary" | "profiles" | "contact" | "custom";

export type Lexicon = {
  /** BCP-47 primary language subtag. */
  code: string;
  /** Section titles by the section they start (synonyms included). */
  headings: Partial<Record<Exclude<SectionKind, "custom">, string[]>>;
  /** Twelve lists, January first: month names, abbreviations and inflected forms. */
  months: string[][];
  /** Words that end an open date range ("Present", "heute", "至今"). */
  present: string[];
  /** Words before a lone start date that mean "since then" ("seit 2019"). */
  since: string[];
  /** Words between the two dates of a range ("to", "bis"); dashes always are. */
  rangeWords: string[];
  /** Degree names and abbreviations ("Bachelor", "Laurea", "学士"). */
  degrees: string[];
  /** Words in job titles ("engineer", "Entwickler"). */
  titleWords: string[];
  /** Title words that also end compounds ("Softwareentwickler", "projektledare"). */
  titleSuffixes?: string[];
  /** Words in school names ("university", "Hochschule"). */
  institutionWords: string[];
  /** Institution words that also end compounds ("Berufsschule"). */
  institutionSuffixes?: string[];
  /** Words in employer names that mark a company ("GmbH", "株式会社"). */
  companyWords?: string[];
  /** Company words that also end compounds ("Universitätsklinikum", "Stadtwerke"). */
  companySuffixes?: string[];
  /** Labels printed before contact and personal details ("Tel.:", "E-Mail:"). */
  labels: {
    name?: string[];
    email?: string[];
    phone?: string[];
    address?: string[];
    /** Personal facts that are never résumé fields (birth date, nationality, age …). */
    personal?: string[];
    /** "Current position: …" in a personal-details block. */
    currentPosition?: string[];
    /** "School leaving qualification: …", "Vocational training: …". */
    qualification?: string[];
  };
  /**
   * Chronology tables (a Japanese 履歴書 lists one event per dated row): words that
   * open an entry ("入学", "入社"), close it ("卒業", "退職"), stand for the entry
   * above ("同"), and end the list ("以上").
   */
  chronology?: { start: string[]; end: string[]; same: string[]; closing: string[] };
  /** Proficiency words for skills and languages ("Advanced", "Native"). */
  levels?: string[];
  /** Document titles printed above the name ("Curriculum vitae", "Lebenslauf", "履歴書"). */
  documentTitles?: string[];
  /** Street words in postal addresses ("Street", "Via", "Straße"): a street is not a city. */
  streetWords?: string[];
  /** Very common words, for telling the document's language. */
  stopwords: string[];
};
