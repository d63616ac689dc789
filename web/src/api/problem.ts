/**
 * API errors as the UI sees them: every failed request becomes an `ApiError`
 * whose `message` is written for a person. problem+json bodies carry a stable
 * `code`; known codes get a sentence of our own, unknown ones fall back to the
 * server's `detail`/`title`, and nothing ever shows a stack trace. The
 * sentences come from `problem-messages.ts` in the person's language, chosen
 * when the message is shown, so a language switch reaches errors on screen too.
 */
import { isKnownProblem, problemMessage } from "./problem-messages.js";

/** The problem+json body the API returns on errors. */
export type Problem = {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: { path?: string; message?: string }[];
  /** `review_flags_open`: what is still open (flagged field paths, unplaced lines, empty sections). */
  fields?: string[];
  unplaced_lines?: number;
  empty_sections?: string[];
  /** `format_needs_conversion`: the format recognised (doc, odt, pages, rtf). */
  format?: string;
  /** `payload_too_large` and other limits: which limit (e.g. `max_bytes`). */
  limit?: Record<string, unknown>;
  /** `render_missing_glyphs`: the characters no font has. */
  characters?: { char: string; code_point: string }[];
};

/** A failed API call with a human message, a stable code and the HTTP status (0: no connection). */
export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    readonly problem: Problem | null = null,
  ) {
    super(message);
  }
}

/** The sentence to show for an error code, with the server's detail as the fallback. */
export function humanMessage(code: string | undefined, fallback?: string): string {
  if (code && isKnownProblem(code)) return problemMessage(code);
  const text = fallback?.trim();
  // Server text is shown only when it is short and single-line: never a trace.
  if (text && text.length <= 300 && !text.includes("\n    at ")) return text;
  return problemMessage("internal");
}

function statusCode(status: number): string {
  if (status === 404) return "not_found";
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 409) return "conflict";
  if (status === 412) return "precondition_failed";
  if (status === 413) return "payload_too_large";
  if (status === 415) return "unsupported_media_type";
  if (status === 429) return "rate_limited";
  if (status === 503) return "database_unavailable";
  return "internal";
}

/** Builds an `ApiError` from a status and a (possibly non-JSON) response body. */
export function toApiError(status: number, bodyText: string): ApiError {
  let problem: Problem | null = null;
  try {
    const parsed: unknown = JSON.parse(bodyText);
    if (parsed && typeof parsed === "object") problem = parsed as Problem;
  } catch {
    // A proxy's HTML error page, for instance: the status alone decides.
  }
  const code = typeof problem?.code === "string" ? problem.code : statusCode(status);
  return new ApiError(describeProblem(code, problem), code, status, problem);
}

/** The sentence for a problem in the current language, with the first invalid fields of a `validation_failed`. */
function describeProblem(code: string, problem: Problem | null): string {
  const message = humanMessage(code, problem?.detail ?? problem?.title);
  if (code !== "validation_failed" || !problem?.errors?.length) return message;
  const fields = problem.errors
    .slice(0, 3)
    .map((e) => [e.path, e.message].filter(Boolean).join(": "))
    .join("; ");
  return `${message} ${fields}`;
}

/** The error for a request that never got an answer. */
export function networkError(): ApiError {
  return new ApiError(problemMessage("network_error"), "network_error", 0);
}

/** Any thrown value as a message fit for the screen. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    // Read again from the code, so an error on screen follows a language switch.
    if (isKnownProblem(error.code)) return describeProblem(error.code, error.problem);
    return error.message;
  }
  return problemMessage("internal");
}
