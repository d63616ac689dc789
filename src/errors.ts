/**
 * One error model for the whole application.
 *
 * Every expected failure is an `AppError` with a code from the closed set
 * below. The HTTP layer maps codes to statuses through `HTTP_STATUS` (the only
 * such table); the task engine reads `retryable` to decide between retry and
 * permanent failure. Unexpected errors are anything else and become 500s.
 */

export const ERROR_CODES = {
  // Request shape and content
  validation_failed: { status: 400, title: "Invalid request", retryable: false },
  invalid_cursor: { status: 400, title: "Invalid cursor", retryable: false },
  unauthorized: { status: 401, title: "Authentication required", retryable: false },
  forbidden: { status: 403, title: "Forbidden", retryable: false },
  signature_invalid: { status: 403, title: "Invalid signature", retryable: false },
  cross_site_request: { status: 403, title: "Cross-site request refused", retryable: false },
  passcode_required: { status: 403, title: "Passcode missing or wrong", retryable: false },
  not_found: { status: 404, title: "Not found", retryable: false },
  original_unavailable: { status: 404, title: "Original file unavailable", retryable: false },
  conflict: { status: 409, title: "Conflict", retryable: false },
  sections_not_confirmed: { status: 409, title: "Sections not confirmed", retryable: false },
  review_flags_open: { status: 409, title: "Review items still open", retryable: false },
  edit_conflict: { status: 409, title: "Edited elsewhere", retryable: false },
  job_not_parsed: { status: 409, title: "Job has no parsed sections yet", retryable: false },
  task_not_cancelable: { status: 409, title: "Task cannot be canceled", retryable: false },
  proposal_stale: { status: 409, title: "Proposal no longer applies", retryable: false },
  idempotency_conflict: { status: 409, title: "Idempotency key in use", retryable: false },
  link_expired: { status: 410, title: "Link expired", retryable: false },
  link_revoked: { status: 410, title: "Link revoked", retryable: false },
  precondition_failed: { status: 412, title: "Precondition failed", retryable: false },
  precondition_required: { status: 428, title: "Precondition required", retryable: false },
  payload_too_large: { status: 413, title: "Payload too large", retryable: false },
  resume_too_large: { status: 413, title: "Resume exceeds its size caps", retryable: false },
  unsupported_media_type: { status: 415, title: "Unsupported file type", retryable: false },
  format_needs_conversion: { status: 415, title: "Save the file in another format", retryable: false },
  idempotency_key_reused: { status: 422, title: "Idempotency key reused", retryable: false },
  rate_limited: { status: 429, title: "Too many requests", retryable: true },
  too_many_streams: { status: 429, title: "Too many open event streams", retryable: true },
  quota_exceeded: { status: 403, title: "Quota exceeded", retryable: false },

  // Document parsing (permanent: the input is at fault)
  file_empty: { status: 422, title: "The file is empty", retryable: false },
  file_type_mismatch: { status: 415, title: "File content does not match its type", retryable: false },
  pdf_no_text: { status: 422, title: "This PDF has no text", retryable: false },
  pdf_encrypted: { status: 422, title: "This PDF is encrypted", retryable: false },
  pdf_corrupt: { status: 422, title: "This PDF cannot be read", retryable: false },
  docx_corrupt: { status: 422, title: "This DOCX cannot be read", retryable: false },
  archive_limits_exceeded: { status: 422, title: "Archive exceeds safety limits", retryable: false },
  archive_corrupt: { status: 422, title: "This archive cannot be read", retryable: false },
  image_corrupt: { status: 422, title: "This image cannot be read", retryable: false },
  ocr_no_text: { status: 422, title: "No text was recognised", retryable: false },
  json_resume_invalid: { status: 422, title: "Invalid JSON Resume", retryable: false },
  text_too_large: { status: 413, title: "Text too large", retryable: false },
  parse_timeout: { status: 422, title: "Parsing took too long", retryable: false },
  parse_resource_limit: { status: 422, title: "Parsing exceeded its memory limit", retryable: false },
  parse_output_too_large: { status: 422, title: "Parsed output too large", retryable: false },
  content_unstorable: { status: 422, title: "Content cannot be stored", retryable: false },

  // Rendering and optimization
  render_missing_glyphs: { status: 422, title: "Characters cannot be rendered", retryable: false },
  render_roundtrip_failed: { status: 500, title: "Rendered document failed verification", retryable: false },
  template_unknown: { status: 400, title: "Unknown template", retryable: false },
  render_rtl_unsupported: { status: 422, title: "Right-to-left text is not supported yet", retryable: false },
  photo_invalid: { status: 422, title: "The photo cannot be read", retryable: false },
  llm_unavailable: { status: 503, title: "Language model unavailable", retryable: true },
  llm_invalid_output: { status: 502, title: "Language model returned invalid output", retryable: true },
  llm_budget_exceeded: { status: 429, title: "Language model budget used up", retryable: false },

  // Tasks
  task_timeout: { status: 504, title: "Task timed out", retryable: true },
  task_canceled: { status: 409, title: "Task canceled", retryable: false },
  lease_lost: { status: 409, title: "Task lease lost", retryable: false },
  handler_unknown: { status: 500, title: "No handler for task type", retryable: false },
  worker_shutting_down: { status: 503, title: "Worker shutting down", retryable: true },
  task_result_invalid: { status: 500, title: "Task result cannot be stored", retryable: false },

  // Infrastructure (transient)
  database_unavailable: { status: 503, title: "Database unavailable", retryable: true },
  storage_unavailable: { status: 503, title: "Blob storage unavailable", retryable: true },
  // A capability this installation lacks (Tesseract/poppler): retrying will not install it.
  ocr_unavailable: { status: 503, title: "Text recognition unavailable", retryable: false },
  internal: { status: 500, title: "Internal error", retryable: false },
} as const satisfies Record<string, { status: number; title: string; retryable: boolean }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export type AppErrorOptions = {
  cause?: unknown;
  /** Machine-readable details safe to show to the client (e.g. failing fields). */
  details?: Record<string, unknown>;
  /** Overrides the code's default. */
  retryable?: boolean;
};

