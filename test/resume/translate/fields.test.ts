import { describe, expect, it } from "vitest";
import { type Resume, resumeSchema } from "../../../src/resume/model.js";
import {
  applyCheckedUpdates,
  applyFieldUpdates,
  currentTranslation,
} from "../../../src/resume/translate/compose.js";
import {
  type FieldRecords,
  staleFields,
  textSha256,
  translatableFields,
} from "../../../src/resume/translate/fields.js";

function english(): Resume {
  return resumeSchema.parse({
    basics: {
      name: "Ada Park",
      label: "ML engineer",
      email: "ada@example.com",
      summary: "ML engineer who serves models at scale.",
    },
    work: [
      {
        id: "nimbus",
        name: "Nimbus Labs",
        positions: [
          {
            id: "mle",
            title: "ML Engineer",
            dates: { text: "Mar 2019 – present", start: "2019-03", current: true },
            highlights: ["Serve models for 40M daily requests", "Built feature pipelines"],
          },
        ],
      },
      {
        id: "acme",
        name: "Acme",
        positions: [
          { id: "dev", title: "Developer", dates: { text: "2016 – 2019", start: "2016", end: "2019" } },
        ],
      },
    ],
    skills: [{ id: "lang", name: "Languages", keywords: ["Go", "Python"] }],
    custom: [{ id: "talks", title: "Talks", items: [{ id: "t1", title: "Serving at scale" }] }],
    meta: { language: "en", confidence: { "basics.name": 0.9 } },
  });
}

const german = new Map([
  ["basics.label", { text: "ML-Ingenieurin", state: "machine" as const }],
  [
    "basics.summary",
    { text: "ML-Ingenieurin, die Modelle im großen Maßstab betreibt.", state: "machine" as const },
  ],
  ["work[nimbus].positions[mle].title", { text: "ML-Ingenieurin", state: "machine" as const }],
  [
    "work[nimbus].positions[mle].highlights.0",
    { text: "Modelle für 40M tägliche Anfragen betrieben", state: "machine" as const },
  ],
  [
    "work[nimbus].positions[mle].highlights.1",
    { text: "Feature-Pipelines gebaut", state: "machine" as const },
  ],
]);

describe("translatable fields", () => {
  it("keys entries by id, leaves names, employers, dates and contact details out", () => {
    const fields = translatableFields(english());
    expect(fields.map((f) => f.key)).toEqual([
      "basics.label",
      "basics.summary",
      "skills[lang].name",
      "skills[lang].keywords.0",
      "skills[lang].keywords.1",
      "work[nimbus].positions[mle].title",
      "work[nimbus].positions[mle].highlights.0",
      "work[nimbus].positions[mle].highlights.1",
      "work[acme].positions[dev].title",
      "custom[talks].title",
      "custom[talks].items[t1].title",
    ]);
    expect(fields.find((f) => f.key === "work[acme].positions[dev].title")?.path).toBe(
      "work.1.positions.0.title",
    );
  });

  it("keeps keys when entries are reordered", () => {
    const before = english();
    const after = structuredClone(before);
    after.work.reverse();
    const keys = (r: Resume) => new Set(translatableFields(r).map((f) => f.key));
    expect(keys(after)).toEqual(keys(before));
    expect(translatableFields(after).find((f) => f.key === "work[acme].positions[dev].title")?.path).toBe(
      "work.0.positions.0.title",
    );
  });
});

