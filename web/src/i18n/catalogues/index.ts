/**
 * The translations of every message, one catalogue per language, keyed by the
 * message ids of the English message modules (`web/src/**\/*messages.ts`).
 * English has no catalogue: its text is the message modules themselves. Each
 * catalogue is its own chunk, loaded when its language is chosen, so a page in
 * one language never downloads the other four.
 */
import type { Locale } from "../locales.js";

export type Catalogue = Readonly<Record<string, string>>;

/** The languages with a catalogue: every supported one but English. */
export type TranslatedLocale = Exclude<Locale, "en">;

export const CATALOGUE_LOADERS: Record<TranslatedLocale, () => Promise<{ default: Catalogue }>> = {
  de: () => import("./de.js"),
  fr: () => import("./fr.js"),
  es: () => import("./es.js"),
  pl: () => import("./pl.js"),
};
