/**
 * The languages the web client speaks and how one is picked: the person's
 * stored choice, else the best match among the browser's preferred languages,
 * else English (the language the message modules are written in).
 */
export const LOCALES = ["en", "de", "fr", "es", "pl"] as const;
export type Locale = (typeof LOCALES)[number];

/** The language every message is written in first; the others are translations of it. */
export const SOURCE_LOCALE: Locale = "en";

/** Each language's name in that language, as the switcher lists it (a reader finds their own). */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  de: "Deutsch",
  fr: "Français",
  es: "Español",
  pl: "Polski",
};

/** Whether `value` names a supported locale exactly ("de", not "de-AT"). */
export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The supported locale that best serves a list of preferred language tags, in
 * order of preference: the first tag whose primary language we speak wins
 * ("de-AT" → "de"); none → English.
 *
 * @example matchLocale(["pt-BR", "fr-CA", "en"]) // "fr"
 */
export function matchLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
    if (isLocale(primary)) return primary;
  }
  return SOURCE_LOCALE;
}
