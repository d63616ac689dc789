/**
 * Export rendering: PDF, DOCX, JSON Resume and the ZIP bundle.
 *
 * Everything renders in-process from the section model and the export
 * settings; no browser is involved.
 */

export { defaultFontSet, type FontSet, loadFontSet } from "../fonts/font-set.js";
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
export { PAGE_SIZES, TEMPLATES, type TemplateDefinition } from "./templates/index.js";

/** Content types and file extensions per export kind. */
export const EXPORT_FORMATS = {
  pdf: { contentType: "application/pdf", extension: "pdf" },
  docx: {
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extension: "docx",
  },
  json: { contentType: "application/json", extension: "json" },
  zip: { contentType: "application/zip", extension: "zip" },
} as const;
