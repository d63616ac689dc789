/**
 * Every translation catalogue has exactly the messages English has, each
 * compiling as ICU MessageFormat with English's placeholders and the plural
 * forms its language needs. English is read from every message module
 * (`web/src/**\/*messages.ts`), so a key added to one shows up here as missing
 * in each catalogue until it is translated.
 */
import { describe, expect, it } from "vitest";
import { catalogueProblems, englishProblems } from "../../src/i18n/catalogue-check.js";
import { CATALOGUE_LOADERS } from "../../src/i18n/catalogues/index.js";
import { LOCALES } from "../../src/i18n/locales.js";

const modules = import.meta.glob<Record<string, unknown>>("../../src/**/*messages.ts", { eager: true });

/** Every exported `*_MESSAGES` table of every message module, with the module each id comes from. */
function englishTables(): { english: Record<string, string>; duplicates: string[] } {
  const english: Record<string, string> = {};
  const owner: Record<string, string> = {};
  const duplicates: string[] = [];
  for (const [path, exports] of Object.entries(modules)) {
    for (const [name, table] of Object.entries(exports)) {
      if (!name.endsWith("_MESSAGES") || !table || typeof table !== "object") continue;
      for (const [id, text] of Object.entries(table)) {
        if (typeof text !== "string") continue;
        if (Object.hasOwn(owner, id)) duplicates.push(`${id}: in ${owner[id]} and ${path}`);
        english[id] = text;
        owner[id] = path;
      }
    }
  }
  return { english, duplicates };
}

const { english, duplicates } = englishTables();

describe("the English messages", () => {
  it("are found in the message modules", () => {
    expect(Object.keys(modules).length).toBeGreaterThan(10);
    expect(Object.keys(english).length).toBeGreaterThan(400);
  });

  it("use each id once across all modules", () => {
    expect(duplicates).toEqual([]);
  });

  it("compile, with every plural form English needs", () => {
    expect(englishProblems(english)).toEqual([]);
  });
});

describe.each(LOCALES.filter((l) => l !== "en"))("the %s catalogue", (locale) => {
  it("has every English message and no other, compiling with English's placeholders and its own plurals", async () => {
    const catalogue = (await CATALOGUE_LOADERS[locale]()).default;
    expect(catalogueProblems(english, catalogue, locale)).toEqual([]);
  });
});

describe("catalogueProblems", () => {
  const en = {
    "a.count": "{count, plural, one {# file} other {# files}}",
    "a.name": "Hello {name}",
    "a.link": "Go to <link>your CVs</link>",
  };

  it("passes a complete, well-formed catalogue", () => {
    const pl = {
      "a.count": "{count, plural, one {# plik} few {# pliki} many {# plików} other {# pliku}}",
      "a.name": "Cześć {name}",
      "a.link": "Przejdź do <link>swoich CV</link>",
    };
    expect(catalogueProblems(en, pl, "pl")).toEqual([]);
  });

  it("names a missing key, an extra key, a broken message, other placeholders and missing plural forms", () => {
    const pl = {
      "a.count": "{count, plural, one {# plik} other {# plików}}",
      "a.name": "Cześć {imie}",
      "a.link": "Przejdź do <link>swoich CV",
      "a.extra": "Nadmiar",
    };
    const problems = catalogueProblems({ ...en, "a.more": "More" }, pl, "pl");
    expect(problems).toEqual([
      'pl a.more: missing (English: "More")',
      'pl a.count: plural {count} lacks "few"',
      'pl a.count: plural {count} lacks "many"',
      "pl a.name: placeholders {imie}, English has {name}",
      expect.stringMatching(/^pl a\.link: does not compile/),
      "pl a.extra: English has no such message",
    ]);
  });
});