describe("a translation kept in step with its source", () => {
  it("composes the primary with translated texts, localised dates and the target language", () => {
    const primary = english();
    const { sections, records } = applyFieldUpdates(primary, "de", { sections: null, records: {} }, german);
    expect(sections.basics.name).toBe("Ada Park");
    expect(sections.basics.email).toBe("ada@example.com");
    expect(sections.work[0]!.name).toBe("Nimbus Labs");
    expect(sections.work[0]!.positions[0]!.highlights).toEqual([
      "Modelle für 40M tägliche Anfragen betrieben",
      "Feature-Pipelines gebaut",
    ]);
    expect(sections.work[0]!.positions[0]!.dates.text).toBe("März 2019 – heute");
    expect(sections.work[1]!.positions[0]!.dates.text).toBe("2016 – 2019");
    expect(sections.meta.language).toBe("de");
    expect(sections.meta.confidence).toEqual({});
    expect(records["basics.summary"]).toEqual({
      source_sha256: textSha256(primary.basics.summary),
      state: "machine",
    });
    // What the update did not cover is missing from the records: it shows as new, nothing else does.
    expect(staleFields(primary, sections, records).map((s) => [s.key, s.reason])).toEqual([
      ["skills[lang].name", "new"],
      ["skills[lang].keywords.0", "new"],
      ["skills[lang].keywords.1", "new"],
      ["work[acme].positions[dev].title", "new"],
      ["custom[talks].title", "new"],
      ["custom[talks].items[t1].title", "new"],
    ]);
  });

  it("marks exactly the field whose source changed as out of date, wherever its entry moved", () => {
    const primary = english();
    const everything = new Map(
      translatableFields(primary).map((f) => [
        f.key,
        german.get(f.key) ?? { text: `DE ${f.text}`, state: "machine" as const },
      ]),
    );
    const { sections, records } = applyFieldUpdates(
      primary,
      "de",
      { sections: null, records: {} },
      everything,
    );
    expect(staleFields(primary, sections, records)).toEqual([]);

    const edited = structuredClone(primary);
    edited.work.reverse();
    edited.work[1]!.positions[0]!.highlights[1] = "Built Python feature pipelines in Airflow";
    const stale = staleFields(edited, sections, records);
    expect(stale).toEqual([
      {
        key: "work[nimbus].positions[mle].highlights.1",
        path: "work.1.positions.0.highlights.1",
        reason: "source_changed",
        source: "Built Python feature pipelines in Airflow",
        translated: "Feature-Pipelines gebaut",
      },
    ]);
    // The current translation follows the move and keeps the (stale) German text until it is redone.
    const now = currentTranslation(edited, "de", sections);
    expect(now.work[1]!.positions[0]!.highlights[1]).toBe("Feature-Pipelines gebaut");
    expect(now.work[0]!.name).toBe("Acme");

    // The user's own text makes the field current again.
    const fixed = applyFieldUpdates(
      edited,
      "de",
      { sections, records },
      new Map([
        [
          "work[nimbus].positions[mle].highlights.1",
          { text: "Python-Feature-Pipelines in Airflow gebaut", state: "edited" as const },
        ],
      ]),
    );
    expect(staleFields(edited, fixed.sections, fixed.records)).toEqual([]);
    expect(fixed.records["work[nimbus].positions[mle].highlights.1"]?.state).toBe("edited");
  });

  it("shows copied fields as needing translation and forgets fields of deleted entries", () => {
    const primary = english();
    const copied = new Map(
      translatableFields(primary).map((f) => [f.key, { text: f.text, state: "copied" as const }]),
    );
    const { sections, records } = applyFieldUpdates(primary, "fr", { sections: null, records: {} }, copied);
    expect(new Set(staleFields(primary, sections, records).map((s) => s.reason))).toEqual(
      new Set(["needs_translation"]),
    );
    const smaller = structuredClone(primary);
    smaller.custom = [];
    const next = applyFieldUpdates(smaller, "fr", { sections, records }, new Map());
    expect(Object.keys(next.records).some((k) => k.startsWith("custom"))).toBe(false);
    expect(Object.keys(next.records as FieldRecords)).toHaveLength(translatableFields(smaller).length);
  });

  it("keeps the copied source for a translation longer than its field allows, and sanitises the rest", () => {
    const primary = english();
    const updates = new Map([
      ["work[nimbus].positions[mle].title", { text: "Ingenieurin ".repeat(40), state: "machine" as const }],
      ["basics.label", { text: "ML-Ingenieurin\u0000", state: "machine" as const }],
    ]);
    const checked = applyCheckedUpdates(primary, "de", { sections: null, records: {} }, updates);
    expect(checked.reverted).toEqual(["work[nimbus].positions[mle].title"]);
    expect(checked.sections.work[0]!.positions[0]!.title).toBe("ML Engineer");
    expect(checked.records["work[nimbus].positions[mle].title"]?.state).toBe("copied");
    expect(checked.sections.basics.label).toBe("ML-Ingenieurin");
    expect(() => applyFieldUpdates(primary, "de", { sections: null, records: {} }, updates)).not.toThrow();
  });
});
