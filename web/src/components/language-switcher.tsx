/**
 * The header's language menu: lists every language in its own name, switches
 * the page at once (no reload) and remembers the choice in the browser.
 */
import { format } from "../app-messages.js";
import { rememberLocale } from "../i18n/locale-preference.js";
import { isLocale, LOCALE_NAMES, LOCALES } from "../i18n/locales.js";
import { switchLocale, useLocale } from "../i18n/translate.js";

export function LanguageSwitcher() {
  const locale = useLocale();
  return (
    <label className="language-switcher">
      <span className="visually-hidden">{format("app.language")}</span>
      <select
        className="language-switcher__select"
        value={locale}
        onChange={(e) => {
          const next = e.target.value;
          if (!isLocale(next)) return;
          rememberLocale(safeStorage(), next);
          void switchLocale(next);
        }}
      >
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LOCALE_NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** `localStorage`, or null where the browser refuses access to it. */
export function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
