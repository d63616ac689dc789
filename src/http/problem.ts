/**
 * The one place that turns errors into HTTP responses.
 *
 * Every error leaving a route becomes `application/problem+json` (RFC 9457):
 * `{type, title, status, detail, code, errors?}`. `AppError`s map through the
 * code-to-status table in `src/errors.ts`; Fastify's own errors (validation,
 * body too large, wrong media type, rate limit) are translated to the matching
 * code; a lost database connection is `database_unavailable` (503, retry
 * later); anything else is a 500 whose detail never includes a stack trace.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { ERROR_CODES, type ErrorCode, isAppError, isConnectionError } from "../errors.js";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export type FieldError = { path: string; message: string };

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors?: FieldError[];
  /** Which limit was reached (quota name, limit, usage): only for the codes in `LIMIT_CODES`. */
  limit?: Record<string, unknown>;
  /** Extension members some codes carry (`EXTENSION_MEMBERS`): which fields, paths or characters. */
  [member: string]: unknown;
};

/**
 * RFC 9457 extension members, per code: the details the client needs to act (the open review
 * items, the conflicting paths, the characters the fonts lack). Only these keys leave the server.
 */
const EXTENSION_MEMBERS: Partial<Record<ErrorCode, readonly string[]>> = {
  review_flags_open: ["fields", "unplaced_lines", "empty_sections"],
  edit_conflict: ["conflicts"],
  render_missing_glyphs: ["characters", "fields"],
  format_needs_conversion: ["format", "advice"],
};

/** Codes whose details name a limit the client may show (never internal details of other errors). */
const LIMIT_CODES = new Set<ErrorCode>(["quota_exceeded", "too_many_streams", "payload_too_large"]);

/** Fastify error codes that have a stable meaning for the client. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: "payload_too_large",
  FST_REQ_FILE_TOO_LARGE: "payload_too_large",
  FST_FILES_LIMIT: "payload_too_large",
  FST_PARTS_LIMIT: "payload_too_large",
  FST_FIELDS_LIMIT: "payload_too_large",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported_media_type",
  FST_INVALID_MULTIPART_CONTENT_TYPE: "unsupported_media_type",
  FST_ERR_CTP_INVALID_JSON_BODY: "validation_failed",
  FST_ERR_CTP_EMPTY_JSON_BODY: "validation_failed",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "validation_failed",
  FST_ERR_VALIDATION: "validation_failed",
  FST_PROTO_VIOLATION: "validation_failed",
  FST_ERR_BAD_URL: "validation_failed",
};

function problemType(code: ErrorCode): string {
  return `https://resume-agent.dev/problems/${code.replaceAll("_", "-")}`;
}

/** Build the problem body for a code. */
export function problemOf(code: ErrorCode, detail: string, errors?: FieldError[]): Problem {
  const { status, title } = ERROR_CODES[code];
  return { type: problemType(code), title, status, detail, code, ...(errors?.length ? { errors } : {}) };
}

/** Translate any thrown value into a problem. Pure, so it is easy to test. */
export function toProblem(error: unknown): Problem {
  if (isAppError(error)) {
    const fields = error.details?.errors ?? error.details?.issues;
    const problem = problemOf(
      error.code,
      error.message,
      Array.isArray(fields) ? (fields as FieldError[]) : undefined,
    );
    if (LIMIT_CODES.has(error.code) && error.details) return { ...problem, limit: error.details };
    const members = EXTENSION_MEMBERS[error.code];
    if (members && error.details)
      for (const key of members) if (error.details[key] !== undefined) problem[key] = error.details[key];
    return problem;
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((v) => ({
      path: [error.validationContext, v.instancePath.replace(/^\//, "").replaceAll("/", ".")]
        .filter(Boolean)
        .join("."),
      message: v.message ?? "invalid",
    }));
    return problemOf("validation_failed", "the request does not match the expected shape", errors);
  }
  if (isConnectionError(error)) {
    return problemOf("database_unavailable", "the database is unavailable; retry shortly");
  }
  const fastifyError = error as Partial<FastifyError> | null;
  const mapped = fastifyError?.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return problemOf(mapped, fastifyError?.message ?? ERROR_CODES[mapped].title);
  const status = fastifyError?.statusCode;
  if (status === 429) return problemOf("rate_limited", "too many requests; slow down");
  if (status === 413) return problemOf("payload_too_large", "the request body is too large");
  if (status === 415) return problemOf("unsupported_media_type", "unsupported content type");
  if (status === 404) return problemOf("not_found", "not found");
  if (status !== undefined && status >= 400 && status < 500) {
    return problemOf("validation_failed", fastifyError?.message ?? "bad request");
  }
  return problemOf("internal", "an unexpected error occurred");
}

/** Send a problem response. */
export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  if (problem.code === "database_unavailable" || problem.code === "storage_unavailable") {
    reply.header("retry-after", "2");
  }
  return reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/** Install the error handler on an app (the not-found handler lives with the web UI fallback). */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const problem = toProblem(error);
    if (problem.code === "database_unavailable" || problem.code === "storage_unavailable") {
      // Expected during an outage; one line per request, no stack.
      request.log.warn({ code: problem.code, reason: (error as Error)?.message }, "dependency unavailable");
    } else if (problem.status >= 500) {
      request.log.error({ err: error, code: problem.code }, "request failed");
    } else {
      request.log.info({ code: problem.code }, "request rejected");
    }
    return sendProblem(reply, problem);
  });
}
