/**
 * Every string of the upload card that depends on the file chosen, by message
 * id, in English: the size limit (checked before the upload starts, from
 * `GET /limits`) and the advice for word processor formats the service does not
 * read (`format_needs_conversion`), with `{name}` placeholders filled by `format`.
 */

import type { ApiError } from "../api/problem.js";
import type { Limits } from "../api/types.js";
import { type MessageValues, translate } from "../i18n/translate.js";
import { formatBytes } from "./format.js";

export const UPLOAD_MESSAGES = {
  "upload.too_large":
    "{file} is {size}; the largest file accepted is {limit}. Save a smaller version (for example a PDF without images) and upload that.",
  "upload.too_large.server":
    "This file is larger than the limit of {limit}. Save a smaller version (for example a PDF without images) and upload that.",
  "upload.limit": "Up to {limit}.",
  "upload.title": "Upload a CV",
  "upload.intro":
    "PDF, Word (DOCX), plain text, Markdown or JSON Resume. We read it and show you every section to check.",
  "upload.drop": "Drag your file here, or",
  "upload.choose": "Choose a file",
  "upload.uploading": "Uploading {file}",
  "upload.cancel": "Cancel upload",
  "upload.canceled": "Upload of {file} canceled.",
  "upload.reading": "Reading {file}",
  "upload.failed": "{file} could not be used",
  "upload.dismiss": "Dismiss",
  "upload.convert.doc":
    "This is a legacy Word (.doc) file, which cannot be read. Open it in Word or LibreOffice, save it as .docx or PDF, and upload that.",
  "upload.convert.odt":
    "This is an OpenDocument (.odt) file, which cannot be read. In LibreOffice choose File › Save As › Word (.docx), or export a PDF, and upload that.",
  "upload.convert.pages":
    "This is an Apple Pages file, which cannot be read. In Pages choose File › Export To › Word (.docx) or PDF, and upload that.",
  "upload.convert.rtf":
    "This is an RTF file, which cannot be read. Open it in Word or LibreOffice, save it as .docx or PDF, and upload that.",
} as const;

export type UploadMessageId = keyof typeof UPLOAD_MESSAGES;

export function format(id: UploadMessageId, values: MessageValues = {}): string {
  return translate(id, UPLOAD_MESSAGES[id], values);
}

const CONVERT = ["doc", "odt", "pages", "rtf"] as const;
type ConvertFormat = (typeof CONVERT)[number];

function isConvertFormat(value: unknown): value is ConvertFormat {
  return typeof value === "string" && (CONVERT as readonly string[]).includes(value);
}

/** The advice for a format the service does not read, or null for any other. */
export function conversionAdvice(formatName: unknown): string | null {
  return isConvertFormat(formatName) ? format(`upload.convert.${formatName}`) : null;
}

/**
 * Why `file` is refused before a byte is sent, or null to upload it: larger than
 * the server's limit, or a word processor format the server would refuse anyway
 * (the name decides here; the server still decides by the bytes).
 */
export function refuseBeforeUpload(
  file: { name: string; size: number },
  limits: Limits | null,
): string | null {
  const ending = /\.([a-z]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  const advice = conversionAdvice(ending);
  if (advice) return advice;
  if (limits && file.size > limits.upload_max_bytes)
    return format("upload.too_large", {
      file: file.name,
      size: formatBytes(file.size),
      limit: formatBytes(limits.upload_max_bytes),
    });
  return null;
}

/** The sentence for an upload the server refused, when the problem says more than its code. */
export function uploadRefusal(error: ApiError, limits: Limits | null): string | null {
  if (error.code === "format_needs_conversion") return conversionAdvice(error.problem?.format);
  if (error.code === "payload_too_large") {
    const max = Number(error.problem?.limit?.max_bytes ?? limits?.upload_max_bytes);
    return Number.isFinite(max) && max > 0
      ? format("upload.too_large.server", { limit: formatBytes(max) })
      : null;
  }
  return null;
}
