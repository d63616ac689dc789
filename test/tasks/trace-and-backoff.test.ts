/**
 * Pure parts of the engine: W3C traceparent parsing and the retry delay formula.
 */
import { describe, expect, it } from "vitest";
import { retryDelayMs } from "../../src/tasks/backoff.js";
import { startTrace, traceIdFromTraceparent } from "../../src/tasks/trace.js";

describe("traceIdFromTraceparent", () => {
  it("keeps the 128-bit trace id of a valid header, as a UUID", () => {
    expect(traceIdFromTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).toBe(
      "4bf92f35-77b3-4da6-a3ce-929d0e0e4736",
    );
    // Future versions may append fields; upper case is normalized.
    expect(traceIdFromTraceparent("01-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01-extra")).toBe(
      "4bf92f35-77b3-4da6-a3ce-929d0e0e4736",
    );
  });

  it("rejects malformed, forbidden and all-zero headers", () => {
    for (const header of [
      undefined,
      "",
      "garbage",
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
      "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
    ]) {
      expect(traceIdFromTraceparent(header), String(header)).toBeUndefined();
    }
  });

  it("starts a fresh random trace without a usable header", () => {
    const a = startTrace(undefined);
    const b = startTrace("nonsense");
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(b).not.toBe(a);
  });
});

describe("retryDelayMs", () => {
  const policy = { baseDelayMs: 1_000, maxDelayMs: 10_000 };

  it("doubles per attempt up to the ceiling, jittered into [50%, 100%)", () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => retryDelayMs(a, policy, () => 0.999_999))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000, 10_000,
    ]);
    expect([1, 2, 3].map((a) => retryDelayMs(a, policy, () => 0))).toEqual([500, 1_000, 2_000]);
  });
});