/** An expected failure with a stable code. `message` is safe to show to the user. */
export class AppError extends Error {
  override name = "AppError";
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  get title(): string {
    return ERROR_CODES[this.code].title;
  }
}

/**
 * The 404 every owner-scoped lookup answers, the same for a missing object and another owner's.
 *
 * @example if (!job) throw notFound("job"); // "Job not found."
 */
export function notFound(what: string): AppError {
  return new AppError("not_found", `${what.charAt(0).toUpperCase()}${what.slice(1)} not found.`);
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

/** The HTTP status for a code: the single code-to-status table. */
export function httpStatusOf(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}

/** PostgreSQL SQLSTATEs we branch on, named. Never match on message text. */
export const SQLSTATE = {
  uniqueViolation: "23505",
  foreignKeyViolation: "23503",
  checkViolation: "23514",
  notNullViolation: "23502",
  stringDataRightTruncation: "22001",
  numericValueOutOfRange: "22003",
  invalidDatetimeFormat: "22007",
  datetimeFieldOverflow: "22008",
  characterNotInRepertoire: "22021",
  invalidTextRepresentation: "22P02",
  untranslatableCharacter: "22P05",
  serializationFailure: "40001",
  deadlockDetected: "40P01",
  adminShutdown: "57P01",
  crashShutdown: "57P02",
  cannotConnectNow: "57P03",
  connectionException: "08000",
  connectionDoesNotExist: "08003",
  connectionFailure: "08006",
  insufficientPrivilege: "42501",
  lockNotAvailable: "55P03",
  queryCanceled: "57014",
  /** Class 22, data exception: the value itself is at fault (e.g. 22P05 \u0000 in jsonb), never transient. */
  dataExceptionClass: "22",
} as const;

const CONNECTION_SQLSTATES = new Set<string>([
  SQLSTATE.adminShutdown,
  SQLSTATE.crashShutdown,
  SQLSTATE.cannotConnectNow,
  SQLSTATE.connectionException,
  SQLSTATE.connectionDoesNotExist,
  SQLSTATE.connectionFailure,
]);

const CONNECTION_ERRNOS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** True when the error means the database connection is gone or refused (retry later). */
export function isConnectionError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_SQLSTATES.has(code) || CONNECTION_ERRNOS.has(code)))
      return true;
    const message = (e as { message?: unknown }).message;
    if (
      typeof message === "string" &&
      (message === "Connection terminated unexpectedly" ||
        message === "Connection terminated" ||
        message.startsWith("Client has encountered a connection error") ||
        message === "timeout exceeded when trying to connect")
    ) {
      // node-postgres raises these as plain Errors without a code.
      return true;
    }
  }
  return false;
}
