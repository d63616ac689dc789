/** The DOCX export: the same view as the PDF, written as a Word document. */
import type { Resume } from "../model.js";
import { type ExportSettings, exportSettingsSchema } from "../settings.js";
import { buildDocx } from "./docx/render-docx.js";
import { buildResumeView } from "./resume-view.js";

/** Render a resume as DOCX with the export settings' template, page size, font and section order. */
export async function renderDocx(
  resume: Resume,
  settings: ExportSettings = exportSettingsSchema.parse({}),
): Promise<Buffer> {
  return buildDocx(buildResumeView(resume, settings), settings);
}
