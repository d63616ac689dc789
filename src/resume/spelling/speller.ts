/**
 * Hunspell dictionaries (npm `dictionary-en|de|fr|es`) through nspell.
 *
 * Loading is costly (measured on this project's 2-core machines: en 0.4 s,
 * de 2.5 s, es 4 s, fr 12 s and several hundred MB for French), so a
 * `Spellers` instance loads each dictionary on first use and keeps it; the
 * composition root builds one per process and passes it down.
 */
import nspell from "nspell";

export const SPELLING_LANGUAGES = ["en", "de", "fr", "es"] as const;
export type SpellingLanguage = (typeof SPELLING_LANGUAGES)[number];

export type Speller = { correct(word: string): boolean; suggest(word: string): string[] };

async function load(language: SpellingLanguage): Promise<Speller> {
  // Static specifiers, so bundlers and the type checker see each package.
  const dictionary =
    language === "en"
      ? (await import("dictionary-en")).default
      : language === "de"
        ? (await import("dictionary-de")).default
        : language === "fr"
          ? (await import("dictionary-fr")).default
          : (await import("dictionary-es")).default;
  // The dictionaries ship Uint8Arrays; nspell's types want Buffers (views, no copy).
  const view = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return nspell({ aff: view(dictionary.aff), dic: view(dictionary.dic) });
}

/** True for the languages we ship a dictionary for. */
export function isSpellingLanguage(language: string | null | undefined): language is SpellingLanguage {
  return (SPELLING_LANGUAGES as readonly string[]).includes(language ?? "");
}

/** Dictionaries loaded on demand and kept for the owner's lifetime. */
export class Spellers {
  private readonly loaded = new Map<SpellingLanguage, Promise<Speller>>();

  /** The speller for `language` (loaded once). */
  get(language: SpellingLanguage): Promise<Speller> {
    let pending = this.loaded.get(language);
    if (!pending) {
      pending = load(language);
      this.loaded.set(language, pending);
      pending.catch(() => this.loaded.delete(language));
    }
    return pending;
  }

  /** Drop a loaded dictionary so its memory can be reclaimed. */
  forget(language: SpellingLanguage): void {
    this.loaded.delete(language);
  }
}
