// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { routes } from "../../src/app.js";
import { initialLocale } from "../../src/i18n/locale-preference.js";
import { setLocale } from "../../src/i18n/translate.js";

afterEach(() => {
  cleanup();
  act(() => setLocale("en"));
  window.localStorage.clear();
});

describe("the header's language menu", () => {
  it("re-renders the page in the chosen language, sets <html lang> and remembers the choice", async () => {
    const router = createMemoryRouter(routes, { initialEntries: ["/nowhere"] });
    render(<RouterProvider router={router} />);
    await screen.findByRole("heading", { name: "Page not found" });
    const menu = within(screen.getByRole("banner")).getByRole("combobox", { name: "Language" });
    expect(
      within(menu)
        .getAllByRole("option")
        .map((o) => o.getAttribute("value")),
    ).toEqual(["en", "de", "fr", "es", "pl"]);

    fireEvent.change(menu, { target: { value: "de" } });
    await screen.findByRole("heading", { name: "Seite nicht gefunden" });
    expect(document.documentElement.lang).toBe("de");
    expect(screen.getByRole("navigation", { name: "Hauptmenü" })).toBeTruthy();
    expect(within(screen.getByRole("banner")).getByRole("combobox", { name: "Sprache" })).toBeTruthy();
    expect(initialLocale({ storage: window.localStorage, languages: ["en"] })).toBe("de");

    fireEvent.change(menu, { target: { value: "pl" } });
    await screen.findByRole("heading", { name: "Nie znaleziono strony" });
    expect(document.documentElement.lang).toBe("pl");
  });
});
