import "@fontsource-variable/inter";
import "./base.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.js";
import { safeStorage } from "./components/language-switcher.js";
import { initialLocale } from "./i18n/locale-preference.js";
import { setLocale } from "./i18n/translate.js";

// The page's language before the first render: the remembered choice, else the browser's best match.
setLocale(initialLocale({ storage: safeStorage(), languages: navigator.languages ?? [navigator.language] }));

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
