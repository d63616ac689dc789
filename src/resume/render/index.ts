/**
 * Export rendering: PDF, DOCX, JSON Resume and the ZIP bundle.
 *
 * Everything renders in-process from the section model and the export
 * settings; no browser is involved.
 */

import type { CoverLetter } from "../cover-letter/cover-letter.js";
import type { CoverLetterFormat, RenderedKind } from "../export-kinds.js";
import type { FontSet } from "../fonts/font-set.js";
import type { Resume } from "../model.js";
import type { ExportSettings } from "../settings.js";
import { renderCoverLetterDocx } from "./cover-letter/render-cover-letter-docx.js";
import { renderCoverLetterPdf } from "./cover-letter/render-cover-letter-pdf.js";
import { renderDocx } from "./render-docx.js";
import { renderHtml } from "./render-html.js";
import { renderJsonResume } from "./render-json-resume.js";
import { renderMarkdown } from "./render-markdown.js";
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
export { renderHtml, viewToHtml } from "./render-html.js";
export { renderJsonResume } from "./render-json-resume.js";
export { renderMarkdown, viewToMarkdown } from "./render-markdown.js";
export { type RenderPdfOptions, renderPdf } from "./render-pdf.js";
export { buildResumeView, type ResumeView } from "./resume-view.js";
export { PAGE_SIZES, TEMPLATES, type TemplateDefinition } from "./templates/index.js";

/**
 * Render one file of an export. PDF needs the process's font set; DOCX and JSON do not.
 * `photo` is the job's stored photo (a square JPEG from `preparePhoto`).
 *
 * @example const pdf = await renderFile("pdf", resume, settings, { fonts });
 */
export async function renderFile(
  kind: RenderedKind,
  resume: Resume,
  settings: ExportSettings,
  options: { fonts: () => FontSet; photo?: Buffer | undefined },
): Promise<Buffer> {
  switch (kind) {
    case "pdf":
      return renderPdf(resume, settings, { fonts: options.fonts(), photo: options.photo });
    case "docx":
      return renderDocx(resume, settings, { photo: options.photo });
    case "json":
      return renderJsonResume(resume);
    case "html":
      return renderHtml(resume, settings, { photo: options.photo });
    case "markdown":
      return renderMarkdown(resume, settings);
  }
}

/** Render a cover letter in the CV's design (the export settings' template, font and accent). */
export function renderCoverLetterFile(
  format: CoverLetterFormat,
  resume: Resume,
  letter: CoverLetter,
  settings: ExportSettings,
  options: { fonts: () => FontSet },
): Promise<Buffer> {
  return format === "pdf"
    ? renderCoverLetterPdf(resume, letter, settings, { fonts: options.fonts() })
    : renderCoverLetterDocx(resume, letter, settings);
}
