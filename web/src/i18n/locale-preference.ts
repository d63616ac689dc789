/** The person's language choice, remembered in the browser, and the language a first visit starts in. */
import { isLocale, type Locale, matchLocale } from "./locales.js";

const STORAGE_KEY = "resume-agent.locale";

/** What the start-up reads: the browser's storage (null when blocked) and its preferred languages. */
export type LocaleSources = { storage: Pick<Storage, "getItem"> | null; languages: readonly string[] };

/** The stored choice if there is one, else the best match for the browser's languages. */
export function initialLocale({ storage, languages }: LocaleSources): Locale {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    // Storage can throw when the browser blocks it; the browser's languages decide then.
  }
  return isLocale(stored) ? stored : matchLocale(languages);
}

/** Remembers `locale` for the next visit; a blocked storage only forgets it. */
export function rememberLocale(storage: Pick<Storage, "setItem"> | null, locale: Locale): void {
  try {
    storage?.setItem(STORAGE_KEY, locale);
  } catch {
    // Private modes may refuse; the choice then lasts for this page only.
  }
}
