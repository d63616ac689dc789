/** The DOCX export: the same view and design as the PDF, written as a Word document. */
import { cjkLanguageFor } from "../fonts/font-chain.js";
import { assertNoRightToLeft } from "../fonts/script-support.js";
import type { Resume } from "../model.js";
import { roundPhotoPng } from "../photo/prepare-photo.js";
import { type ExportSettings, exportSettingsSchema } from "../settings.js";
import { resolveDesign } from "./design.js";
import { buildDocx } from "./docx/render-docx.js";
import { buildResumeView, viewStrings } from "./resume-view.js";

const EAST_ASIA_FONTS = { zh: "Noto Sans CJK SC", ja: "Noto Sans CJK JP", ko: "Noto Sans CJK KR" } as const;

export type RenderDocxOptions = {
  /** The stored photo (a square JPEG from `preparePhoto`), for templates that place one. */
  photo?: Buffer | undefined;
};

/**
 * Render a resume as DOCX with the export settings' template, design, page size and section order.
 * Throws `render_rtl_unsupported`.
 */
export async function renderDocx(
  resume: Resume,
  settings: ExportSettings = exportSettingsSchema.parse({}),
  options: RenderDocxOptions = {},
): Promise<Buffer> {
  const view = buildResumeView(resume, settings);
  const texts = [...viewStrings(view, { titles: true })];
  assertNoRightToLeft(texts);
  const cjk = cjkLanguageFor(texts, view.language);
  const design = resolveDesign(settings);
  const photo =
    options.photo && design.photo !== "none"
      ? settings.photo_shape === "round"
        ? { data: roundPhotoPng(options.photo), type: "png" as const }
        : { data: options.photo, type: "jpg" as const }
      : undefined;
  return buildDocx(view, design, settings, {
    photo,
    eastAsiaFont: cjk ? EAST_ASIA_FONTS[cjk] : undefined,
  });
}
