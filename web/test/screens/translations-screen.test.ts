import { describe, expect, it } from "vitest";
import { resumeSchema } from "../../../src/resume/model.js";
import type { Translation } from "../../src/api/types.js";
import { rowsOf } from "../../src/screens/translations-screen.js";

const primary = resumeSchema.parse({
  basics: { name: "Ada Park", label: "Data engineer" },
  work: [
    {
      id: "w1",
      name: "Acme",
      positions: [{ id: "p1", title: "Engineer", highlights: ["Built pipelines", "Cut costs by 20%"] }],
    },
  ],
});

function translation(overrides: Partial<Translation> = {}): Translation {
  const sections = resumeSchema.parse({
    basics: { name: "Ada Park", label: "Dateningenieurin" },
    work: [
      {
        id: "w1",
        name: "Acme",
        positions: [
          { id: "p1", title: "Ingenieurin", highlights: ["Pipelines gebaut", "Kosten um 20 % gesenkt"] },
        ],
      },
    ],
  });
  return {
    id: "t1",
    job_id: "j1",
    language: "de",
    source_language: "en",
    engine: "copy",
    task_id: null,
    sections,
    fields: {
      "basics.label": { source_sha256: "a", state: "edited" },
      "work[w1].positions[p1].title": { source_sha256: "b", state: "machine" },
      "work[w1].positions[p1].highlights.0": { source_sha256: "c", state: "edited" },
      "work[w1].positions[p1].highlights.1": { source_sha256: "d", state: "copied" },
    },
    out_of_date: [
      {
        key: "work[w1].positions[p1].highlights.0",
        path: "work.0.positions.0.highlights.0",
        reason: "source_changed",
        source: "Built pipelines",
        translated: "Pipelines gebaut",
      },
    ],
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
}

describe("rowsOf", () => {
  it("pairs every translatable field of the original with its translation, by key, in document order", () => {
    const rows = rowsOf(primary, translation());
    expect(rows.map((r) => [r.key, r.source, r.translated])).toEqual([
      ["basics.label", "Data engineer", "Dateningenieurin"],
      ["work[w1].positions[p1].title", "Engineer", "Ingenieurin"],
      ["work[w1].positions[p1].highlights.0", "Built pipelines", "Pipelines gebaut"],
      ["work[w1].positions[p1].highlights.1", "Cut costs by 20%", "Kosten um 20 % gesenkt"],
    ]);
    expect(rows[2]?.label).toBe("Experience › Acme › Engineer › Bullet 1");
  });

  it("marks exactly the fields the server named as needing attention", () => {
    const rows = rowsOf(primary, translation());
    expect(rows.filter((r) => r.stale).map((r) => [r.key, r.stale?.reason])).toEqual([
      ["work[w1].positions[p1].highlights.0", "source_changed"],
    ]);
    expect(rows.map((r) => r.state)).toEqual(["edited", "machine", "edited", "copied"]);
  });

  it("shows empty translations until the translation has sections", () => {
    const rows = rowsOf(primary, translation({ sections: null, fields: {}, out_of_date: [] }));
    expect(rows.map((r) => r.translated)).toEqual(["", "", "", ""]);
    expect(rows.every((r) => r.stale === undefined && r.state === undefined)).toBe(true);
  });
});
