/**
 * The current language of the web client and the one function that turns a
 * message id into text in it. The message modules (`web/src/**\/*messages.ts`)
 * keep the English text and pass it here as the default; the catalogues of the
 * other languages hold only translations, keyed by the same ids, so English is
 * the one source of every key and a key added in English shows in English until
 * it is translated (the catalogue test names it).
 *
 * The language is page-wide state, like the page's `<html lang>`: it is set once
 * at start-up and by the switcher (`switchLocale`, which first loads the
 * language's catalogue), and components read it through `useLocale`, which
 * re-renders them when it changes.
 */

import { type ReactNode, useSyncExternalStore } from "react";
import { createIntl, createIntlCache, type IntlShape } from "react-intl";
import { CATALOGUE_LOADERS, type Catalogue } from "./catalogues/index.js";
import { type Locale, SOURCE_LOCALE } from "./locales.js";

export type MessageValues = Record<string, string | number>;

/** Values for a message with markup: `<link>…</link>` in the text is filled by a function of its content. */
export type RichValues = Record<string, string | number | ReactNode | ((chunks: ReactNode[]) => ReactNode)>;

const cache = createIntlCache();
const loaded: Partial<Record<Locale, Catalogue>> = { en: {} };

function build(locale: Locale): IntlShape {
  return createIntl(
    {
      locale,
      defaultLocale: SOURCE_LOCALE,
      messages: loaded[locale] ?? {},
      // English comes from each message's default; a missing translation falls back to it and the
      // catalogue test reports it, so the console stays quiet.
      onError: (error) => {
        if (error.code !== "MISSING_TRANSLATION") console.error(error);
      },
    },
    cache,
  );
}

let current: IntlShape = build(SOURCE_LOCALE);
const listeners = new Set<() => void>();

/** The formatter of the current language (messages, dates, numbers), for `RawIntlProvider` too. */
export function currentIntl(): IntlShape {
  return current;
}

/** The current language. */
export function currentLocale(): Locale {
  return current.locale as Locale;
}

let requested: Locale = SOURCE_LOCALE;

/** Loads the catalogue of `locale` (once), then switches the page to it, unless another language was chosen meanwhile. */
export async function switchLocale(locale: Locale): Promise<void> {
  requested = locale;
  if (!loaded[locale] && locale !== "en") loaded[locale] = (await CATALOGUE_LOADERS[locale]()).default;
  if (requested === locale) setLocale(locale);
}

/**
 * Switches the page to `locale`: messages, number and date formats, and
 * `<html lang>` for screen readers. Its catalogue must be loaded
 * (`switchLocale`); until it is, messages show in English.
 */
export function setLocale(locale: Locale): void {
  requested = locale;
  if (typeof document !== "undefined") document.documentElement.lang = locale;
  if (locale === current.locale && current.messages === (loaded[locale] ?? {})) return;
  current = build(locale);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current formatter; the calling component re-renders when the language changes. */
export function useIntlShape(): IntlShape {
  return useSyncExternalStore(subscribe, currentIntl, currentIntl);
}

/** The current language; the calling component re-renders when it changes. */
export function useLocale(): Locale {
  return useIntlShape().locale as Locale;
}

/**
 * The message `id` in the current language, with its ICU placeholders filled;
 * `english` is the message as the message module writes it.
 *
 * @example translate("variants.open.label", "Open variant {target}", { target: "Acme" })
 */
export function translate(id: string, english: string, values?: MessageValues): string {
  return current.formatMessage({ id, defaultMessage: english }, values);
}

/**
 * Like `translate`, for a message that wraps part of its text in a tag the
 * caller renders (a link, emphasis), so translators can move the tag.
 *
 * @example translateRich("app.error.text", "… go back to <link>your CVs</link>.", { link: (c) => <Link to="/">{c}</Link> })
 */
export function translateRich(id: string, english: string, values: RichValues): ReactNode {
  return current.formatMessage({ id, defaultMessage: english }, values as never) as ReactNode;
}
