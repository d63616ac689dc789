/**
 * The retry delay formula.
 */
import { describe, expect, it } from "vitest";
import { retryDelayMs } from "../../src/tasks/backoff.js";

describe("retryDelayMs", () => {
  const policy = { baseDelayMs: 1_000, maxDelayMs: 10_000 };

  it("doubles per attempt up to the ceiling, jittered into [50%, 100%)", () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => retryDelayMs(a, policy, () => 0.999_999))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000, 10_000,
    ]);
    expect([1, 2, 3].map((a) => retryDelayMs(a, policy, () => 0))).toEqual([500, 1_000, 2_000]);
  });
});
