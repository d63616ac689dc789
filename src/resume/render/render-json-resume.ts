/** The JSON export: plain JSON Resume (v1.0.0) of the current sections. */
import { toJsonResume } from "../json-resume.js";
import type { Resume } from "../model.js";

/** Pretty-printed JSON Resume bytes (UTF-8, trailing newline). */
export function renderJsonResume(resume: Resume): Buffer {
  return Buffer.from(`${JSON.stringify(toJsonResume(resume), null, 2)}\n`, "utf8");
}
