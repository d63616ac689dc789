/**
 * JSON Resume import: validated against the official schema (v1.0.0, copied
 * into the project), then mapped onto our model.
 */
import { createRequire } from "node:module";
import type { ValidateFunction } from "ajv";
import { AppError } from "../../errors.js";
import { fromJsonResume } from "../json-resume.js";
import type { ParseLimits } from "./limits.js";
import type { ParsedDocument } from "./parse-result.js";
import { decodeText } from "./sniff.js";

const require = createRequire(import.meta.url);
let validator: ValidateFunction | undefined;

/** Compiled once per thread: compiling the schema costs more than validating a resume. */
function validate(): ValidateFunction {
  if (validator) return validator;
  // ajv and ajv-formats are CommonJS; loading them through require keeps their types simple.
  const Ajv = require("ajv").default as typeof import("ajv").default;
  const addFormats = require("ajv-formats").default as typeof import("ajv-formats").default;
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
  addFormats(ajv);
  validator = ajv.compile(require("./json-resume.schema.json"));
  return validator;
}

export async function parseJsonResume(
  bytes: Uint8Array,
  limits: ParseLimits,
  options: { now: Date },
): Promise<ParsedDocument> {
  const text = decodeText(bytes);
  if (text === undefined) throw new AppError("json_resume_invalid", "The file is not UTF-8 JSON.");
  if (text.length > limits.maxTextChars) {
    throw new AppError("text_too_large", `The JSON is longer than ${limits.maxTextChars} characters.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError("json_resume_invalid", "The file is not valid JSON.", { cause: error });
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new AppError("json_resume_invalid", "A JSON Resume is a JSON object.");
  }
  const check = validate();
  if (!check(json)) {
    const errors = (check.errors ?? [])
      .slice(0, 20)
      .map((e) => ({ path: e.instancePath || "/", message: e.message ?? "" }));
    throw new AppError("json_resume_invalid", "The file does not follow the JSON Resume schema.", {
      details: { errors },
    });
  }
  const resume = fromJsonResume(json as Record<string, unknown>);
  resume.meta.source = { format: "json-resume", parsed_at: options.now.toISOString() };
  return { resume, format: "json-resume", warnings: [], stats: { characters: text.length } };
}
