import "@fontsource-variable/inter";
import "./base.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.js";
import { safeStorage } from "./components/language-switcher.js";
import { initialLocale } from "./i18n/locale-preference.js";
import { setLocale, switchLocale } from "./i18n/translate.js";

function start() {
  const root = document.getElementById("root");
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// The page's language before the first render: the remembered choice, else the browser's best match;
// its catalogue loads first, and if it cannot, the page starts in English.
const locale = initialLocale({
  storage: safeStorage(),
  languages: navigator.languages ?? [navigator.language],
});
switchLocale(locale)
  .catch(() => setLocale("en"))
  .finally(start);
