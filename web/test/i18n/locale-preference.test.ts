// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { initialLocale, rememberLocale } from "../../src/i18n/locale-preference.js";
import { LOCALES, matchLocale } from "../../src/i18n/locales.js";
import { currentLocale, setLocale, translate } from "../../src/i18n/translate.js";

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

const other = LOCALES.find((l) => l !== "en");

describe("matchLocale", () => {
  it("falls back to English when no preferred language is offered", () => {
    expect(matchLocale(["pt-BR", "ja"])).toBe("en");
    expect(matchLocale([])).toBe("en");
  });

  it.runIf(other)("takes the first preferred language offered, by its primary subtag", () => {
    expect(matchLocale(["pt-BR", `${other}-XX`, "en"])).toBe(other);
    expect(matchLocale(["en-GB", `${other}`])).toBe("en");
  });
});

describe("initialLocale", () => {
  it("prefers the remembered choice over the browser's languages", () => {
    const storage = memoryStorage();
    rememberLocale(storage, "en");
    expect(initialLocale({ storage, languages: [other ?? "en"] })).toBe("en");
  });

  it("ignores a remembered value that is no supported language, and a storage that throws", () => {
    const storage = memoryStorage();
    storage.setItem("resume-agent.locale", "xx");
    expect(initialLocale({ storage, languages: ["ja"] })).toBe("en");
    const blocked = {
      getItem: () => {
        throw new Error("SecurityError");
      },
    };
    expect(initialLocale({ storage: blocked, languages: ["ja"] })).toBe("en");
  });
});

describe("setLocale", () => {
  it("sets <html lang> and formats English messages with ICU plurals", () => {
    setLocale("en");
    expect(document.documentElement.lang).toBe("en");
    expect(currentLocale()).toBe("en");
    const files = "{count, plural, one {# file} other {# files}}";
    expect(translate("t.files", files, { count: 1 })).toBe("1 file");
    expect(translate("t.files", files, { count: 1200 })).toBe("1,200 files");
  });
});
