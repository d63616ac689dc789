import { describe, expect, it } from "vitest";
import { resumeSchema } from "../../../src/resume/model.js";
import { exportSettingsSchema } from "../../../src/resume/settings.js";
import {
  chosenFormats,
  type ExportFormAction,
  exportFormReducer,
  initExportForm,
  layoutChanged,
  settingsOf,
} from "../../src/editor/export-form.js";

const sections = resumeSchema.parse({
  basics: { summary: "Builder of things." },
  work: [{ name: "Acme" }],
  skills: [{ name: "Go" }],
});
const saved = exportSettingsSchema.parse({
  template: "modern",
  locale: "de",
  hidden_sections: ["skills"],
  section_order: ["skills", "work", "summary", "education"],
});
const job = { export_settings: saved, sections };

const run = (...actions: ExportFormAction[]) => actions.reduce(exportFormReducer, initExportForm(job));

describe("export form", () => {
  it("starts from the saved settings, with PDF and Word ticked", () => {
    const form = initExportForm(job);
    expect(form.template).toBe("modern");
    expect([...form.hidden]).toEqual(["skills"]);
    expect(form.sections.map((s) => s.ref)).toEqual(["skills", "work", "summary"]);
    expect(chosenFormats(form)).toEqual(["pdf", "docx"]);
    expect(layoutChanged(form, saved)).toBe(false);
  });

  it("toggles formats and keeps them in export order", () => {
    const form = run(
      { type: "toggleFormat", format: "docx" },
      { type: "toggleFormat", format: "markdown" },
      { type: "toggleFormat", format: "json" },
    );
    expect(chosenFormats(form)).toEqual(["pdf", "json", "markdown"]);
    // Formats are not layout: nothing to save.
    expect(layoutChanged(form, saved)).toBe(false);
  });

  it("moves a section and saves the new order with the refs it does not show", () => {
    const form = run({ type: "move", from: 0, to: 2 });
    expect(form.sections.map((s) => s.ref)).toEqual(["work", "summary", "skills"]);
    expect(layoutChanged(form, saved)).toBe(true);
    expect(settingsOf(form, saved).section_order).toEqual(["work", "summary", "skills", "education"]);
  });

  it("puts template, page size, design and hidden sections into the settings and keeps the rest", () => {
    const form = run(
      { type: "template", template: "classic" },
      { type: "pageSize", pageSize: "Letter" },
      { type: "design", design: { ...initExportForm(job).design, accent_color: "#112233" } },
      { type: "hidden", hidden: new Set(["work", "summary"]) },
      { type: "bundle", bundle: true },
    );
    expect(form.bundle).toBe(true);
    expect(layoutChanged(form, saved)).toBe(true);
    expect(settingsOf(form, saved)).toMatchObject({
      template: "classic",
      page_size: "Letter",
      accent_color: "#112233",
      hidden_sections: ["summary", "work"],
      locale: "de",
    });
  });
});
