/**
 * Export rendering: PDF, DOCX, JSON Resume and the ZIP bundle.
 *
 * Everything renders in-process from the section model and the export
 * settings; no browser is involved.
 */

import type { RenderedKind } from "../export-kinds.js";
import type { FontSet } from "../fonts/font-set.js";
import type { Resume } from "../model.js";
import type { ExportSettings } from "../settings.js";
import { renderDocx } from "./render-docx.js";
import { renderJsonResume } from "./render-json-resume.js";
import { renderPdf } from "./render-pdf.js";

export { type FontSet, loadFontSet } from "../fonts/font-set.js";
export {
  type BundleFile,
  type BundleManifest,
  type BundleManifestInput,
  buildBundle,
  createBundleManifest,
  sha256Hex,
} from "./bundle.js";
export { extractPdfPlainText } from "./pdf/verify-text.js";
export { renderDocx } from "./render-docx.js";
export { renderJsonResume } from "./render-json-resume.js";
export { type RenderPdfOptions, renderPdf } from "./render-pdf.js";
export { buildResumeView, type ResumeView } from "./resume-view.js";
export { PAGE_SIZES, TEMPLATES, type TemplateDefinition } from "./templates.js";

/**
 * Render one file of an export. PDF needs the process's font set; DOCX and JSON do not.
 *
 * @example const pdf = await renderFile("pdf", resume, settings, { fonts });
 */
export async function renderFile(
  kind: RenderedKind,
  resume: Resume,
  settings: ExportSettings,
  options: { fonts: () => FontSet },
): Promise<Buffer> {
  switch (kind) {
    case "pdf":
      return renderPdf(resume, settings, { fonts: options.fonts() });
    case "docx":
      return renderDocx(resume, settings);
    case "json":
      return renderJsonResume(resume);
  }
}
