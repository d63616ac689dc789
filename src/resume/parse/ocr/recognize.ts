/**
 * One Tesseract run over one page image (PNG, JPEG or PGM bytes on standard
 * input), read back as hOCR.
 */
import { AppError } from "../../../errors.js";
import type { OcrCapability } from "./capability.js";
import { type OcrPage, parseHocr } from "./hocr.js";
import { runTool, ToolError, type ToolLimits } from "./run-tool.js";

export type RecognizeOptions = ToolLimits & {
  /** Tesseract language codes, tried together (`deu+eng`). */
  languages: string[];
  /** Known resolution (rendered PDF pages); unset lets Tesseract estimate it from the text. */
  dpi?: number;
  signal?: AbortSignal;
};

/** Recognises the text of one page image. */
export async function recognizePage(
  image: Uint8Array,
  tools: OcrCapability["tools"],
  options: RecognizeOptions,
): Promise<OcrPage> {
  if (!tools.tesseract)
    throw new AppError("ocr_unavailable", "Text recognition is not installed on this server.");
  const args = [
    "stdin",
    "stdout",
    "-l",
    options.languages.join("+"),
    // Fully automatic page segmentation without orientation detection: CVs are upright documents.
    "--psm",
    "3",
    ...(options.dpi ? ["--dpi", String(options.dpi)] : []),
    "hocr",
  ];
  let out: Buffer;
  try {
    out = await runTool(tools.tesseract, args, {
      ...options,
      input: image,
      prlimit: tools.prlimit,
      toolPath: tools.toolPath,
    });
  } catch (error) {
    throw tesseractError(error);
  }
  return parseHocr(out.toString("utf8"));
}

function tesseractError(error: unknown): unknown {
  if (!(error instanceof ToolError)) return error;
  switch (error.kind) {
    case "missing":
      return new AppError("ocr_unavailable", "Text recognition is not installed on this server.", {
        cause: error,
      });
    case "timeout":
      return new AppError("parse_timeout", "Reading the scanned page took too long.", { cause: error });
    case "killed":
    case "output_limit":
      return new AppError(
        "parse_resource_limit",
        "Reading the scanned page needed more memory than allowed.",
        {
          cause: error,
        },
      );
    case "aborted":
      return error;
    case "failed":
      return new AppError("image_corrupt", "This image cannot be read; save it again as PNG or JPEG.", {
        cause: error,
      });
  }
}
