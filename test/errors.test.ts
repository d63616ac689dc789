import { describe, expect, it } from "vitest";
import { AppError, ERROR_CODES, httpStatusOf, isConnectionError, SQLSTATE } from "../src/errors.js";

describe("AppError", () => {
  it("carries its code, status and retryability", () => {
    const cause = new Error("low level");
    const error = new AppError("storage_unavailable", "blob store timed out", { cause });
    expect(error.status).toBe(503);
    expect(error.retryable).toBe(true);
    expect(error.cause).toBe(cause);
    expect(new AppError("pdf_no_text", "no text").retryable).toBe(false);
  });

  it("maps every code to a valid HTTP status", () => {
    for (const code of Object.keys(ERROR_CODES) as (keyof typeof ERROR_CODES)[]) {
      const status = httpStatusOf(code);
      expect(status >= 400 && status < 600, code).toBe(true);
    }
  });
});

describe("isConnectionError", () => {
  it("recognizes dropped and refused connections, also as a cause", () => {
    expect(isConnectionError({ code: SQLSTATE.adminShutdown })).toBe(true);
    expect(isConnectionError({ code: "ECONNREFUSED" })).toBe(true);
    expect(
      isConnectionError(new Error("wrapped", { cause: new Error("Connection terminated unexpectedly") })),
    ).toBe(true);
  });

  it("does not treat constraint violations as connection errors", () => {
    expect(isConnectionError({ code: SQLSTATE.uniqueViolation })).toBe(false);
    expect(isConnectionError(new Error("boom"))).toBe(false);
  });
});
