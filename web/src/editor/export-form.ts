/**
 * The export screen's form as one state with one reducer: the layout choices
 * (template, page size, design, hidden and ordered sections) that are saved
 * in the job's export settings, and the files to make (formats, bundle).
 */
import { RENDERED_KINDS, type RenderedKind } from "../../../src/resume/export-kinds.js";
import type { TemplateId } from "../../../src/resume/settings.js";
import type { ExportSettings, Resume } from "../api/types.js";
import { type DesignSettings, designOf } from "../components/design-controls.js";
import {
  mergeOrder,
  orderSections,
  presentSections,
  type SectionRef,
} from "../components/section-visibility.js";

export type PageSize = ExportSettings["page_size"];

export type ExportForm = {
  template: TemplateId;
  pageSize: PageSize;
  design: DesignSettings;
  /** Section refs left out of the export. */
  hidden: ReadonlySet<string>;
  /** The present sections in their export order. */
  sections: SectionRef[];
  formats: ReadonlySet<RenderedKind>;
  bundle: boolean;
};

export type ExportFormAction =
  | { type: "template"; template: TemplateId }
  | { type: "pageSize"; pageSize: PageSize }
  | { type: "design"; design: DesignSettings }
  | { type: "hidden"; hidden: ReadonlySet<string> }
  | { type: "move"; from: number; to: number }
  | { type: "toggleFormat"; format: RenderedKind }
  | { type: "bundle"; bundle: boolean };

/** The form as the job's saved export settings leave it; PDF and Word are ticked. */
export function initExportForm(job: {
  export_settings: ExportSettings;
  sections: Resume | null;
}): ExportForm {
  const settings = job.export_settings;
  return {
    template: settings.template,
    pageSize: settings.page_size,
    design: designOf(settings),
    hidden: new Set(settings.hidden_sections),
    sections: orderSections(presentSections(job.sections), settings.section_order),
    formats: new Set<RenderedKind>(["pdf", "docx"]),
    bundle: false,
  };
}

export function exportFormReducer(state: ExportForm, action: ExportFormAction): ExportForm {
  switch (action.type) {
    case "template":
      return { ...state, template: action.template };
    case "pageSize":
      return { ...state, pageSize: action.pageSize };
    case "design":
      return { ...state, design: action.design };
    case "hidden":
      return { ...state, hidden: action.hidden };
    case "move": {
      const sections = state.sections.slice();
      const [moved] = sections.splice(action.from, 1);
      if (moved) sections.splice(action.to, 0, moved);
      return { ...state, sections };
    }
    case "toggleFormat": {
      const formats = new Set(state.formats);
      if (formats.has(action.format)) formats.delete(action.format);
      else formats.add(action.format);
      return { ...state, formats };
    }
    case "bundle":
      return { ...state, bundle: action.bundle };
  }
}

/** The export settings the form shows, on top of the saved ones (locale and the rest are kept). */
export function settingsOf(form: ExportForm, saved: ExportSettings): ExportSettings {
  return {
    ...saved,
    ...form.design,
    template: form.template,
    page_size: form.pageSize,
    hidden_sections: [...form.hidden].sort(),
    section_order: mergeOrder(form.sections, saved.section_order),
  };
}

/** True when the form's layout differs from the saved settings, so exporting saves it first. */
export function layoutChanged(form: ExportForm, saved: ExportSettings): boolean {
  const next = settingsOf(form, saved);
  return (
    JSON.stringify(designOf(saved)) !== JSON.stringify(form.design) ||
    saved.template !== next.template ||
    saved.page_size !== next.page_size ||
    [...saved.hidden_sections].sort().join() !== next.hidden_sections.join() ||
    saved.section_order.join() !== next.section_order.join()
  );
}

/** The formats to make, in the order an export lists them. */
export function chosenFormats(form: ExportForm): RenderedKind[] {
  return RENDERED_KINDS.filter((f) => form.formats.has(f));
}
